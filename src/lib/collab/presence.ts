/**
 * Presence on a tile, from the y-websocket awareness states: who is here (the server writes each
 * state's `user` from the session, so names cannot be spoofed), where their cursor is, which defect
 * they have selected, and who claims the tile. Pure, apart from the throttle's timer.
 */

/** Who someone is, as the server stamps it on their awareness state. */
export interface PeerUser {
	id: number;
	name: string;
	organisation: string | null;
	color: string;
}

export interface Cursor {
	lng: number;
	lat: number;
}

/** One connected client (a person may have several: two tabs, two devices). */
export interface Peer {
	clientId: number;
	user: PeerUser;
	cursor: Cursor | null;
	selection: string | null;
	claim: boolean;
}

/** One person on the tile, whatever the number of their clients. */
export interface Person {
	user: PeerUser;
	claim: boolean;
	clientIds: number[];
}

/** A claim lapses after this long without activity from its holder (the server applies the same rule). */
export const CLAIM_IDLE_MS = 15 * 60_000;

/** Cursor positions are sent at most this often (about 10 per second). */
export const CURSOR_INTERVAL_MS = 100;

const COLOR = /^#[0-9a-f]{3,8}$/i;

function parseUser(value: unknown): PeerUser | null {
	if (typeof value !== 'object' || value === null) return null;
	const u = value as Record<string, unknown>;
	if (!Number.isSafeInteger(u.id) || typeof u.name !== 'string') return null;
	return {
		id: u.id as number,
		name: u.name,
		organisation: typeof u.organisation === 'string' ? u.organisation : null,
		color: typeof u.color === 'string' && COLOR.test(u.color) ? u.color : '#555555'
	};
}

function parseCursor(value: unknown): Cursor | null {
	if (typeof value !== 'object' || value === null) return null;
	const { lng, lat } = value as Record<string, unknown>;
	if (typeof lng !== 'number' || typeof lat !== 'number' || !Number.isFinite(lng) || !Number.isFinite(lat)) return null;
	if (Math.abs(lng) > 180 || Math.abs(lat) > 90) return null;
	return { lng, lat };
}

/**
 * The other clients on the tile, from the awareness states (client id → state). States without a
 * server-stamped user (not yet relayed) and our own client are left out; bad fields are ignored.
 */
export function peersOf(states: ReadonlyMap<number, Record<string, unknown> | null | undefined>, ownClientId: number): Peer[] {
	const out: Peer[] = [];
	for (const [clientId, state] of states) {
		if (clientId === ownClientId || !state) continue;
		const user = parseUser(state.user);
		if (!user) continue;
		out.push({
			clientId,
			user,
			cursor: parseCursor(state.cursor),
			selection: typeof state.selection === 'string' && state.selection.length <= 64 ? state.selection : null,
			claim: state.claim === true
		});
	}
	return out.sort((a, b) => a.user.name.localeCompare(b.user.name) || a.clientId - b.clientId);
}

/** One entry per person (several tabs count once; a claim from any of them counts). */
export function peopleOf(peers: readonly Peer[]): Person[] {
	const byUser = new Map<number, Person>();
	for (const p of peers) {
		const person = byUser.get(p.user.id) ?? { user: p.user, claim: false, clientIds: [] };
		person.claim ||= p.claim;
		person.clientIds.push(p.clientId);
		byUser.set(p.user.id, person);
	}
	return [...byUser.values()];
}

/** Has a claim lapsed for lack of activity? */
export function claimLapsed(lastActivity: number, now: number): boolean {
	return now - lastActivity >= CLAIM_IDLE_MS;
}

/**
 * Calls `send` at most once per `ms` with the latest value given: the first value at once, the last
 * one of a burst at the end of the interval (so the final cursor position is never lost).
 */
export function throttle<T>(send: (value: T) => void, ms: number): { push(value: T): void; cancel(): void } {
	let timer: ReturnType<typeof setTimeout> | null = null;
	let waiting: { value: T } | null = null;
	const tick = () => {
		if (!waiting) {
			timer = null;
			return;
		}
		const { value } = waiting;
		waiting = null;
		send(value);
		timer = setTimeout(tick, ms);
	};
	return {
		push(value: T) {
			if (timer) {
				waiting = { value };
				return;
			}
			send(value);
			timer = setTimeout(tick, ms);
		},
		cancel() {
			if (timer) clearTimeout(timer);
			timer = null;
			waiting = null;
		}
	};
}
