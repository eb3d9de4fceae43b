/**
 * The y-websocket wire protocol (sync + awareness), as the room server speaks it, plus two message
 * types of Recette's own that only its browser client asks for: a standard y-websocket client never
 * sends `ackRequest`, so it never receives `ack` or `access`.
 *
 * Every message starts with its type as a varUint:
 * - 0 sync: then a y-protocols sync message (step 1 = state vector, step 2 / update = a Yjs update);
 * - 1 awareness: then a varUint8Array awareness update (presence, cursors);
 * - 3 query awareness: the peer asks for every awareness state;
 * - 100 ack request (client → server): varUint n. The server answers `ack n` once every update the
 *   client sent before it is committed to the database (or refused, which closes the connection);
 * - 101 access (server → client, only to clients that sent an ack request): varUint 1 = may write,
 *   0 = read-only (sent when a role or an assignment changes while connected).
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export const MESSAGE = {
	sync: 0,
	awareness: 1,
	auth: 2,
	queryAwareness: 3,
	ack: 100,
	access: 101
} as const;

export const SYNC = { step1: 0, step2: 1, update: 2 } as const;

/**
 * Close codes. 4400–4499 mirror HTTP and tell a y-websocket client not to reconnect (y-websocket 3
 * treats them as final); 1011 and 1013 are transient: the client reconnects and resends its changes.
 */
export const CLOSE = {
	/** The update breaks the tile document's rules (unknown map or field, bad value…). */
	invalid: 4400,
	/** The session ended (signed out, revoked, account disabled). */
	sessionEnded: 4401,
	/** The connection may not do this (write while read-only, someone else's defect…), or lost its access. */
	forbidden: 4403,
	/** The tile or campaign no longer exists. */
	gone: 4404,
	/** A message or the document is over its size limit. */
	tooLarge: 4413,
	/** Too many messages in too little time. */
	tooFast: 4429,
	/** The server could not store the update: reconnect and send it again. */
	storageFailed: 1011,
	/** The peer does not read what it is sent fast enough. */
	tooSlow: 1013,
	/** The server is shutting down. */
	goingAway: 1001
} as const;

/** One frame: its type, then what `write` puts after it. */
function frame(type: number, write: (e: encoding.Encoder) => void): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, type);
	write(e);
	return encoding.toUint8Array(e);
}

const syncFrame = (sub: number, payload: Uint8Array) =>
	frame(MESSAGE.sync, (e) => {
		encoding.writeVarUint(e, sub);
		encoding.writeVarUint8Array(e, payload);
	});

export const syncStep1 = (stateVector: Uint8Array) => syncFrame(SYNC.step1, stateVector);
export const syncStep2 = (update: Uint8Array) => syncFrame(SYNC.step2, update);
export const syncUpdate = (update: Uint8Array) => syncFrame(SYNC.update, update);
export const awarenessMessage = (update: Uint8Array) => frame(MESSAGE.awareness, (e) => encoding.writeVarUint8Array(e, update));
export const ackMessage = (n: number) => frame(MESSAGE.ack, (e) => encoding.writeVarUint(e, n));
export const accessMessage = (mayWrite: boolean) => frame(MESSAGE.access, (e) => encoding.writeVarUint(e, mayWrite ? 1 : 0));

/** A decoded incoming message; `null` for anything malformed (the caller closes with 4400). */
export type Incoming =
	| { type: 'sync-step1'; stateVector: Uint8Array }
	| { type: 'sync-step2' | 'sync-update'; update: Uint8Array }
	| { type: 'awareness'; update: Uint8Array }
	| { type: 'query-awareness' }
	| { type: 'ack-request'; n: number }
	| { type: 'ignored' };

/** Decode one frame. Never throws: lib0 throws on truncated input, which becomes `null`. */
export function decodeMessage(data: Uint8Array): Incoming | null {
	try {
		const d = decoding.createDecoder(data);
		const type = decoding.readVarUint(d);
		let out: Incoming;
		switch (type) {
			case MESSAGE.sync: {
				const sub = decoding.readVarUint(d);
				const payload = decoding.readVarUint8Array(d);
				if (sub === SYNC.step1) out = { type: 'sync-step1', stateVector: payload };
				else if (sub === SYNC.step2) out = { type: 'sync-step2', update: payload };
				else if (sub === SYNC.update) out = { type: 'sync-update', update: payload };
				else return null;
				break;
			}
			case MESSAGE.awareness:
				out = { type: 'awareness', update: decoding.readVarUint8Array(d) };
				break;
			case MESSAGE.queryAwareness:
				out = { type: 'query-awareness' };
				break;
			case MESSAGE.auth:
				// Clients have nothing to say in the auth sub-protocol: the session cookie decided.
				out = { type: 'ignored' };
				break;
			case MESSAGE.ack:
				out = { type: 'ack-request', n: decoding.readVarUint(d) };
				break;
			default:
				return null;
		}
		return out;
	} catch {
		return null;
	}
}

/** One entry of an awareness update. */
export interface AwarenessEntry {
	clientId: number;
	clock: number;
	/** Parsed JSON state; null when the client leaves. */
	state: Record<string, unknown> | null;
}

/** Decode an awareness update; null when malformed (bad varints, bad JSON, a state that is not an object). */
export function decodeAwareness(update: Uint8Array): AwarenessEntry[] | null {
	try {
		const d = decoding.createDecoder(update);
		const n = decoding.readVarUint(d);
		if (n > 64) return null;
		const out: AwarenessEntry[] = [];
		for (let i = 0; i < n; i++) {
			const clientId = decoding.readVarUint(d);
			const clock = decoding.readVarUint(d);
			const state = JSON.parse(decoding.readVarString(d)) as unknown;
			if (state !== null && (typeof state !== 'object' || Array.isArray(state))) return null;
			out.push({ clientId, clock, state: state as Record<string, unknown> | null });
		}
		return out;
	} catch {
		return null;
	}
}

export function encodeAwareness(entries: readonly AwarenessEntry[]): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, entries.length);
	for (const { clientId, clock, state } of entries) {
		encoding.writeVarUint(e, clientId);
		encoding.writeVarUint(e, clock);
		encoding.writeVarString(e, JSON.stringify(state));
	}
	return encoding.toUint8Array(e);
}
