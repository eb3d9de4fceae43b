/**
 * The pure parts of keeping a tile document in sync from the browser: counting local changes the
 * server has not yet confirmed, recognising the server's copy of a document, naming the local copy,
 * and what each close code means for the person at the screen.
 */
import * as Y from 'yjs';
import { CLOSE } from './protocol.ts';

/**
 * Local changes not yet confirmed by the server. Every local change gets the next number `n`; after
 * sending it the client asks for `ack n`, and the server answers once everything the client sent
 * before that request is committed. After a reconnection the client sends its whole catch-up, then
 * asks for an ack of everything so far.
 */
export class AckCounter {
	/** Local changes numbered so far (including those carried over from an earlier visit). */
	private made: number;
	private confirmed = 0;

	/** `carried`: changes left unconfirmed by an earlier visit (read from the local copy). */
	constructor(carried = 0) {
		this.made = 0;
		this.carry(carried);
	}

	/** Add changes left unconfirmed by an earlier visit (read from the local copy once it is loaded). */
	carry(n: number): void {
		if (Number.isFinite(n) && n > 0) this.made += Math.floor(n);
	}

	/** Count a local change; returns the number to ask an ack for. */
	change(): number {
		return ++this.made;
	}

	/** The number covering every change so far (asked after a catch-up). */
	get latest(): number {
		return this.made;
	}

	/** The server confirmed everything up to `n`. */
	ack(n: number): void {
		if (Number.isSafeInteger(n) && n > this.confirmed) this.confirmed = Math.min(n, this.made);
	}

	/** Changes made but not yet confirmed. */
	get pending(): number {
		return this.made - this.confirmed;
	}
}

/** Where the document was created: the id of the server's `meta.schemaVersion` entry. */
export interface DocumentOrigin {
	client: number;
	clock: number;
}

/** The origin of a document that has been synced with a server at least once; null before. */
export function documentOrigin(doc: Y.Doc): DocumentOrigin | null {
	const item = doc.getMap('meta')._map.get('schemaVersion');
	return item ? { client: item.id.client, clock: item.id.clock } : null;
}

/**
 * Does the server's document (its state vector, from its sync step 1) descend from the one the local
 * copy was synced with? When it does not, the server's database was reset or replaced: the local
 * copy belongs to another document and must not be pushed into this one.
 */
export function sameDocument(serverState: Map<number, number>, local: DocumentOrigin | null): boolean {
	if (!local) return true;
	return (serverState.get(local.client) ?? 0) > local.clock;
}

/**
 * Name of a tile's local copy (IndexedDB database). Everything that makes two documents different
 * is in it — the server's address, the campaign, the tile, and the user (two colleagues sharing a
 * computer never push each other's unsent work).
 */
export function localCopyName(origin: string, campaignId: number, tileId: number, userId: number): string {
	return `recette:${origin}:campaign-${campaignId}:tile-${tileId}:user-${userId}`;
}

/** What the indicator shows. */
export type SyncState = 'connecting' | 'synced' | 'syncing' | 'offline' | 'ended' | 'denied' | 'gone' | 'failed';

/** The indicator's state from what the session knows. */
export function syncState(s: { terminal: SyncState | null; online: boolean; connected: boolean; everConnected: boolean; caughtUp: boolean; pending: number }): SyncState {
	if (s.terminal) return s.terminal;
	if (!s.online) return 'offline';
	if (!s.connected) return s.everConnected || s.pending > 0 ? 'offline' : 'connecting';
	return s.caughtUp && s.pending === 0 ? 'synced' : 'syncing';
}

/**
 * What to do when the server closes the connection with `code`:
 * - `ended`: the session is over (sign in again);
 * - `recheck`: access changed or a change was not allowed — ask the server what we may do now, then
 *   reconnect (read-only if so), dropping local changes the server will not take;
 * - `discard`: the local copy holds a change the server refuses (invalid, too large): drop the local
 *   copy, resync from the server;
 * - `gone`: the tile or campaign no longer exists;
 * - `retry`: transient (storage failure, too slow, server restart, too fast): reconnect.
 */
export type CloseAction = 'ended' | 'recheck' | 'discard' | 'gone' | 'retry';

export function closeAction(code: number): CloseAction {
	switch (code) {
		case CLOSE.sessionEnded:
			return 'ended';
		case CLOSE.forbidden:
			return 'recheck';
		case CLOSE.invalid:
		case CLOSE.tooLarge:
			return 'discard';
		case CLOSE.gone:
			return 'gone';
		default:
			return 'retry';
	}
}

/**
 * Should the websocket provider reconnect by itself after this close? y-websocket's default stops on
 * every 44xx; "too fast" (4429) is worth another try after its backoff.
 */
export function reconnects(code: number): boolean {
	return code === CLOSE.tooFast || !(code >= 4400 && code < 4500);
}
