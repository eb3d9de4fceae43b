/**
 * One opened tile's real-time review session in the browser: the tile's Yjs document, kept in
 * IndexedDB (work goes on without a connection) and synced with the server through y-websocket,
 * plus Recette's own ack and access messages (src/lib/collab/protocol.ts).
 *
 * State flow: Yjs and y-websocket are event-based; this class turns their events into runes.
 * - the document and provider are `$state.raw` (replaced as a whole when the local copy is reset);
 * - what the page reads from the document (`defects`, `verdicts`…) and from the awareness (`peers`)
 *   are getters backed by `createSubscriber`: an effect that reads them re-runs when the document or
 *   the awareness changes, and nothing listens when nobody reads;
 * - connection facts (connected, acks, access, close codes) are plain `$state` fields, and `state`
 *   (the indicator) is derived from them by the pure `syncState`.
 *
 * Browser only: construct it in an effect or `onMount`, call `destroy()` when leaving the tile.
 */
import * as decoding from 'lib0/decoding';
import { createSubscriber } from 'svelte/reactivity';
import { clearDocument, IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { Severity } from '../review/catalogue.ts';
import type { DefectGeometry, MessageValue, Verdict, WalkAnswer } from '../review/document.ts';
import { newDefectId } from '../review/ids.ts';
import { CURSOR_INTERVAL_MS, claimLapsed, peersOf, throttle, type Cursor, type Peer } from './presence.ts';
import { ackMessage, MESSAGE, SYNC } from './protocol.ts';
import { roomServerUrl } from './room.ts';
import { AckCounter, closeAction, documentOrigin, localCopyName, reconnects, sameDocument, syncState, type SyncState } from './sync.ts';
import * as tileDoc from './tile-doc.ts';

/** Transaction origin of the changes made on this screen (the only ones counted as pending). */
export const LOCAL_ORIGIN = Symbol('recette-local');

export interface TileSessionOptions {
	campaignId: number;
	tileId: number;
	userId: number;
	/** Whether the user may write on this tile (the tile detail's `mayReview`). */
	mayWrite: boolean;
	/** Managers may edit and delete anyone's defect and message. */
	isManager: boolean;
	/** Page origin (`location.origin`): the server's address. */
	origin: string;
}

/** Something the person at the screen should be told, beside the indicator. */
export type SessionNotice =
	/**
	 * Local changes were dropped: the server refused them (`refused`, with the close code saying why),
	 * or the local copy belonged to a document the server no longer has (`serverReset`: its database
	 * was reset).
	 */
	| { kind: 'discarded'; count: number; cause: 'refused' | 'serverReset'; code: number | null }
	/** The server says this connection may not write any more (`code`: the close code, if it closed). */
	| { kind: 'readOnly'; code: number | null }
	/** The user may write again (a tile given to their organisation meanwhile). */
	| { kind: 'writable' }
	/** The claim lapsed after 15 minutes without activity. */
	| { kind: 'claimLapsed' };

/** y-websocket's message handler signature (not exported by the package). */
type MessageHandler = (encoder: unknown, decoder: decoding.Decoder, provider: WebsocketProvider, emitSynced: boolean, messageType: number) => void;

/** A reset loop (the server refusing even a fresh copy) stops after this many resets per minute. */
const MAX_RESETS_PER_MINUTE = 3;
/** If IndexedDB does not answer (blocked, private mode), connect without it after this long. */
const LOCAL_COPY_TIMEOUT_MS = 3000;

export class TileSession {
	readonly campaignId: number;
	readonly tileId: number;
	readonly userId: number;
	readonly isManager: boolean;

	/** The tile document (set by `#open` in the constructor; replaced when the local copy is reset). */
	doc = $state.raw<Y.Doc>(undefined!);
	provider = $state.raw<WebsocketProvider | null>(null);

	/** May this connection write? Starts from the tile detail, follows the server's `access` messages. */
	mayWrite = $state(false);
	online = $state(true);
	connected = $state(false);
	everConnected = $state(false);
	/** The server's document has been received (sync step 2) on the current connection. */
	serverSynced = $state(false);
	/** The server confirmed our catch-up (everything we had) on the current connection. */
	catchUpAcked = $state(false);
	/** Local changes not yet confirmed stored by the server. */
	pending = $state(0);
	/** Set when the session cannot go on (signed out, no access any more, tile deleted…). */
	terminal = $state<SyncState | null>(null);
	/**
	 * The close code of the server's last refusal, explained with `denied` and `failed` (the UI words
	 * it from the code: the server's own close reason is English text for logs).
	 */
	closeCode = $state<number | null>(null);
	notice = $state<SessionNotice | null>(null);
	/** This user holds a claim on the tile. */
	claim = $state(false);

	/** The indicator: synced / syncing / offline… */
	readonly state = $derived<SyncState>(
		syncState({
			terminal: this.terminal,
			online: this.online,
			connected: this.connected,
			everConnected: this.everConnected,
			caughtUp: this.serverSynced && this.catchUpAcked,
			pending: this.pending
		})
	);

	#origin: string;
	#name: string;
	#persistence: IndexeddbPersistence | null = null;
	#counter = new AckCounter();
	/** Ack number that confirms the catch-up of the current connection (none before its sync step 1). */
	#catchUpAt = Number.POSITIVE_INFINITY;
	#destroyed = false;
	#resets: number[] = [];
	#lastActivity = Date.now();
	#claimTimer: ReturnType<typeof setInterval>;
	#cursor = throttle((cursor: Cursor | null) => this.provider?.awareness.setLocalStateField('cursor', cursor), CURSOR_INTERVAL_MS);
	#docListeners = new Set<() => void>();
	#presenceListeners = new Set<() => void>();
	#docVersion = 0;
	#cache = new Map<string, { version: number; value: unknown }>();
	#teardown: (() => void) | null = null;
	/** Connection attempts that failed in a row (a refused handshake looks like a network failure). */
	#failures = 0;

	#subscribeDoc = createSubscriber((update) => {
		this.#docListeners.add(update);
		return () => this.#docListeners.delete(update);
	});
	#subscribePresence = createSubscriber((update) => {
		this.#presenceListeners.add(update);
		return () => this.#presenceListeners.delete(update);
	});

	constructor(options: TileSessionOptions) {
		this.campaignId = options.campaignId;
		this.tileId = options.tileId;
		this.userId = options.userId;
		this.isManager = options.isManager;
		this.mayWrite = options.mayWrite;
		this.#origin = options.origin;
		this.#name = localCopyName(options.origin, options.campaignId, options.tileId, options.userId);
		this.online = typeof navigator === 'undefined' ? true : navigator.onLine;
		window.addEventListener('online', this.#onOnline);
		window.addEventListener('offline', this.#onOffline);
		this.#claimTimer = setInterval(() => {
			if (this.claim && claimLapsed(this.#lastActivity, Date.now())) {
				this.setClaim(false);
				this.notice = { kind: 'claimLapsed' };
			}
		}, 30_000);
		this.#open();
	}

	// ─── Reading (reactive) ──────────────────────────────────────────────────────────────────────

	#read<T>(key: string, read: (doc: Y.Doc) => T): T {
		this.#subscribeDoc();
		const cached = this.#cache.get(key);
		if (cached && cached.version === this.#docVersion) return cached.value as T;
		const value = read(this.doc);
		this.#cache.set(key, { version: this.#docVersion, value });
		return value;
	}

	get defects(): tileDoc.Defect[] {
		return this.#read('defects', tileDoc.readDefects);
	}
	get verdicts(): tileDoc.VerdictEntry[] {
		return this.#read('verdicts', tileDoc.readVerdicts);
	}
	get corrections(): tileDoc.CorrectionEntry[] {
		return this.#read('corrections', tileDoc.readCorrections);
	}
	get thread(): MessageValue[] {
		return this.#read('thread', tileDoc.readThread);
	}
	/** Feature-walk answers about the polygons whose home tile this is. */
	get walk(): tileDoc.WalkEntry[] {
		return this.#read('walk', tileDoc.readWalk);
	}

	/** Grows with every change of the document (from anyone): what a view of the history follows. */
	get version(): number {
		this.#subscribeDoc();
		return this.#docVersion;
	}

	/**
	 * The other people on the tile (cursor, selection, claim). This user's other tabs are left out:
	 * their cursor and selection would look like someone else's.
	 */
	get peers(): Peer[] {
		this.#subscribePresence();
		const awareness = this.provider?.awareness;
		if (!awareness) return [];
		return peersOf(awareness.getStates() as Map<number, Record<string, unknown>>, awareness.clientID).filter((p) => p.user.id !== this.userId);
	}

	#docChanged(): void {
		this.#docVersion++;
		for (const fn of this.#docListeners) fn();
	}

	#presenceChanged(): void {
		for (const fn of this.#presenceListeners) fn();
	}

	// ─── Writing ─────────────────────────────────────────────────────────────────────────────────

	/** Can the user change the document now? (never after the session ended) */
	get writable(): boolean {
		return this.mayWrite && !this.terminal;
	}

	#now(): string {
		return new Date().toISOString();
	}

	/** Report a new defect; returns its id (null when the user may not write). */
	addDefect(value: { geometry: DefectGeometry; category: string; severity: Severity; comment: string }): string | null {
		if (!this.writable) return null;
		const id = newDefectId();
		tileDoc.createDefect(this.doc, id, { ...value, author: this.userId, createdAt: this.#now() }, LOCAL_ORIGIN);
		return id;
	}

	editDefect(id: string, patch: tileDoc.DefectPatch): boolean {
		const defect = this.defects.find((d) => d.id === id);
		if (!this.writable || !defect || !tileDoc.mayEditDefect(defect, this.userId, this.isManager)) return false;
		return tileDoc.editDefect(this.doc, id, patch, { userId: this.userId, at: this.#now() }, LOCAL_ORIGIN);
	}

	deleteDefect(id: string): boolean {
		const defect = this.defects.find((d) => d.id === id);
		if (!this.writable || !defect || !tileDoc.mayEditDefect(defect, this.userId, this.isManager)) return false;
		return tileDoc.deleteDefect(this.doc, id, LOCAL_ORIGIN);
	}

	giveVerdict(verdict: Verdict, comment: string): boolean {
		if (!this.writable) return false;
		tileDoc.giveVerdict(this.doc, this.userId, { verdict, comment }, this.#now(), LOCAL_ORIGIN);
		return true;
	}

	withdrawVerdict(): boolean {
		return this.writable && tileDoc.withdrawVerdict(this.doc, this.userId, LOCAL_ORIGIN);
	}

	proposeCorrection(value: { featureId: number; from: string; to: string; comment: string }): boolean {
		if (!this.writable) return false;
		tileDoc.proposeCorrection(this.doc, value, this.userId, this.#now(), LOCAL_ORIGIN);
		return true;
	}

	withdrawCorrection(featureId: number): boolean {
		return this.writable && tileDoc.withdrawCorrection(this.doc, featureId, this.userId, LOCAL_ORIGIN);
	}

	/** Answer (or change the answer) about a polygon of the feature walk whose home tile this is. */
	answerWalk(value: { featureId: number; answer: WalkAnswer; to?: string | null; comment: string }): boolean {
		if (!this.writable) return false;
		tileDoc.answerWalk(this.doc, value, this.userId, this.#now(), LOCAL_ORIGIN);
		return true;
	}

	withdrawWalkAnswer(featureId: number): boolean {
		return this.writable && tileDoc.withdrawWalkAnswer(this.doc, featureId, this.userId, LOCAL_ORIGIN);
	}

	postMessage(text: string): boolean {
		const trimmed = text.trim();
		if (!this.writable || !trimmed) return false;
		tileDoc.postMessage(this.doc, this.userId, trimmed, this.#now(), LOCAL_ORIGIN);
		return true;
	}

	deleteMessage(message: MessageValue): boolean {
		if (!this.writable || !tileDoc.mayDeleteMessage(message, this.userId, this.isManager)) return false;
		return tileDoc.deleteMessage(this.doc, message, LOCAL_ORIGIN);
	}

	// ─── Presence ────────────────────────────────────────────────────────────────────────────────

	/** Where this user's pointer is on the map (null: off the map); sent about 10 times a second. */
	setCursor(cursor: Cursor | null): void {
		this.#cursor.push(cursor);
	}

	/** The defect this user has selected, shown to the others in this user's colour. */
	setSelection(defectId: string | null): void {
		const awareness = this.provider?.awareness;
		if (awareness && awareness.getLocalState()?.selection !== defectId) awareness.setLocalStateField('selection', defectId);
	}

	/** Claim the tile ("I'm taking this one"), or release it. Only for those who may write. */
	setClaim(claim: boolean): void {
		this.claim = claim && this.writable;
		this.#lastActivity = Date.now();
		this.provider?.awareness.setLocalStateField('claim', this.claim);
	}

	/** The user did something (pointer, keyboard): keeps a claim alive. */
	touch(): void {
		this.#lastActivity = Date.now();
	}

	dismissNotice(): void {
		this.notice = null;
	}

	// ─── Connection ──────────────────────────────────────────────────────────────────────────────

	/** Build the document, its local copy and the provider; connect once the local copy is loaded. */
	#open(): void {
		const doc = new Y.Doc();
		const useLocalCopy = typeof indexedDB !== 'undefined';
		const persistence = useLocalCopy ? new IndexeddbPersistence(this.#name, doc) : null;
		const provider = new WebsocketProvider(roomServerUrl(this.#origin, this.campaignId), String(this.tileId), doc, {
			connect: false,
			// Each tab keeps its own connection: the server must see (and check) every writer.
			disableBc: true,
			maxBackoffTime: 5000,
			shouldReconnect: (event) => reconnects(event.code)
		});
		this.#installHandlers(provider, doc);
		this.#counter = new AckCounter();
		this.pending = 0;
		this.connected = false;
		this.serverSynced = false;
		this.catchUpAcked = false;

		// Registered after the provider's own listener: the update goes out before its ack request.
		const onUpdate = (_update: Uint8Array, origin: unknown) => {
			this.#docChanged();
			if (origin === LOCAL_ORIGIN) this.#localChange();
		};
		doc.on('update', onUpdate);

		const awareness = provider.awareness;
		awareness.setLocalState({ cursor: null, selection: null, claim: this.claim });
		const onAwareness = () => this.#presenceChanged();
		awareness.on('change', onAwareness);

		const onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }) => {
			this.connected = status === 'connected';
			if (this.connected) {
				this.everConnected = true;
				this.#failures = 0;
			}
			// A new connection: its catch-up must be confirmed again.
			this.#catchUpAt = Number.POSITIVE_INFINITY;
			this.catchUpAcked = false;
			if (!this.connected) this.serverSynced = false;
		};
		const onSync = (synced: boolean) => (this.serverSynced = synced);
		const onClose = (event: CloseEvent | null) => {
			if (event) this.#onClose(event.code);
		};
		provider.on('status', onStatus);
		provider.on('sync', onSync);
		provider.on('connection-close', onClose);

		this.doc = doc;
		this.provider = provider;
		this.#persistence = persistence;
		this.#docChanged();
		this.#presenceChanged();

		let connected = false;
		const connect = () => {
			if (connected || this.#destroyed || this.provider !== provider) return;
			connected = true;
			if (this.online && !this.terminal) provider.connect();
		};
		if (persistence) {
			persistence.whenSynced
				.then(async () => {
					// Changes an earlier visit made offline and never saw confirmed.
					const carried = Number(await persistence.get('pending').catch(() => 0)) || 0;
					if (carried > 0 && this.#persistence === persistence) {
						this.#counter.carry(carried);
						this.pending = this.#counter.pending;
					}
				})
				.finally(connect);
			setTimeout(connect, LOCAL_COPY_TIMEOUT_MS);
		} else connect();

		this.#teardown = () => {
			doc.off('update', onUpdate);
			awareness.off('change', onAwareness);
			provider.off('status', onStatus);
			provider.off('sync', onSync);
			provider.off('connection-close', onClose);
			awareness.setLocalState(null);
			provider.destroy();
			void persistence?.destroy();
			doc.destroy();
		};
	}

	/** Recette's extensions to the y-websocket client: acks, access, and a check of the server's document. */
	#installHandlers(provider: WebsocketProvider, doc: Y.Doc): void {
		const handlers = provider.messageHandlers as unknown as MessageHandler[];
		const sync = handlers[MESSAGE.sync];
		handlers[MESSAGE.sync] = (encoder, decoder, p, emitSynced, type) => {
			const peek = decoding.clone(decoder);
			if (decoding.readVarUint(peek) !== SYNC.step1) return sync(encoder, decoder, p, emitSynced, type);
			// The server asks for what we have. If its document is not the one our local copy was synced
			// with (its database was reset or replaced), our copy must not be pushed into it.
			const serverState = Y.decodeStateVector(decoding.readVarUint8Array(peek));
			if (!sameDocument(serverState, documentOrigin(doc))) {
				queueMicrotask(() => void this.#reset('serverReset', null));
				return;
			}
			sync(encoder, decoder, p, emitSynced, type);
			// Our answer (the catch-up) is sent when this handler returns; then ask for its ack.
			const n = this.#counter.latest;
			this.#catchUpAt = n;
			queueMicrotask(() => this.#requestAck(n));
		};
		handlers[MESSAGE.ack] = (_encoder, decoder) => {
			const n = decoding.readVarUint(decoder);
			this.#counter.ack(n);
			this.#pendingChanged();
			if (n >= this.#catchUpAt) this.catchUpAcked = true;
		};
		handlers[MESSAGE.access] = (_encoder, decoder) => {
			const mayWrite = decoding.readVarUint(decoder) === 1;
			if (mayWrite === this.mayWrite) return;
			this.mayWrite = mayWrite;
			this.notice = mayWrite ? { kind: 'writable' } : { kind: 'readOnly', code: null };
			if (!mayWrite) this.setClaim(false);
		};
	}

	#requestAck(n: number): void {
		const provider = this.provider;
		const ws = provider?.ws;
		if (provider?.wsconnected && ws && ws.readyState === WebSocket.OPEN) ws.send(ackMessage(n));
	}

	#localChange(): void {
		this.#lastActivity = Date.now();
		const n = this.#counter.change();
		this.#pendingChanged();
		this.#requestAck(n);
	}

	#pendingChanged(): void {
		this.pending = this.#counter.pending;
		// Kept with the local copy: a reload while offline still shows what waits to be sent.
		void this.#persistence?.set('pending', this.pending).catch(() => {});
	}

	#onOnline = () => {
		this.online = true;
		if (!this.terminal) this.provider?.connect();
	};

	/**
	 * The browser says the network is gone. Waiting for the websocket to notice can take a long time
	 * (and emulated offline modes never close it): stop now, reconnect when the network is back.
	 */
	#onOffline = () => {
		this.online = false;
		this.provider?.disconnect();
	};

	#onClose(code: number): void {
		switch (closeAction(code)) {
			case 'retry':
				// The provider reconnects and resends everything not confirmed. A handshake the server
				// refuses (session expired, access withdrawn) closes like a network failure: after a
				// few in a row, ask the server over HTTP what is going on.
				if (++this.#failures % 3 === 0 && this.online) void this.#probe();
				return;
			case 'ended':
				this.terminal = 'ended';
				this.provider?.disconnect();
				return;
			case 'gone':
				this.terminal = 'gone';
				this.provider?.disconnect();
				return;
			case 'discard':
				void this.#reset('refused', code);
				return;
			case 'recheck':
				void this.#recheck(code);
				return;
		}
	}

	/**
	 * The server refused something (4403): ask what this user may do on the tile now. Without access,
	 * the session ends; otherwise reconnect (read-only if so). Local changes not confirmed are the
	 * refused ones (or were made under rights that are gone): they would be refused again, so the
	 * local copy is reset.
	 */
	async #recheck(code: number): Promise<void> {
		const answer = await this.#ask();
		if (this.#destroyed) return;
		if (answer === 'ended' || answer === 'denied') {
			this.closeCode = code;
			this.terminal = answer;
			return;
		}
		const couldWrite = this.mayWrite;
		if (answer !== 'unknown') this.mayWrite = answer === 'write';
		if (!this.mayWrite) this.setClaim(false);
		if (this.pending > 0) return this.#reset('refused', code);
		if (couldWrite && !this.mayWrite) this.notice = { kind: 'readOnly', code };
		if (this.online) this.provider?.connect();
	}

	/** What may this user do on the tile now? (the tile detail, over HTTP) */
	async #ask(): Promise<'write' | 'read' | 'ended' | 'denied' | 'unknown'> {
		try {
			const response = await fetch(`/api/campaigns/${this.campaignId}/tiles/${this.tileId}`, { headers: { accept: 'application/json' } });
			if (response.status === 401) return 'ended';
			if (response.status === 403 || response.status === 404) return 'denied';
			if (!response.ok) return 'unknown';
			return ((await response.json()) as { mayReview?: boolean }).mayReview ? 'write' : 'read';
		} catch {
			return 'unknown';
		}
	}

	/** Repeated connection failures while online: a session that ended or an access withdrawn ends here. */
	async #probe(): Promise<void> {
		const answer = await this.#ask();
		if (this.#destroyed || this.connected) return;
		if (answer === 'ended' || answer === 'denied') {
			this.terminal = answer;
			this.provider?.disconnect();
		}
	}

	/**
	 * Throw the local copy away and resync from the server: it holds changes the server refuses, or
	 * belongs to a document the server no longer has. The user is told how many changes were lost.
	 */
	async #reset(cause: 'refused' | 'serverReset', code: number | null): Promise<void> {
		if (this.#destroyed) return;
		const now = Date.now();
		this.#resets = this.#resets.filter((t) => now - t < 60_000);
		if (this.#resets.length >= MAX_RESETS_PER_MINUTE) {
			this.closeCode = code;
			this.terminal = 'failed';
			this.provider?.disconnect();
			return;
		}
		this.#resets.push(now);
		const lost = this.pending;
		this.#teardown?.();
		this.#teardown = null;
		this.#persistence = null;
		await clearDocument(this.#name).catch(() => {});
		if (this.#destroyed) return;
		if (lost > 0) this.notice = { kind: 'discarded', count: lost, cause, code };
		this.#open();
	}

	/** Leave the tile: release the claim and presence, close the connection, keep the local copy. */
	destroy(): void {
		if (this.#destroyed) return;
		this.#destroyed = true;
		window.removeEventListener('online', this.#onOnline);
		window.removeEventListener('offline', this.#onOffline);
		clearInterval(this.#claimTimer);
		this.#cursor.cancel();
		this.#teardown?.();
		this.#teardown = null;
	}
}
