/**
 * What the tile page follows about its campaign while the reviewer moves from tile to tile: tile
 * statuses live (the campaign's event stream, `GET /api/campaigns/:id/events`: a tile becomes
 * reviewed after someone's verdict, validated by a manager…), who claims which tile (the same
 * stream's `presence`, for those who read reviews), and the user's own tiles (`GET /api/me/tiles`),
 * for N / P within "my tiles" and "continue: next tile to review".
 *
 * Browser only: create it in an effect, `destroy()` it when leaving the campaign.
 */
import { SvelteMap } from 'svelte/reactivity';
import { withStatus, type MyCampaignTileList } from '../review/next-tile.ts';
import { TILE_STATUSES, type TileStatus } from '../review/status.ts';

/** Someone on a tile, as the live feed's `presence` event lists them. */
export interface TilePresence {
	userId: number;
	name: string;
	organisation: string | null;
	color: string;
	claim: boolean;
}

export class CampaignLive {
	readonly campaignId: number;
	/** Statuses heard since the page opened (newer than what the page loaded). */
	#statuses = new SvelteMap<number, TileStatus>();
	/** Who is on which tile now (`{}` for those who may not read reviews). */
	presence = $state.raw<Record<string, TilePresence[]>>({});
	/** The user's tiles, all campaigns (null until read, or if the read failed). */
	mine = $state.raw<MyCampaignTileList[] | null>(null);
	#source: EventSource | null = null;
	#destroyed = false;

	constructor(campaignId: number) {
		this.campaignId = campaignId;
		if (typeof EventSource !== 'undefined') {
			const source = new EventSource(`/api/campaigns/${campaignId}/events`);
			source.addEventListener('status', (event) => this.#onStatus((event as MessageEvent<string>).data));
			source.addEventListener('presence', (event) => this.#onPresence((event as MessageEvent<string>).data));
			this.#source = source;
		}
		void this.refreshMine();
	}

	/** A tile's status: the latest heard, else what the page loaded (`fallback`). */
	statusOf(tileId: number, fallback: TileStatus): TileStatus {
		return this.#statuses.get(tileId) ?? fallback;
	}

	/** A status the page learnt itself (a fresh load, the answer to its own validate / reopen). */
	setStatus(tileId: number, status: TileStatus): void {
		if (this.#statuses.get(tileId) !== status) this.#statuses.set(tileId, status);
		if (this.mine) this.mine = withStatus(this.mine, tileId, status);
	}

	/** Read the user's tiles again (after an assignment changed, or at the start). */
	async refreshMine(): Promise<void> {
		try {
			const response = await fetch('/api/me/tiles', { headers: { accept: 'application/json' } });
			if (response.ok && !this.#destroyed) this.mine = (await response.json()) as MyCampaignTileList[];
		} catch {
			// Offline: N / P stay on all tiles, and "continue" waits.
		}
	}

	#onStatus(data: string): void {
		try {
			const { tileId, status } = JSON.parse(data) as { tileId: number; status: TileStatus };
			if (Number.isSafeInteger(tileId) && (TILE_STATUSES as readonly string[]).includes(status)) this.setStatus(tileId, status);
		} catch {
			// Not ours to understand: ignored.
		}
	}

	#onPresence(data: string): void {
		try {
			const { tiles } = JSON.parse(data) as { tiles: Record<string, TilePresence[]> };
			if (tiles && typeof tiles === 'object') this.presence = tiles;
		} catch {
			// ignored
		}
	}

	destroy(): void {
		this.#destroyed = true;
		this.#source?.close();
		this.#source = null;
	}
}
