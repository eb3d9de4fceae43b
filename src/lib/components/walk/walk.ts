/**
 * The feature walk as the walk page shows it: which polygons a person walks ("mine" or all), where
 * next and previous lead, each class's progress with this person's latest answers counted at once,
 * the class picker's type-ahead, and which review sessions stay open. Pure, unit-tested.
 */
import type { WalkClass, WalkItem, WalkOverview } from '../../server/review/walk.service.ts';
import { WALK_ANSWERS, type WalkAnswer } from '../../review/document.ts';
import type { Locale } from '../../i18n/locale.ts';
import type { NomenclatureEntry } from '../../api/types.ts';
import type { WalkEntry } from '../../collab/tile-doc.ts';

export type { WalkClass, WalkDraw, WalkItem, WalkOverview } from '../../server/review/walk.service.ts';

/** "My polygons" (their home tile is one of my organisations' tiles) or every polygon of the sample. */
export type WalkFilter = 'mine' | 'all';

/** The polygons walked under a filter, in walk order (class, then draw order). */
export function walkedItems(items: readonly WalkItem[], filter: WalkFilter, myTileIds: ReadonlySet<number>): WalkItem[] {
	return filter === 'all' ? [...items] : items.filter((item) => myTileIds.has(item.tileId));
}

/**
 * The filter a person starts with: their own polygons when some polygons are theirs (a reviewer),
 * else all of them (a manager, an observer, or a reviewer whose tiles the draw missed).
 */
export function defaultFilter(items: readonly WalkItem[], myTileIds: ReadonlySet<number>): WalkFilter {
	return items.some((item) => myTileIds.has(item.tileId)) ? 'mine' : 'all';
}

/** The polygon after (`1`) or before (`-1`) `featureId` in `items`; null at either end or when it is not there. */
export function neighbour(items: readonly WalkItem[], featureId: number | null, direction: 1 | -1): WalkItem | null {
	const index = items.findIndex((item) => item.featureId === featureId);
	if (index === -1) return null;
	return items[index + direction] ?? null;
}

/**
 * Where a walk (re)starts: the polygon asked for (e.g. in the address) when it is walked, else the
 * first one this person has not answered yet, else the first one.
 */
export function startingItem(items: readonly WalkItem[], wanted: number | null, mine: ReadonlyMap<number, WalkAnswer | null>): WalkItem | null {
	const asked = items.find((item) => item.featureId === wanted);
	if (asked) return asked;
	return items.find((item) => (mine.has(item.featureId) ? mine.get(item.featureId) : item.mine) === null) ?? items[0] ?? null;
}

/**
 * The overview with this person's latest answers (`mine`: feature id → answer, null = withdrawn)
 * counted in, before the server's projection has them: the answer is in the tile document at once,
 * the projection a moment later. Applying it again to an overview that already has it changes nothing.
 */
export function withMyAnswers(overview: WalkOverview, mine: ReadonlyMap<number, WalkAnswer | null>): WalkOverview {
	if (mine.size === 0) return overview;
	const classes = new Map(overview.classes.map((c) => [c.code, { ...c, byAnswer: { ...c.byAnswer } }]));
	const items = overview.items.map((item) => {
		if (!mine.has(item.featureId)) return item;
		const now = mine.get(item.featureId) ?? null;
		const before = item.mine;
		if (now === before) return item;
		const answers = item.answers + (before === null ? 1 : 0) - (now === null ? 1 : 0);
		const c = classes.get(item.classCode);
		if (c) {
			if (before) c.byAnswer[before] = Math.max(0, c.byAnswer[before] - 1);
			if (now) c.byAnswer[now] += 1;
			if (item.answers === 0 && answers > 0) c.answered += 1;
			if (item.answers > 0 && answers === 0) c.answered -= 1;
		}
		return { ...item, mine: now, answers };
	});
	return { ...overview, classes: [...classes.values()], items };
}

/** Progress of one class among the polygons walked: how many there are and how many this person answered. */
export interface ClassProgress extends WalkClass {
	/** Polygons of the class in the filtered walk. */
	walked: number;
	/** …that this person has answered. */
	mineAnswered: number;
}

/** Each class's progress (everyone's answers), with the walker's own share of the polygons they walk. */
export function classProgress(overview: WalkOverview, walked: readonly WalkItem[]): ClassProgress[] {
	return overview.classes.map((c) => {
		const own = walked.filter((item) => item.classCode === c.code);
		return { ...c, walked: own.length, mineAnswered: own.filter((item) => item.mine !== null).length };
	});
}

/** Total answers of a class, all kinds. */
export function answerTotal(c: Pick<WalkClass, 'byAnswer'>): number {
	return WALK_ANSWERS.reduce((sum, kind) => sum + (c.byAnswer[kind] ?? 0), 0);
}

/** Someone else's answer about the polygon shown, with their name. */
export interface OtherAnswer extends WalkEntry {
	name: string;
	organisation: string | null;
}

// ─── The class picker ────────────────────────────────────────────────────────────────────────────

/** Lower case, no accents, single spaces: "Forêts " and "foret" meet. */
export function fold(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/\s+/g, ' ')
		.trim();
}

/** A class's label in the UI language (the nomenclature's own, French, when it has no English one). */
export function classLabel(entry: NomenclatureEntry, locale: Locale): string {
	return locale === 'en' && entry.labelEn ? entry.labelEn : entry.label;
}

/**
 * The classes an "other class" answer offers: the finest level of the nomenclature (what deliveries
 * are mapped in: "CS1.1" is the parent of "CS1.1.1"), without the class the polygon already has.
 */
export function pickableClasses(entries: readonly NomenclatureEntry[], mapped: string | null): NomenclatureEntry[] {
	const codes = entries.map((e) => e.code);
	return entries.filter((e) => e.code !== mapped && !codes.some((c) => c !== e.code && c.startsWith(`${e.code}.`)));
}

/**
 * Type-ahead over classes: what was typed is matched against the code (from its start: "cs2.2"),
 * and against the label in the UI language and in French, word by word, ignoring case and accents
 * ("herb", "eau", "forets feuillus"). Best matches first: code, then a label word starting with the
 * query, then anywhere; otherwise in nomenclature order. An empty query keeps every class.
 */
export function matchClasses(entries: readonly NomenclatureEntry[], query: string, locale: Locale): NomenclatureEntry[] {
	const q = fold(query);
	if (!q) return [...entries];
	const words = q.split(' ');
	const ranked: { entry: NomenclatureEntry; rank: number; index: number }[] = [];
	entries.forEach((entry, index) => {
		const code = entry.code.toLowerCase();
		const labels = [fold(classLabel(entry, locale)), fold(entry.label)];
		let rank: number;
		if (code.startsWith(q)) rank = 0;
		else if (labels.some((l) => words.every((w) => l.split(/[\s'’(),/-]+/).some((part) => part.startsWith(w))))) rank = 1;
		else if (labels.some((l) => words.every((w) => l.includes(w)))) rank = 2;
		else return;
		ranked.push({ entry, rank, index });
	});
	return ranked.sort((a, b) => a.rank - b.rank || a.index - b.index).map((r) => r.entry);
}

// ─── Review sessions ─────────────────────────────────────────────────────────────────────────────

/** An open review session of a home tile, as the retention rule sees it. */
export interface OpenSession {
	tileId: number;
	/** When it was last the current one (ms). */
	lastUsed: number;
	/** Changes not yet confirmed stored by the server. */
	pending: number;
}

/** How long a session no longer needed stays open, for a quick back-and-forth between polygons. */
export const SESSION_GRACE_MS = 30_000;

/**
 * The sessions to close now: neither the current tile's nor the previous one's, unused for
 * `graceMs`, and with nothing waiting for the server (a change made offline keeps its session open
 * until it is stored; if the page is left first, the tile's local copy sends it on the next visit).
 */
export function sessionsToClose(open: readonly OpenSession[], keep: ReadonlySet<number>, now: number, graceMs = SESSION_GRACE_MS): number[] {
	return open.filter((s) => !keep.has(s.tileId) && s.pending === 0 && now - s.lastUsed >= graceMs).map((s) => s.tileId);
}
