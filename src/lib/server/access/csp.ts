import type { Db } from '../db/db.ts';

let cache: { at: number; origins: string[] } | null = null;

/**
 * Origins of the WMTS/WMS/XYZ services campaigns are configured with: the only external addresses a
 * page may load images from. Cached for a few seconds (it is read for every page).
 */
export function externalImageryOrigins(db: Db): string[] {
	const now = Date.now();
	if (cache && now - cache.at < 5000) return cache.origins;
	const origins = new Set<string>();
	for (const { location } of db.$client.prepare("SELECT DISTINCT location FROM imagery_sources WHERE kind != 'geotiff'").all() as { location: string }[]) {
		try {
			const url = new URL(location.replace(/\{[^}]*\}/g, '0'));
			if (url.protocol === 'https:' || url.protocol === 'http:') origins.add(url.origin);
		} catch {
			// Not a URL: nothing to allow.
		}
	}
	cache = { at: now, origins: [...origins] };
	return cache.origins;
}
