/**
 * The rooms registry: one room per open tile document, the y-websocket peers connected to it, and the
 * group commit that makes every accepted update durable *before* anyone else sees it.
 *
 * Durability design:
 * - an incoming update is checked and applied to the room's document in memory, then queued;
 * - once per event-loop turn (`setImmediate`), every queued update of every room is appended to the
 *   log and projected (defects, verdicts… and the tile status) in **one** SQLite transaction — WAL
 *   with `synchronous = NORMAL`, so a committed update survives the process being killed;
 * - only after that commit are the updates relayed to the other peers, and the replies that could
 *   reveal them (sync step 2, acks) sent. A peer therefore never sees an update that a crash could
 *   lose, and a client that asked (`ack` messages) knows which of its changes are stored;
 * - if the commit fails, the rooms concerned close their connections (1011: clients reconnect and
 *   send their changes again) and reload from what is stored.
 *
 * HTTP code reaches live connections through this registry (`recheck`, `endSessions`,
 * `closeCampaign`, `change`): a revoked session, a removed member, an unassigned tile or a deleted
 * campaign takes effect on open websockets at once.
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import type * as Y from 'yjs';
import type { Db } from '../../src/lib/server/db/db.ts';
import type { Refusal, ReviewContext } from '../../src/lib/review/document.ts';
import { loadRoomRules, type RoomRules } from './context.ts';
import { Projector } from './projection.ts';
import {
	accessMessage,
	ackMessage,
	awarenessMessage,
	CLOSE,
	decodeAwareness,
	decodeMessage,
	encodeAwareness,
	syncStep1,
	syncStep2,
	syncUpdate,
	type AwarenessEntry
} from '../../src/lib/collab/protocol.ts';
import { ReviewStore } from './store.ts';
import { TileDocument, type AppliedChanges, type EntryRoot } from './tile-document.ts';

/** Bounds on what one peer or one room may cost the server. */
export const LIMITS = {
	/** One incremental update (close 4413 above). */
	update: 256 * 1024,
	/** The catch-up a peer sends after working offline (sync step 2). */
	catchUp: 2 * 1024 * 1024,
	/** One awareness message (presence, cursor). */
	awareness: 16 * 1024,
	/** A tile document's stored size (snapshot + log). */
	document: 16 * 1024 * 1024,
	/** Frames above this are refused by the websocket layer itself (close 1009). */
	frame: 4 * 1024 * 1024,
	connectionsPerUser: 32,
	connectionsPerRoom: 200,
	/** Bytes waiting to be sent to one peer before it counts as too slow (close 1013). */
	buffered: 8 * 1024 * 1024,
	/** Sustained messages per second per connection, and the burst allowed above it. */
	messagesPerSecond: 60,
	burst: 600,
	/** A room with no peer is kept this long (quick returns cost nothing), then folded and closed. */
	idleRoomMs: 15_000,
	/** Updates in the log of an open room before it is folded into a snapshot. */
	compactAfter: 500,
	/** A claim lapses after this long without activity from its holder. */
	claimIdleMs: 15 * 60_000
};

/** Who is on the other end, as the websocket door established it. */
export interface Peer {
	userId: number;
	name: string;
	email: string;
	organisation: string | null;
	sessionId: string;
	mayWrite: boolean;
	isManager: boolean;
}

export interface RoomScope {
	campaignId: number;
	tileId: number;
}

/** Access re-checks for live connections (implemented over the sessions table and `authorize`). */
export interface CollabAccess {
	/** What the peer may do now in this room; null when its session has ended. */
	recheck(peer: Peer, scope: RoomScope): { read: boolean; write: boolean; isManager: boolean } | null;
}

/** Someone in a room, as the overview shows them. */
export interface PresenceEntry {
	userId: number;
	name: string;
	organisation: string | null;
	color: string;
	/** Holds a claim on the tile (released on leave, or after LIMITS.claimIdleMs without activity). */
	claim: boolean;
}

export interface StatusEvent {
	campaignId: number;
	tileId: number;
	status: string;
}

interface Entry {
	room: Room;
	conn: Connection | null;
	userId: number | null;
	update: Uint8Array;
	changes: AppliedChanges | null;
	at: number;
	restored: boolean;
}

const PALETTE = ['#d7263d', '#1b998b', '#2e86ab', '#f46036', '#7b2cbf', '#c5a300', '#0f8b3c', '#e0529c', '#3f51b5', '#8d6e63'];
/** A peer's colour follows their user id, so it is the same on every screen and every tile. */
export const peerColor = (userId: number) => PALETTE[userId % PALETTE.length];

class Connection {
	mayWrite: boolean;
	isManager: boolean;
	/** Set once the peer asked for an ack: it speaks Recette's extensions (ack, access). */
	extended = false;
	readonly awarenessClients = new Set<number>();
	lastActivity = Date.now();
	private tokens = LIMITS.burst;
	private refilled = Date.now();
	private context: ReviewContext | null = null;
	private contextFor: RoomRules | null = null;
	closed = false;

	constructor(
		readonly ws: WebSocket,
		readonly peer: Peer,
		readonly room: Room
	) {
		this.mayWrite = peer.mayWrite;
		this.isManager = peer.isManager;
	}

	/** Rules for checking this peer's changes (null: read-only). */
	writer(): ReviewContext | null {
		if (!this.mayWrite) return null;
		if (this.contextFor !== this.room.rules || !this.context || this.context.isManager !== this.isManager) {
			this.context = { ...this.room.rules, userId: this.peer.userId, isManager: this.isManager };
			this.contextFor = this.room.rules;
		}
		return this.context;
	}

	/** Token bucket: false when the peer sends faster than allowed. */
	spend(): boolean {
		const now = Date.now();
		this.tokens = Math.min(LIMITS.burst, this.tokens + ((now - this.refilled) / 1000) * LIMITS.messagesPerSecond);
		this.refilled = now;
		if (this.tokens < 1) return false;
		this.tokens -= 1;
		return true;
	}

	send(data: Uint8Array): void {
		if (this.closed || this.ws.readyState !== WebSocket.OPEN) return;
		// A peer that does not read would make us buffer without bound: let it go, it will resync.
		if (this.ws.bufferedAmount > LIMITS.buffered) {
			this.close(CLOSE.tooSlow, 'too slow');
			return;
		}
		this.ws.send(data);
	}

	close(code: number, reason: string): void {
		if (this.closed) return;
		this.closed = true;
		try {
			this.ws.close(code, reason.slice(0, 120));
		} catch {
			this.ws.terminate();
		}
		// A peer that never answers the closing handshake does not keep its socket.
		setTimeout(() => this.ws.terminate(), 5000).unref();
	}
}

class Room {
	doc: TileDocument;
	readonly conns = new Set<Connection>();
	/** Awareness states by Yjs client id, with the connection that speaks for each. */
	readonly awareness = new Map<number, { clock: number; state: Record<string, unknown> | null; conn: Connection }>();
	/** Updates applied in memory but not yet committed (to rebuild the document after a refusal). */
	pending: Uint8Array[] = [];
	lastId: number;
	sinceSnapshot: number;
	bytes: number;
	status: string | null = null;
	idleTimer: NodeJS.Timeout | null = null;

	constructor(
		readonly scope: RoomScope,
		public rules: RoomRules,
		updates: Uint8Array[],
		stored: { lastId: number; sinceSnapshot: number; bytes: number }
	) {
		this.doc = new TileDocument(updates);
		this.lastId = stored.lastId;
		this.sinceSnapshot = stored.sinceSnapshot;
		this.bytes = stored.bytes;
	}

	get key(): number {
		return this.scope.tileId;
	}
}

export class Rooms extends EventEmitter<{ status: [StatusEvent]; presence: [{ campaignId: number }] }> {
	private readonly rooms = new Map<number, Room>();
	private readonly byUser = new Map<number, Set<Connection>>();
	private readonly wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.frame, perMessageDeflate: false, clientTracking: false });
	private readonly store: ReviewStore;
	private readonly projector: Projector;
	private batch: Entry[] = [];
	private after: (() => void)[] = [];
	private commitWaiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
	/** SQL to run inside the next group commit, after the queued updates are projected (see changeTogether). */
	private inCommit: (() => void)[] = [];
	private flushScheduled = false;
	private closing = false;

	constructor(
		private readonly db: Db,
		private readonly access: CollabAccess,
		private readonly log: Pick<Console, 'warn' | 'error'> = console
	) {
		super();
		this.store = new ReviewStore(db);
		this.projector = new Projector(db);
	}

	/** May one more connection open (before the websocket handshake is accepted)? */
	admits(userId: number, tileId: number): boolean {
		if (this.closing) return false;
		if ((this.byUser.get(userId)?.size ?? 0) >= LIMITS.connectionsPerUser) return false;
		return (this.rooms.get(tileId)?.conns.size ?? 0) < LIMITS.connectionsPerRoom;
	}

	/** Complete an authorised websocket handshake and join the peer to its tile's room. */
	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, peer: Peer, scope: RoomScope): void {
		this.wss.handleUpgrade(req, socket, head, (ws) => this.join(ws, peer, scope));
	}

	private open(scope: RoomScope): Room | null {
		const existing = this.rooms.get(scope.tileId);
		if (existing) return existing.scope.campaignId === scope.campaignId ? existing : null;
		const stored = this.store.load(scope.tileId);
		const rules = stored && stored.campaignId === scope.campaignId ? loadRoomRules(this.db, scope.campaignId, scope.tileId) : null;
		if (!stored || !rules) return null;
		const room = new Room(scope, rules, stored.updates, stored);
		room.status = stored.status;
		const init = room.doc.initialize();
		if (init) {
			// A new document: its schema version is stored before any peer receives it.
			room.lastId = this.store.append(scope.tileId, scope.campaignId, null, Date.now(), init);
			room.sinceSnapshot++;
			room.bytes += init.length;
		}
		this.rooms.set(scope.tileId, room);
		return room;
	}

	private join(ws: WebSocket, peer: Peer, scope: RoomScope): void {
		let room: Room | null;
		try {
			room = this.open(scope);
		} catch (e) {
			this.log.error(`[collab] cannot open tile ${scope.tileId}:`, e);
			ws.close(CLOSE.storageFailed, 'cannot open the document');
			return;
		}
		if (!room) {
			ws.close(CLOSE.gone, 'this tile no longer exists');
			return;
		}
		if (room.idleTimer) {
			clearTimeout(room.idleTimer);
			room.idleTimer = null;
		}
		const conn = new Connection(ws, peer, room);
		room.conns.add(conn);
		let mine = this.byUser.get(peer.userId);
		if (!mine) this.byUser.set(peer.userId, (mine = new Set()));
		mine.add(conn);
		ws.on('error', () => conn.close(CLOSE.storageFailed, 'socket error'));
		ws.on('close', () => this.leave(conn));
		ws.on('message', (data: RawData, isBinary: boolean) => {
			try {
				this.onMessage(conn, data, isBinary);
			} catch (e) {
				// Never let one peer's message take the server down.
				this.log.error(`[collab] tile ${room.key}: message from user ${peer.userId} failed:`, e);
				conn.close(CLOSE.storageFailed, 'internal error');
			}
		});
		// Our state vector, and who else is here (after the current commit, like everything we send).
		this.later(() => {
			conn.send(syncStep1(room.doc.stateVector()));
			const states = [...room.awareness.entries()].map(([clientId, a]) => ({ clientId, clock: a.clock, state: a.state }));
			if (states.length) conn.send(awarenessMessage(encodeAwareness(states)));
		});
		this.emit('presence', { campaignId: scope.campaignId });
	}

	private onMessage(conn: Connection, raw: RawData, isBinary: boolean): void {
		if (conn.closed) return;
		if (!conn.spend()) return conn.close(CLOSE.tooFast, 'too many messages');
		if (!isBinary) return conn.close(CLOSE.invalid, 'binary frames only');
		const data = Array.isArray(raw) ? Buffer.concat(raw) : raw instanceof ArrayBuffer ? new Uint8Array(raw) : raw;
		const msg = decodeMessage(data);
		if (!msg) return this.refuse(conn, { kind: 'invalid', reason: 'malformed message' }, false);
		const room = conn.room;
		switch (msg.type) {
			case 'sync-step1':
				conn.lastActivity = Date.now();
				this.later(() => conn.send(syncStep2(room.doc.diff(msg.stateVector))));
				return;
			case 'sync-step2':
			case 'sync-update': {
				const limit = msg.type === 'sync-update' ? LIMITS.update : LIMITS.catchUp;
				if (msg.update.length > limit) return this.refuse(conn, { kind: 'invalid', reason: `update of ${msg.update.length} bytes (limit ${limit})` }, false, CLOSE.tooLarge);
				if (room.bytes + msg.update.length > LIMITS.document) return this.refuse(conn, { kind: 'invalid', reason: 'document size limit reached' }, false, CLOSE.tooLarge);
				const result = room.doc.apply(msg.update, conn.writer(), conn);
				if (!result.ok) return this.refuse(conn, result.refusal, result.dirty);
				if (!result.changes) return;
				conn.lastActivity = Date.now();
				room.pending.push(msg.update);
				this.batch.push({ room, conn, userId: conn.peer.userId, update: msg.update, changes: result.changes, at: Date.now(), restored: false });
				this.schedule();
				return;
			}
			case 'awareness':
				if (msg.update.length > LIMITS.awareness) return this.refuse(conn, { kind: 'invalid', reason: 'awareness message too large' }, false, CLOSE.tooLarge);
				return this.onAwareness(conn, msg.update);
			case 'query-awareness': {
				const states = [...room.awareness.entries()].map(([clientId, a]) => ({ clientId, clock: a.clock, state: a.state }));
				this.later(() => conn.send(awarenessMessage(encodeAwareness(states))));
				return;
			}
			case 'ack-request':
				conn.extended = true;
				this.later(() => conn.send(ackMessage(msg.n)));
				return;
			case 'ignored':
				return;
		}
	}

	/** Refuse a peer's message: close its connection, and rebuild the document if the update touched it. */
	private refuse(conn: Connection, refusal: Refusal, dirty: boolean, code?: number): void {
		const room = conn.room;
		this.log.warn(`[collab] campaign ${room.scope.campaignId} tile ${room.key}: refused a message from user ${conn.peer.userId} (${refusal.kind}): ${refusal.reason}`);
		if (dirty) this.rebuild(room);
		conn.close(code ?? (refusal.kind === 'forbidden' ? CLOSE.forbidden : CLOSE.invalid), refusal.reason);
	}

	/** Rebuild a room's document from what is stored plus what is waiting to be stored. */
	private rebuild(room: Room): void {
		const stored = this.store.load(room.key);
		room.doc.destroy();
		if (!stored) {
			for (const c of room.conns) c.close(CLOSE.gone, 'this tile no longer exists');
			room.doc = new TileDocument([]);
			return;
		}
		room.doc = new TileDocument([...stored.updates, ...room.pending]);
	}

	private onAwareness(conn: Connection, update: Uint8Array): void {
		const entries = decodeAwareness(update);
		if (!entries) return this.refuse(conn, { kind: 'invalid', reason: 'malformed awareness update' }, false);
		const room = conn.room;
		const out: AwarenessEntry[] = [];
		let claimsChanged = false;
		const identity = { id: conn.peer.userId, name: conn.peer.name || conn.peer.email, organisation: conn.peer.organisation, color: peerColor(conn.peer.userId) };
		for (const e of entries) {
			const known = room.awareness.get(e.clientId);
			if (known && known.conn !== conn) continue; // one peer cannot speak for another's client
			if (!known && (e.state === null || conn.awarenessClients.size >= 4)) continue;
			if (known && (e.clock < known.clock || (e.clock === known.clock && e.state !== null))) continue;
			// Who someone is comes from their session, never from what their client says.
			const state: Record<string, unknown> | null = e.state === null ? null : { ...e.state, user: identity };
			if ((known?.state?.claim === true) !== (state?.claim === true)) claimsChanged = true;
			if (state === null) {
				room.awareness.delete(e.clientId);
				conn.awarenessClients.delete(e.clientId);
			} else {
				room.awareness.set(e.clientId, { clock: e.clock, state, conn });
				conn.awarenessClients.add(e.clientId);
			}
			out.push({ clientId: e.clientId, clock: e.clock, state });
		}
		if (!out.length) return;
		conn.lastActivity = Date.now();
		const msg = awarenessMessage(encodeAwareness(out));
		// Everyone, the sender included (a lone y-websocket client counts it as a sign of life).
		for (const c of room.conns) c.send(msg);
		// Cursors move many times a second: the overview only hears about claims.
		if (claimsChanged) this.emit('presence', { campaignId: room.scope.campaignId });
	}

	private leave(conn: Connection): void {
		conn.closed = true;
		const room = conn.room;
		if (!room.conns.delete(conn)) return;
		this.byUser.get(conn.peer.userId)?.delete(conn);
		if (!this.byUser.get(conn.peer.userId)?.size) this.byUser.delete(conn.peer.userId);
		const gone: AwarenessEntry[] = [];
		for (const clientId of conn.awarenessClients) {
			const a = room.awareness.get(clientId);
			if (!a) continue;
			room.awareness.delete(clientId);
			gone.push({ clientId, clock: a.clock + 1, state: null });
		}
		if (gone.length) {
			const msg = awarenessMessage(encodeAwareness(gone));
			for (const c of room.conns) c.send(msg);
		}
		this.emit('presence', { campaignId: room.scope.campaignId });
		if (room.conns.size === 0 && !room.idleTimer && !this.closing) {
			room.idleTimer = setTimeout(() => this.unload(room), LIMITS.idleRoomMs);
			room.idleTimer.unref();
		}
	}

	/** Fold an idle room's log into a snapshot and free its memory. */
	private unload(room: Room): void {
		room.idleTimer = null;
		if (room.conns.size > 0 || this.rooms.get(room.key) !== room) return;
		if (room.pending.length > 0) {
			room.idleTimer = setTimeout(() => this.unload(room), 1000);
			room.idleTimer.unref();
			return;
		}
		try {
			if (room.sinceSnapshot > 1) this.store.compact(room.key, room.scope.campaignId, room.lastId, room.doc.diff());
		} catch (e) {
			this.log.error(`[collab] tile ${room.key}: could not fold the log:`, e);
		}
		room.doc.destroy();
		this.rooms.delete(room.key);
	}

	/** Run `fn` after the current turn's commit (everything a peer is sent goes through here). */
	private later(fn: () => void): void {
		this.after.push(fn);
		this.schedule();
	}

	private schedule(): void {
		if (this.flushScheduled) return;
		this.flushScheduled = true;
		setImmediate(() => this.flush());
	}

	/** The group commit: store and project every queued update in one transaction, then relay. */
	private flush(): void {
		this.flushScheduled = false;
		const batch = this.batch;
		const after = this.after;
		const waiters = this.commitWaiters;
		const jobs = this.inCommit;
		this.batch = [];
		this.after = [];
		this.commitWaiters = [];
		this.inCommit = [];
		const touched = new Set<Room>();
		for (const e of batch) touched.add(e.room);
		const statusChanges: StatusEvent[] = [];
		if (batch.length || jobs.length) {
			const ids: number[] = [];
			try {
				this.store.sqlite.transaction(() => {
					for (const e of batch) {
						const { tileId, campaignId } = e.room.scope;
						ids.push(this.store.append(tileId, campaignId, e.userId, e.at, e.update));
						if (!e.changes) continue;
						const tile = e.room.scope;
						for (const c of e.changes.entries) {
							this.projector.entry(tile, c.root, c.key, c.after);
							this.projector.history(tile, e.userId, e.at, c, e.restored);
						}
						if (e.changes.thread) {
							this.projector.thread(tile, e.changes.thread);
							this.projector.messageHistory(tile, e.userId, e.at, e.changes.threadAdded, e.changes.threadRemoved);
						}
					}
					for (const job of jobs) job();
					for (const room of touched) {
						const status = this.projector.status(room.key, room.rules.requiredVerdicts);
						if (status !== room.status) {
							if (room.status !== null || status !== 'not_started') statusChanges.push({ ...room.scope, status });
							room.status = status;
						}
					}
				})();
			} catch (e) {
				this.log.error('[collab] could not store updates; the rooms concerned reload and their peers resend:', e);
				for (const room of touched) this.fail(room);
				for (const w of waiters) w.reject(e);
				for (const fn of after) fn();
				return;
			}
			batch.forEach((e, i) => {
				const room = e.room;
				room.lastId = ids[i];
				room.sinceSnapshot++;
				room.bytes += e.update.length;
				const msg = syncUpdate(e.update);
				for (const c of room.conns) if (c !== e.conn) c.send(msg);
			});
			for (const room of touched) room.pending = [];
		}
		for (const w of waiters) w.resolve();
		for (const fn of after) fn();
		for (const s of statusChanges) this.emit('status', s);
		for (const room of touched) {
			if (room.sinceSnapshot >= LIMITS.compactAfter) this.compactSoon(room);
		}
	}

	/** Fold a busy room's log in the background (never inside a peer's round trip). */
	private compactSoon(room: Room): void {
		setTimeout(() => {
			if (this.rooms.get(room.key) !== room || room.pending.length > 0 || room.sinceSnapshot < LIMITS.compactAfter) return;
			try {
				this.store.compact(room.key, room.scope.campaignId, room.lastId, room.doc.diff());
				room.sinceSnapshot = 0;
				room.bytes = this.store.load(room.key)?.bytes ?? room.bytes;
			} catch (e) {
				this.log.error(`[collab] tile ${room.key}: could not fold the log:`, e);
			}
		}, 50).unref();
	}

	/** A room whose updates could not be stored: drop it, its peers reconnect and resend. */
	private fail(room: Room): void {
		for (const c of room.conns) c.close(CLOSE.storageFailed, 'the server could not store the change');
		room.doc.destroy();
		room.pending = [];
		if (room.idleTimer) clearTimeout(room.idleTimer);
		this.rooms.delete(room.key);
	}

	// ─── What HTTP code calls ─────────────────────────────────────────────────────────────────────

	private *connections(filter: { campaignId?: number; tileId?: number; userId?: number; sessionId?: string }): Generator<Connection> {
		const source = filter.userId !== undefined ? (this.byUser.get(filter.userId) ?? []) : [...this.rooms.values()].flatMap((r) => [...r.conns]);
		for (const c of [...source]) {
			if (filter.campaignId !== undefined && c.room.scope.campaignId !== filter.campaignId) continue;
			if (filter.tileId !== undefined && c.room.key !== filter.tileId) continue;
			if (filter.sessionId !== undefined && c.peer.sessionId !== filter.sessionId) continue;
			yield c;
		}
	}

	/**
	 * Check the live connections matching `filter` again (a role changed, a member was removed, a
	 * tile was (un)assigned or validated, a session was revoked): close those that lost access,
	 * downgrade those that may no longer write, upgrade those that now may.
	 */
	recheck(filter: { campaignId?: number; tileId?: number; userId?: number; sessionId?: string } = {}): void {
		for (const c of this.connections(filter)) {
			if (c.closed) continue;
			const now = this.access.recheck(c.peer, c.room.scope);
			if (!now) c.close(CLOSE.sessionEnded, 'session ended');
			else if (!now.read) c.close(CLOSE.forbidden, 'access withdrawn');
			else {
				c.isManager = now.isManager;
				if (now.write !== c.mayWrite) {
					c.mayWrite = now.write;
					if (c.extended) c.send(accessMessage(now.write));
				}
			}
		}
	}

	/** Close every connection opened with these sessions (sign-out, revocation, disabled account). */
	endSessions(sessionIds: readonly string[]): void {
		const ids = new Set(sessionIds);
		for (const room of this.rooms.values()) for (const c of room.conns) if (ids.has(c.peer.sessionId)) c.close(CLOSE.sessionEnded, 'session ended');
	}

	/** A deleted campaign: close its rooms without storing anything more. */
	closeCampaign(campaignId: number): void {
		for (const room of [...this.rooms.values()]) {
			if (room.scope.campaignId !== campaignId) continue;
			for (const c of room.conns) c.close(CLOSE.gone, 'this campaign was deleted');
			if (room.idleTimer) clearTimeout(room.idleTimer);
			room.doc.destroy();
			this.rooms.delete(room.key);
		}
		this.batch = this.batch.filter((e) => e.room.scope.campaignId !== campaignId);
	}

	/** The catalogue or the settings of a campaign changed: its open rooms check with the new rules. */
	reloadRules(campaignId: number): void {
		for (const room of this.rooms.values()) {
			if (room.scope.campaignId !== campaignId) continue;
			room.rules = loadRoomRules(this.db, campaignId, room.key) ?? room.rules;
		}
	}

	/**
	 * A change the server makes on behalf of `userId` (a manager restoring a defect): applied, stored
	 * and relayed like a peer's. Resolves once committed, with what changed (null: nothing).
	 */
	async change(scope: RoomScope, userId: number, fn: (maps: Record<EntryRoot, Y.Map<unknown>>) => void, restored = false): Promise<AppliedChanges | null> {
		const room = this.open(scope);
		if (!room) throw new Error(`tile ${scope.tileId} is not in campaign ${scope.campaignId}`);
		const made = room.doc.serverChange(fn);
		if (!made) return null;
		room.pending.push(made.update);
		this.batch.push({ room, conn: null, userId, update: made.update, changes: made.changes, at: Date.now(), restored });
		const committed = new Promise<void>((resolve, reject) => this.commitWaiters.push({ resolve, reject }));
		this.schedule();
		await committed;
		if (room.conns.size === 0 && !room.idleTimer) {
			room.idleTimer = setTimeout(() => this.unload(room), LIMITS.idleRoomMs);
			room.idleTimer.unref();
		}
		return made.changes;
	}

	/**
	 * Server changes to several tiles' documents on behalf of `userId`, stored in ONE transaction
	 * together with `inCommit`: SQL that must land with them or not at all (a new review round copies
	 * what it removes from the documents). Each `fn` runs at once on its document as peers last
	 * changed it (updates not yet committed included) and gets what it changed; `inCommit` runs inside
	 * the group commit after the updates are projected and before tile statuses are derived, and must
	 * not throw (check everything before). Resolves once committed; if the commit fails, nothing is
	 * stored, the rooms concerned reload from what is, and the promise rejects.
	 */
	async changeTogether(
		changes: readonly { scope: RoomScope; fn: (maps: Record<EntryRoot, Y.Map<unknown>>) => void; onChanged?: (changes: AppliedChanges) => void }[],
		userId: number,
		inCommit: () => void
	): Promise<void> {
		const rooms: Room[] = [];
		for (const { scope, fn, onChanged } of changes) {
			const room = this.open(scope);
			if (!room) throw new Error(`tile ${scope.tileId} is not in campaign ${scope.campaignId}`);
			rooms.push(room);
			const made = room.doc.serverChange(fn);
			if (!made) continue;
			room.pending.push(made.update);
			this.batch.push({ room, conn: null, userId, update: made.update, changes: made.changes, at: Date.now(), restored: false });
			if (made.changes) onChanged?.(made.changes);
		}
		this.inCommit.push(inCommit);
		const committed = new Promise<void>((resolve, reject) => this.commitWaiters.push({ resolve, reject }));
		this.schedule();
		await committed;
		for (const room of rooms) {
			if (room.conns.size === 0 && !room.idleTimer && this.rooms.get(room.key) === room) {
				room.idleTimer = setTimeout(() => this.unload(room), LIMITS.idleRoomMs);
				room.idleTimer.unref();
			}
		}
	}

	/** A status changed outside the rooms (a manager validated or reopened a tile): tell the listeners. */
	announce(event: StatusEvent): void {
		const room = this.rooms.get(event.tileId);
		if (room) room.status = event.status;
		this.emit('status', event);
	}

	/** Who is on which tile of a campaign now. */
	presence(campaignId: number): Record<number, PresenceEntry[]> {
		const out: Record<number, PresenceEntry[]> = {};
		const now = Date.now();
		for (const room of this.rooms.values()) {
			if (room.scope.campaignId !== campaignId || room.conns.size === 0) continue;
			const people = new Map<number, PresenceEntry>();
			for (const c of room.conns) {
				const claims = [...c.awarenessClients].some((id) => room.awareness.get(id)?.state?.claim === true);
				const entry = people.get(c.peer.userId) ?? {
					userId: c.peer.userId,
					name: c.peer.name || c.peer.email,
					organisation: c.peer.organisation,
					color: peerColor(c.peer.userId),
					claim: false
				};
				entry.claim ||= claims && now - c.lastActivity < LIMITS.claimIdleMs;
				people.set(c.peer.userId, entry);
			}
			out[room.key] = [...people.values()];
		}
		return out;
	}

	/** Open rooms and connections (for tests and the health endpoint). */
	stats(): { rooms: number; connections: number } {
		let connections = 0;
		for (const r of this.rooms.values()) connections += r.conns.size;
		return { rooms: this.rooms.size, connections };
	}

	/** Graceful stop: store what is queued, then close every connection (1001: clients reconnect later). */
	close(): void {
		this.closing = true;
		if (this.batch.length || this.after.length) this.flush();
		for (const room of this.rooms.values()) {
			for (const c of room.conns) c.close(CLOSE.goingAway, 'server shutting down');
			if (room.idleTimer) clearTimeout(room.idleTimer);
		}
		this.wss.close();
	}
}
