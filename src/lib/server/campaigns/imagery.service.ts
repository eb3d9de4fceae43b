import type { Db } from '../db/db.ts';
import { InputError } from '../errors.ts';
import type { TileCache } from '../imagery/cache.ts';
import type { createImageryRenderer } from '../imagery/renderer.ts';
import { imagerySources } from './campaigns.repo.ts';
import { assertCampaign } from './campaigns.service.ts';

type Renderer = Awaited<ReturnType<typeof createImageryRenderer>>;
export type ImageFormat = 'png' | 'webp';
/** The delivery, the vintage it is compared with, or the files a later review round brought (`round-2`…). */
export type Vintage = 'current' | 'previous' | `round-${number}`;

/**
 * Serves a campaign's delivered orthophotos as XYZ tiles: SQLite tile cache first, then a renderer
 * kept per (campaign, vintage) so decoded GeoTIFF blocks are reused across neighbouring tiles.
 */
/**
 * Renderers kept alive at once, each with its own decoded-block cache: memory stays bounded
 * (MAX_RENDERERS × BLOCK_CACHE_BYTES) however many campaigns a server holds.
 */
const MAX_RENDERERS = 6;
const BLOCK_CACHE_BYTES = 128 * 1024 * 1024;

export class CampaignImagery {
	/** Insertion order = recency (a hit is moved to the end), so the first key is the least recently used. */
	private renderers = new Map<string, Promise<Renderer>>();
	constructor(
		private db: Db,
		private cache: TileCache
	) {}

	private renderer(campaignId: number, vintage: Vintage): Promise<Renderer> {
		const key = `${campaignId}:${vintage}`;
		let r = this.renderers.get(key);
		if (r) {
			this.renderers.delete(key);
			this.renderers.set(key, r);
		} else {
			const round = vintage.startsWith('round-') ? Number(vintage.slice(6)) : null;
			const files = imagerySources(this.db, campaignId).filter((s) => s.kind === 'geotiff' && (round === null ? s.vintage === vintage : s.vintage === 'round' && s.round === round));
			r = (async () => {
				if (!files.length && round !== null) {
					throw new InputError('no_imagery', { en: `Review round ${round} of this campaign has no orthophoto files.`, fr: `Le tour de relecture ${round} de cette campagne n’a aucun fichier d’orthophoto.` }, 404);
				}
				if (!files.length) {
					const prev = vintage === 'previous';
					throw new InputError('no_imagery', {
						en: `This campaign has no ${prev ? 'previous-vintage ' : ''}orthophoto files.`,
						fr: `Cette campagne n’a aucun fichier d’orthophoto${prev ? ' du millésime précédent' : ''}.`
					}, 404);
				}
				// Loaded on first use: the `geotiff` package pulls in `web-worker`, which breaks when
				// imported inside a worker thread (SvelteKit analyses server modules in one at build time).
				const [{ openOrtho }, { createImageryRenderer }] = await Promise.all([import('../imagery/geotiff.ts'), import('../imagery/renderer.ts')]);
				return createImageryRenderer(await Promise.all(files.map((f) => openOrtho(f.location))), { cacheBytes: BLOCK_CACHE_BYTES });
			})();
			// A missing or corrupt file must not stay cached as a failure forever: the manager may restore it.
			r.catch(() => this.renderers.delete(key));
			this.renderers.set(key, r);
			if (this.renderers.size > MAX_RENDERERS) {
				// Dropped, not closed: a tile may still be rendering with it; its block cache goes
				// with the last reference (files are opened per read, nothing else to release).
				this.renderers.delete(this.renderers.keys().next().value!);
			}
		}
		return r;
	}

	/** PNG/WebP bytes, or null when the tile is outside the delivery (answered as 204). */
	async tile(campaignId: number, vintage: Vintage, z: number, x: number, y: number, size: 256 | 512, format: ImageFormat): Promise<Buffer | null> {
		assertCampaign(this.db, campaignId);
		const key = { campaignId, vintage, z, x, y, size, format };
		const hit = this.cache.get(key);
		if (hit) return hit.length ? hit : null;
		const renderer = await this.renderer(campaignId, vintage);
		const img = await renderer.renderTile(z, x, y, { size, format });
		this.cache.put(key, img ?? Buffer.alloc(0));
		return img;
	}

	close(): void {
		for (const r of this.renderers.values()) r.then((x) => x.close?.()).catch(() => {});
		this.renderers.clear();
	}
}
