/**
 * Pure logic of the campaign overview: live updates from the server's feed (SSE
 * GET /api/campaigns/:id/events), and what the assignment view paints.
 */
import { TILE_STATUSES } from '../../review/status.ts';
import type { TileCollection, TileFeature, TileStatus } from '../../api/types.ts';
import { NO_ORGANISATION_COLOR, organisationColor } from '../assignment/palette.ts';
import type { TilePresence } from '../map/overview-layers.ts';

const STATUSES: ReadonlySet<string> = new Set(TILE_STATUSES);

/** A `status` event's data (`{tileId, status}`), or null when it is not one. */
export function parseStatusEvent(data: string): { tileId: number; status: TileStatus } | null {
	try {
		const value = JSON.parse(data) as { tileId?: unknown; status?: unknown };
		if (typeof value?.tileId === 'number' && typeof value.status === 'string' && STATUSES.has(value.status)) return { tileId: value.tileId, status: value.status as TileStatus };
	} catch {
		// Not JSON: ignored (the feed only sends JSON; a proxy might not).
	}
	return null;
}

/** A `presence` event's data (`{tiles: {tileId: [person…]}}`), or null when it is not one. */
export function parsePresenceEvent(data: string): Record<string, TilePresence[]> | null {
	try {
		const value = JSON.parse(data) as { tiles?: unknown };
		if (!value?.tiles || typeof value.tiles !== 'object') return null;
		const out: Record<string, TilePresence[]> = {};
		for (const [tileId, people] of Object.entries(value.tiles as Record<string, unknown>)) {
			if (!Array.isArray(people)) continue;
			const valid = people.filter(
				(p): p is TilePresence => !!p && typeof p === 'object' && typeof p.userId === 'number' && typeof p.name === 'string' && typeof p.color === 'string' && /^#[0-9a-f]{3,8}$/i.test(p.color)
			);
			if (valid.length) out[tileId] = valid.map((p) => ({ userId: p.userId, name: p.name, organisation: typeof p.organisation === 'string' ? p.organisation : null, color: p.color, claim: p.claim === true }));
		}
		return out;
	} catch {
		return null;
	}
}

/**
 * The tiles with the statuses the live feed reported since they were loaded. The same object when
 * nothing changed (the map then skips re-sending its data).
 */
export function withStatuses(collection: TileCollection, live: Readonly<Record<number, TileStatus>>): TileCollection {
	let changed = false;
	const features = (collection.features as TileFeature[]).map((f): TileFeature => {
		const status = live[Number(f.id)];
		if (status === undefined || status === f.properties.status) return f;
		changed = true;
		return { ...f, properties: { ...f.properties, status } };
	});
	return changed ? { ...collection, features } : collection;
}

/** Tiles given to more than one organisation. */
export function sharedTileIds(tiles: Readonly<Record<string, readonly number[]>>): number[] {
	return Object.entries(tiles)
		.filter(([, orgs]) => orgs.length > 1)
		.map(([id]) => Number(id));
}

/**
 * Fill colour of each assigned tile in the assignment view: its organisation's own colour; on a
 * shared tile, the chosen organisation's when it is one of them (the manager sees what is theirs),
 * else the first's (the hatching says it is shared).
 */
export function tileColors(tiles: Readonly<Record<string, readonly number[]>>, chosen: number | null): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [tileId, orgs] of Object.entries(tiles)) {
		const org = chosen !== null && orgs.includes(chosen) ? chosen : orgs[0];
		out[tileId] = org === undefined ? NO_ORGANISATION_COLOR : organisationColor(org);
	}
	return out;
}

/** Among the selected tiles, those held by another organisation than `organisationId`, with who holds them. */
export function heldByOthers(selected: readonly number[], tiles: Readonly<Record<string, readonly number[]>>, organisationId: number): { tiles: number; organisations: number[] } {
	const others = new Set<number>();
	let count = 0;
	for (const id of selected) {
		const holders = (tiles[String(id)] ?? []).filter((o) => o !== organisationId);
		if (holders.length) count++;
		for (const o of holders) others.add(o);
	}
	return { tiles: count, organisations: [...others] };
}
