import { describe, it, expect } from 'vitest';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTileCache, type TileKey } from './cache.ts';
import { createImageryRenderer } from './renderer.ts';
import { lonLatToTile } from '../../geo/webmercator.ts';

describe('tile cache', () => {
	it('round-trips rendered tiles, empty markers, and survives a reopen', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'recette-tilecache-'));
		const path = join(dir, 'sub', 'tiles.sqlite');
		try {
			const r = await createImageryRenderer(['test/fixtures/prairie-naip/ortho-2020.tif']);
			const b = r.bounds;
			const t = lonLatToTile((b[0] + b[2]) / 2, (b[1] + b[3]) / 2, 15);
			const png = (await r.renderTile(15, t.x, t.y))!;
			const empty = await r.renderTile(15, 0, 0);
			await r.close();
			expect(empty).toBeNull();

			const key: TileKey = { campaignId: 7, vintage: 'current', z: 15, x: t.x, y: t.y, size: 256, format: 'png' };
			const cache = createTileCache(path);
			expect(existsSync(path)).toBe(true);
			expect(cache.get(key)).toBeNull(); // miss
			cache.put(key, png);
			expect(Buffer.compare(cache.get(key)!, png)).toBe(0);
			// each key field matters
			expect(cache.get({ ...key, vintage: 'previous' })).toBeNull();
			expect(cache.get({ ...key, size: 512 })).toBeNull();
			expect(cache.get({ ...key, format: 'webp' })).toBeNull();
			expect(cache.get({ ...key, campaignId: 8 })).toBeNull();
			// empty tile marker: zero-length buffer, distinct from a miss
			const emptyKey = { ...key, x: 0, y: 0 };
			cache.put(emptyKey, empty);
			const marker = cache.get(emptyKey);
			expect(marker).not.toBeNull();
			expect(marker!.length).toBe(0);
			// overwrite
			cache.put(key, Buffer.from([1, 2, 3]));
			expect(Array.from(cache.get(key)!)).toEqual([1, 2, 3]);
			cache.put({ ...key, campaignId: 8 }, png);
			expect(cache.count()).toBe(3);
			cache.close();

			const again = createTileCache(path);
			expect(again.count(7)).toBe(2);
			expect(again.clearCampaign(7)).toBe(2);
			expect(again.get(key)).toBeNull();
			expect(again.get({ ...key, campaignId: 8 })!.length).toBe(png.length);
			again.close();
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
