/**
 * The review sessions of the feature walk: each polygon's answers live in its home tile's document,
 * so walking the sample opens one `TileSession` per home tile visited. The current tile's session
 * and the previous one's stay open (going back and forth between two polygons does not reconnect);
 * others close after a short grace time, but never while changes wait for the server (offline work
 * is sent as soon as the connection is back). Closing keeps the tile's local copy (IndexedDB): what
 * was not sent when the page is left goes out on the next visit of that tile, here or on the tile page.
 *
 * Browser only: construct it in an effect, call `destroy()` when leaving the page.
 */
import { SvelteMap } from 'svelte/reactivity';
import { TileSession } from '../../collab/tile-session.svelte.ts';
import { sessionsToClose } from './walk.ts';

export interface WalkSessionsOptions {
	campaignId: number;
	userId: number;
	isManager: boolean;
	/** Page origin (`location.origin`): the server's address. */
	origin: string;
	/**
	 * Whether the user may write on a tile when the server cannot be asked (offline): their
	 * organisation's tiles, or any for a manager. The server checks every change anyway.
	 */
	guessMayWrite: (tileId: number) => boolean;
}

/** How often sessions no longer needed are looked for. */
const SWEEP_MS = 5_000;

export class WalkSessions {
	/** The session of the polygon shown (null until its tile's session is open). */
	current = $state.raw<TileSession | null>(null);

	#options: WalkSessionsOptions;
	#open = new SvelteMap<number, { session: TileSession; lastUsed: number }>();
	#mayWrite = new Map<number, Promise<boolean>>();
	#previous: number | null = null;
	/** Only the latest `show` may change the current session (walking fast outruns the network). */
	#request = 0;
	#destroyed = false;
	#timer: ReturnType<typeof setInterval>;

	constructor(options: WalkSessionsOptions) {
		this.#options = options;
		this.#timer = setInterval(() => this.#sweep(), SWEEP_MS);
	}

	/** Changes made on this page that the server has not confirmed yet, over every open session. */
	get pending(): number {
		let n = 0;
		for (const { session } of this.#open.values()) n += session.pending;
		return n;
	}

	/** Tiles whose session is open (for tests and the indicator). */
	get openTiles(): number[] {
		return [...this.#open.keys()];
	}

	/** Make `tileId`'s session the current one, opening it if needed. Null if a later call won, or after `destroy`. */
	async show(tileId: number): Promise<TileSession | null> {
		const request = ++this.#request;
		const current = this.current;
		if (current && current.tileId !== tileId) this.#previous = current.tileId;
		let entry = this.#open.get(tileId);
		if (!entry) {
			const mayWrite = await this.#mayWriteOn(tileId);
			if (this.#destroyed || request !== this.#request) return null;
			entry = this.#open.get(tileId);
			if (!entry) {
				const { campaignId, userId, isManager, origin } = this.#options;
				entry = { session: new TileSession({ campaignId, tileId, userId, isManager, mayWrite, origin }), lastUsed: Date.now() };
				this.#open.set(tileId, entry);
			}
		}
		if (request !== this.#request) return null;
		entry.lastUsed = Date.now();
		this.current = entry.session;
		return entry.session;
	}

	/** What the tile detail says (`mayReview`), asked once per tile; the guess when the server cannot be asked. */
	#mayWriteOn(tileId: number): Promise<boolean> {
		let known = this.#mayWrite.get(tileId);
		if (!known) {
			known = fetch(`/api/campaigns/${this.#options.campaignId}/tiles/${tileId}`, { headers: { accept: 'application/json' } })
				.then(async (r) => {
					if (!r.ok) throw new Error(String(r.status));
					return Boolean(((await r.json()) as { mayReview?: boolean }).mayReview);
				})
				.catch(() => {
					this.#mayWrite.delete(tileId); // ask again next time
					return this.#options.guessMayWrite(tileId);
				});
			this.#mayWrite.set(tileId, known);
		}
		return known;
	}

	#sweep(): void {
		const now = Date.now();
		const keep = new Set<number>();
		if (this.current) keep.add(this.current.tileId);
		if (this.#previous !== null) keep.add(this.#previous);
		const open = [...this.#open.entries()].map(([tileId, { session, lastUsed }]) => {
			// A kept session's grace time starts when it stops being kept.
			if (keep.has(tileId)) this.#open.get(tileId)!.lastUsed = now;
			return { tileId, lastUsed: keep.has(tileId) ? now : lastUsed, pending: session.pending };
		});
		for (const tileId of sessionsToClose(open, keep, now)) {
			this.#open.get(tileId)?.session.destroy();
			this.#open.delete(tileId);
		}
	}

	/** Leave the walk: close every session (their local copies stay). */
	destroy(): void {
		this.#destroyed = true;
		clearInterval(this.#timer);
		for (const { session } of this.#open.values()) session.destroy();
		this.#open.clear();
		this.current = null;
	}
}
