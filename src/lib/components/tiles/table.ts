/**
 * Pure logic of the campaign's tile table: rows, filters, sorting and status counts.
 */
import type { Locale } from '../../i18n/locale.ts';
import type { NomenclatureEntry, TileCollection, TileStatus } from '$lib/api/types.ts';
import { TILE_STATUSES } from '$lib/review/status.ts';

/** A class label in the UI language: the English label when asked for and available, else the French one. */
export function entryLabel(entry: NomenclatureEntry | undefined, locale: Locale): string | undefined {
	if (!entry) return undefined;
	return locale === 'en' && entry.labelEn ? entry.labelEn : entry.label;
}

/** One table row, flattened from a tile feature. */
export interface TileRow {
	id: number;
	name: string;
	status: TileStatus;
	featureCount: number;
	ordinal: number;
	dominantClass: string | null;
	/** Area of the dominant class, m²; 0 when the tile is empty. */
	dominantArea: number;
	/** Organisations the tile is assigned to (empty: none). */
	organisationIds: number[];
	/** Assigned to one of the user's organisations ("my tiles"). */
	mine: boolean;
}

/** Who holds which tile (GET /api/campaigns/:id/assignments `tiles`) and whom the user reviews for. */
export interface RowAssignments {
	tiles: Record<string, number[]>;
	myOrganisationIds: readonly number[];
}

export type SortKey = 'ordinal' | 'name' | 'status' | 'featureCount' | 'dominantClass' | 'dominantArea';
export type SortDirection = 'ascending' | 'descending';
export interface SortState {
	key: SortKey;
	direction: SortDirection;
}

export interface TileFilter {
	/** '' for any status. */
	status: TileStatus | '';
	/** '' for any class; NO_CLASS for tiles without land cover. */
	dominantClass: string;
	/** Case- and accent-insensitive substring of the tile name. */
	search: string;
	/** Only the user's own tiles. */
	mine: boolean;
	/** '' for any; NO_ORGANISATION for tiles assigned to none; else an organisation id. */
	organisation: string;
}

/** Filter value matching tiles assigned to no organisation ("non attribuées"). */
export const NO_ORGANISATION = 'none';

/** Filter value matching tiles without a dominant class (no land cover). */
export const NO_CLASS = '\u0000none';

export const EMPTY_FILTER: TileFilter = { status: '', dominantClass: '', search: '', mine: false, organisation: '' };

/** Whether any filter is on. */
export function isFiltered(filter: TileFilter): boolean {
	return filter.status !== '' || filter.dominantClass !== '' || filter.search.trim() !== '' || filter.mine || filter.organisation !== '';
}

/** Rows from the tiles FeatureCollection, in review order (with who holds each tile, when known). */
export function tileRows(collection: TileCollection, assignments?: RowAssignments | null): TileRow[] {
	const mine = new Set(assignments?.myOrganisationIds ?? []);
	return collection.features
		.map((feature): TileRow => {
			const p = feature.properties;
			const dominant = p.dominant_class ?? null;
			const organisationIds = assignments?.tiles[String(feature.id)] ?? [];
			return {
				id: Number(feature.id),
				name: p.name,
				status: p.status,
				featureCount: p.feature_count ?? 0,
				ordinal: p.ordinal ?? 0,
				dominantClass: dominant,
				dominantArea: dominant !== null ? (p.areas?.[dominant] ?? 0) : 0,
				organisationIds,
				mine: organisationIds.some((id) => mine.has(id))
			};
		})
		.sort((a, b) => a.ordinal - b.ordinal || a.id - b.id);
}

/** Lower-cases and strips diacritics so "Tuile é" matches "tuile e". */
export function normalizeText(text: string): string {
	return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().trim();
}

/** Rows passing every active filter. */
export function filterRows(rows: readonly TileRow[], filter: TileFilter): TileRow[] {
	const needle = normalizeText(filter.search);
	return rows.filter(
		(row) =>
			(filter.status === '' || row.status === filter.status) &&
			(filter.dominantClass === '' ||
				(filter.dominantClass === NO_CLASS
					? row.dominantClass === null
					: row.dominantClass === filter.dominantClass)) &&
			(needle === '' || normalizeText(row.name).includes(needle)) &&
			(!filter.mine || row.mine) &&
			(filter.organisation === '' ||
				(filter.organisation === NO_ORGANISATION
					? row.organisationIds.length === 0
					: row.organisationIds.includes(Number(filter.organisation))))
	);
}

const STATUS_ORDER: Record<TileStatus, number> = { not_started: 0, in_review: 1, reviewed: 2, validated: 3 };
const nameCollator = new Intl.Collator('fr', { numeric: true, sensitivity: 'base' });

/**
 * Sorted copy of `rows`. Names compare "naturally" (T2 before T10); missing classes sort last in
 * ascending order; ties fall back to the review order so the result is deterministic.
 */
export function sortRows(
	rows: readonly TileRow[],
	{ key, direction }: SortState,
	classLabel: (code: string) => string = (code) => code
): TileRow[] {
	const sign = direction === 'ascending' ? 1 : -1;
	const compare = (a: TileRow, b: TileRow): number => {
		switch (key) {
			case 'name':
				return nameCollator.compare(a.name, b.name);
			case 'status':
				return STATUS_ORDER[a.status] - STATUS_ORDER[b.status];
			case 'featureCount':
				return a.featureCount - b.featureCount;
			case 'dominantArea':
				return a.dominantArea - b.dominantArea;
			case 'dominantClass': {
				if (a.dominantClass === b.dominantClass) return 0;
				if (a.dominantClass === null) return 1;
				if (b.dominantClass === null) return -1;
				return nameCollator.compare(classLabel(a.dominantClass), classLabel(b.dominantClass));
			}
			case 'ordinal':
				return a.ordinal - b.ordinal;
		}
	};
	return [...rows].sort((a, b) => sign * compare(a, b) || a.ordinal - b.ordinal || a.id - b.id);
}

/** Clicking a column header: same column flips the direction, another column starts ascending. */
export function toggleSort(current: SortState, key: SortKey): SortState {
	if (current.key === key) {
		return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
	}
	return { key, direction: 'ascending' };
}

/** Number of tiles per status (every status present, possibly 0). */
export function countByStatus(rows: readonly { status: TileStatus }[]): Record<TileStatus, number> {
	const counts = Object.fromEntries(TILE_STATUSES.map((s) => [s, 0])) as Record<TileStatus, number>;
	for (const row of rows) counts[row.status] = (counts[row.status] ?? 0) + 1;
	return counts;
}

/** Dominant classes present in `rows`, in nomenclature order, then unknown codes alphabetically. */
export function dominantClassesOf(rows: readonly TileRow[], entries: readonly NomenclatureEntry[]): string[] {
	const present = new Set(rows.map((r) => r.dominantClass).filter((c): c is string => c !== null));
	const known = entries.map((e) => e.code).filter((code) => present.has(code));
	const unknown = [...present].filter((code) => !entries.some((e) => e.code === code)).sort();
	return [...known, ...unknown];
}

/** One line of a tile's class-area table. */
export interface ClassAreaRow {
	code: string;
	label: string;
	color: string;
	/** m² */
	area: number;
	/** Share of the total classified area, 0..1. */
	share: number;
}

/** Class areas of a tile, largest first, labelled from the nomenclature. */
export function classAreaRows(
	areas: Record<string, number> | null | undefined,
	entries: readonly NomenclatureEntry[],
	unknownColor: string,
	locale: Locale = 'fr'
): ClassAreaRow[] {
	const byCode = new Map(entries.map((e) => [e.code, e]));
	const list = Object.entries(areas ?? {}).filter(([, area]) => Number.isFinite(area) && area > 0);
	const total = list.reduce((sum, [, area]) => sum + area, 0);
	return list
		.map(([code, area]) => {
			const entry = byCode.get(code);
			return {
				code,
				label: entryLabel(entry, locale) ?? code,
				color: entry?.color ?? unknownColor,
				area,
				share: total > 0 ? area / total : 0
			};
		})
		.sort((a, b) => b.area - a.area || a.code.localeCompare(b.code));
}
