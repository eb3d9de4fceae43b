/**
 * Land-cover nomenclatures: the list of class codes a delivery may use, with labels and display colours.
 */
import { OCSGE_CS, OCSGE_US } from './ocsge.ts';

export interface NomenclatureEntry {
	/** Class code as it appears in the delivery's class field, e.g. "CS1.1.1.1". */
	code: string;
	/** Label in French (the delivery's language for OCS GE). */
	label: string;
	labelEn?: string;
	/** Display colour, lowercase '#rrggbb'. */
	color: string;
}

export interface Nomenclature {
	id: string;
	name: string;
	entries: NomenclatureEntry[];
}

/** A lookup result: a nomenclature entry, or a fallback for a code the nomenclature does not define. */
export interface ClassInfo extends NomenclatureEntry {
	/** true when the code is not in the nomenclature (the entry is a grey fallback). */
	unknown?: true;
}

/**
 * A nomenclature file or id is wrong (missing column, duplicate code, bad colour, …). `message` is one line,
 * for the user. The server maps it to InputError.
 */
export class NomenclatureError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'NomenclatureError';
	}
}

export type BuiltinNomenclatureId = 'ocsge-cs' | 'ocsge-us';

export const BUILTIN_NOMENCLATURES: { id: BuiltinNomenclatureId; name: string }[] = [
	{ id: 'ocsge-cs', name: 'OCS GE — Couverture du sol (CS)' },
	{ id: 'ocsge-us', name: 'OCS GE — Usage du sol (US)' }
];

export function isBuiltinNomenclatureId(id: string): id is BuiltinNomenclatureId {
	return id === 'ocsge-cs' || id === 'ocsge-us';
}

/**
 * A built-in nomenclature (a fresh copy: callers may modify it).
 * @throws NomenclatureError for an unknown id.
 */
export function getBuiltinNomenclature(id: BuiltinNomenclatureId): Nomenclature {
	const meta = BUILTIN_NOMENCLATURES.find((n) => n.id === id);
	if (!meta) {
		throw new NomenclatureError(
			`Unknown nomenclature "${id}": use ${BUILTIN_NOMENCLATURES.map((n) => `"${n.id}"`).join(' or ')}, or upload a CSV/JSON file.`
		);
	}
	const entries = id === 'ocsge-cs' ? OCSGE_CS : OCSGE_US;
	return { id: meta.id, name: meta.name, entries: entries.map((e) => ({ ...e })) };
}

/**
 * The entries that have no child in the nomenclature (codes are hierarchical by prefix: "CS1.1" is the parent
 * of "CS1.1.1"). Useful for legends: deliveries use the finest level.
 */
export function leafEntries(nom: Nomenclature): NomenclatureEntry[] {
	const codes = nom.entries.map((e) => e.code);
	return nom.entries.filter((e) => !codes.some((c) => c !== e.code && c.startsWith(e.code + '.')));
}

interface Index {
	exact: Map<string, NomenclatureEntry>;
	loose: Map<string, NomenclatureEntry>;
}
const indexes = new WeakMap<Nomenclature, Index>();

const loose = (code: string) => code.trim().toLowerCase();

function indexOf(nom: Nomenclature): Index {
	let idx = indexes.get(nom);
	// rebuild if entries were replaced or appended since (cheap check)
	if (!idx || idx.exact.size !== nom.entries.length) {
		idx = { exact: new Map(), loose: new Map() };
		for (const e of nom.entries) {
			idx.exact.set(e.code, e);
			if (!idx.loose.has(loose(e.code))) idx.loose.set(loose(e.code), e);
		}
		indexes.set(nom, idx);
	}
	return idx;
}

/**
 * The entry for a class code: exact match first, then ignoring case and surrounding spaces (deliveries write
 * "cs1.1.1.1 "); for an unknown code, a fallback entry with `unknown: true`, the code as label and a greyish
 * deterministic colour (`colorForUnknown`).
 */
export function lookupClass(nom: Nomenclature, code: string | null | undefined): ClassInfo {
	const c = code == null ? '' : String(code);
	const idx = indexOf(nom);
	const hit = idx.exact.get(c) ?? idx.loose.get(loose(c));
	if (hit) return hit;
	const empty = c.trim() === '';
	return {
		code: c,
		label: empty ? '(sans classe)' : c,
		labelEn: empty ? '(no class)' : c,
		color: colorForUnknown(c),
		unknown: true
	};
}

/** FNV-1a 32-bit hash of the UTF-16 code units (stable, tiny; only for colours). */
function fnv1a(s: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < s.length; i++) {
		h ^= s.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

function hslToHex(h: number, s: number, l: number): string {
	const a = s * Math.min(l, 1 - l);
	const f = (n: number) => {
		const k = (n + h / 30) % 12;
		const v = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
		return Math.round(v * 255)
			.toString(16)
			.padStart(2, '0');
	};
	return `#${f(0)}${f(8)}${f(4)}`;
}

/**
 * Deterministic colour for a code outside the nomenclature: a grey with a faint tint (hue and lightness from a
 * hash of the code), so unknown classes read as "unclassified" on the map yet stay distinguishable from each
 * other. The empty code is plain mid-grey.
 */
export function colorForUnknown(code: string): string {
	const c = code.trim();
	if (c === '') return '#9e9e9e';
	const h = fnv1a(c);
	return hslToHex(h % 360, 0.14, 0.5 + ((h >>> 9) % 21) / 100);
}
