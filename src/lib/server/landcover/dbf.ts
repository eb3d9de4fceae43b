/**
 * dBASE (.dbf) attribute tables of shapefiles, and the encoding of their text.
 *
 * The encoding comes from, in order:
 *  1. the `.cpg` file, when it names an encoding we know (`UTF-8`, `1252`, `ANSI 1251`, `ISO-8859-1`…);
 *  2. the language driver byte of the .dbf header (offset 29, "LDID"), when set: ArcGIS writes 0x57
 *     ("ANSI"), old ArcView/MapInfo exports a DOS code page;
 *  3. otherwise the bytes themselves: valid UTF-8 (allowing a character cut by a column's width) is
 *     UTF-8, anything else Windows-1252 — what French desktop tools write when they say nothing (a
 *     QGIS export whose .cpg got lost is UTF-8, an old ArcGIS or MapInfo one is Windows-1252).
 * "ISO-8859-1"/"Latin-1" is read as Windows-1252: its printable characters are the same, and the
 * bytes 0x80–0x9F, control characters in ISO-8859-1, are ’ – œ … in files Windows tools label Latin-1.
 */
import { InputError } from '../errors.ts';
import { decoderFor, encodingExists, isValidUtf8, withoutCutUtf8Tail, type Decode } from '../text-decoding.ts';

interface DbfField {
	name: string;
	type: string;
	offset: number;
	length: number;
	decimals: number;
}

/** An opened .dbf: column layout plus the bytes, records decoded on demand by {@link readDbfRecord}. */
export interface Dbf {
	fields: DbfField[];
	records: number;
	headerLength: number;
	recordLength: number;
	bytes: Uint8Array;
	/** iconv-lite name of the text encoding ('utf-8', 'cp1252'…). */
	encoding: string;
	/** What decided `encoding`. */
	encodingFrom: 'cpg' | 'ldid' | 'content';
	decode: Decode;
}

/** Windows code pages by ISO-8859 part, for the parts people label their files with. */
function iso8859(part: number): string | null {
	// Windows-1252 is Latin-1 plus the printable characters Latin-1 leaves to control codes (see above).
	if (part === 1) return 'cp1252';
	const name = `iso-8859-${part}`;
	return encodingExists(name) ? name : null;
}

function codePage(digits: string): string | null {
	const n = Number(digits);
	if (n === 65001) return 'utf-8';
	const iso = /^8859(\d{1,2})$/.exec(digits); // "88591", "885915"
	if (iso) return iso8859(Number(iso[1]));
	if (n >= 28591 && n <= 28599) return iso8859(n - 28590); // Windows' numbers for ISO-8859-1…9
	if (n === 28603 || n === 28605) return iso8859(n - 28590);
	return encodingExists(`cp${n}`) ? `cp${n}` : null;
}

/**
 * The encoding a `.cpg` file names, as an iconv-lite name, or null when it names none we know
 * (then the language driver byte and the content decide). Accepts what GIS write: `UTF-8`, `utf8`,
 * `65001`, `1252`, `ANSI 1252`, `CP1252`, `windows-1252`, `ISO-8859-1`, `ISO88591`, `88591`, `8859_1`,
 * `LATIN1`; `ANSI` and `OEM` alone are the code pages of a French Windows (1252 and 850).
 */
export function cpgEncoding(cpg: string): string | null {
	const s = cpg.replace(/\0/g, '').trim().toUpperCase();
	if (!s) return null;
	if (s === 'ANSI') return 'cp1252';
	if (s === 'OEM') return 'cp850';
	if (/^UTF[\s_-]*8$/.test(s)) return 'utf-8';
	let m = /^(?:ANSI|CP|WINDOWS|WIN|IBM|MS)?[\s_-]*(\d{3,6})$/.exec(s);
	if (m) return codePage(m[1]);
	m = /^(?:ISO|ISO_IEC)?[\s_-]*8859[\s_-]*(\d{1,2})(?::\d+)?$/.exec(s);
	if (m) return iso8859(Number(m[1]));
	m = /^LATIN[\s_-]*(\d)$/.exec(s);
	if (m) return ({ 1: iso8859(1), 2: iso8859(2), 9: iso8859(15) } as Record<string, string | null>)[m[1]] ?? null;
	return encodingExists(s.toLowerCase()) ? s.toLowerCase() : null;
}

/**
 * Code page of each dBASE language driver id (header byte 29), from the table of the dBASE and
 * ESRI documentation; ids for code pages iconv-lite lacks are left out.
 */
const LDID: Record<number, string> = {
	0x01: 'cp437', 0x02: 'cp850', 0x03: 'cp1252', 0x04: 'macintosh', 0x08: 'cp865', 0x09: 'cp437', 0x0a: 'cp850',
	0x0b: 'cp437', 0x0d: 'cp437', 0x0e: 'cp850', 0x0f: 'cp437', 0x10: 'cp850', 0x11: 'cp437', 0x12: 'cp850',
	0x13: 'cp932', 0x14: 'cp850', 0x15: 'cp437', 0x16: 'cp850', 0x17: 'cp865', 0x18: 'cp437', 0x19: 'cp437',
	0x1a: 'cp850', 0x1b: 'cp437', 0x1c: 'cp863', 0x1d: 'cp850', 0x1f: 'cp852', 0x22: 'cp852', 0x23: 'cp852',
	0x24: 'cp860', 0x25: 'cp850', 0x26: 'cp866', 0x37: 'cp850', 0x40: 'cp852', 0x4d: 'cp936', 0x4e: 'cp949',
	0x4f: 'cp950', 0x50: 'cp874', 0x57: 'cp1252', 0x58: 'cp1252', 0x59: 'cp1252', 0x64: 'cp852', 0x65: 'cp866',
	0x66: 'cp865', 0x67: 'cp861', 0x6a: 'cp737', 0x6b: 'cp857', 0x6c: 'cp863', 0x78: 'cp950', 0x79: 'cp949',
	0x7a: 'cp936', 0x7b: 'cp932', 0x7c: 'cp874', 0x7d: 'cp1255', 0x7e: 'cp1256', 0x86: 'cp737', 0x87: 'cp852',
	0x88: 'cp857', 0x96: 'maccyrillic', 0x97: 'maccenteuro', 0x98: 'macgreek', 0xc8: 'cp1250', 0xc9: 'cp1251',
	0xca: 'cp1254', 0xcb: 'cp1253', 0xcc: 'cp1257'
};

/** The encoding a dBASE language driver id stands for, or null (0: not said; unknown ids). */
export function ldidEncoding(ldid: number): string | null {
	return LDID[ldid] ?? null;
}

/** End of a text cell once its padding (spaces, NULs) is dropped. */
function trimmedEnd(b: Uint8Array, start: number, end: number): number {
	while (end > start && (b[end - 1] === 0x20 || b[end - 1] === 0)) end--;
	return end;
}

/** Whether a cell of a fixed-width column reads as UTF-8 (a full cell may end in a cut character). */
function cellIsUtf8(cell: Uint8Array, full: boolean): boolean {
	if (isValidUtf8(cell)) return true;
	if (!full) return false;
	const whole = withoutCutUtf8Tail(cell);
	return whole !== cell && isValidUtf8(whole);
}

/**
 * Whether the text of a .dbf that says nothing of its encoding is UTF-8: every column name and text
 * cell is valid UTF-8, except possibly for a character cut at the end of a full cell.
 */
function looksUtf8(bytes: Uint8Array, names: Uint8Array[], fields: DbfField[], headerLength: number, recordLength: number, records: number): boolean {
	if (!names.every((n) => cellIsUtf8(n, n.length === 10))) return false;
	const end = Math.min(bytes.length, headerLength + records * recordLength);
	// The common cases (ASCII only, or UTF-8 with no cut character) in one native pass.
	if (headerLength >= end || isValidUtf8(bytes.subarray(headerLength, end))) return true;
	const text = fields.filter((f) => f.type === 'C');
	for (let base = headerLength; base + recordLength <= end; base += recordLength) {
		for (const f of text) {
			const s = base + f.offset;
			const e = s + f.length;
			const t = trimmedEnd(bytes, s, e);
			let ascii = true;
			for (let i = s; i < t && ascii; i++) ascii = bytes[i] < 0x80;
			if (!ascii && !cellIsUtf8(bytes.subarray(s, t), t === e)) return false;
		}
	}
	return true;
}

/**
 * Open a .dbf (held in memory). `cpg` is the content of the .cpg file, if any; `name` the file name
 * used in messages.
 * @throws InputError `corrupt_file` when the table is truncated.
 */
export function openDbf(bytes: Uint8Array, name: string, cpg?: Uint8Array): Dbf {
	if (bytes.length < 32) {
		throw new InputError('corrupt_file', {
			en: `${name}: the .dbf is truncated (${bytes.length} bytes).`,
			fr: `${name} : le fichier .dbf est incomplet (${bytes.length} octets).`
		});
	}
	const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const records = dv.getUint32(4, true);
	const headerLength = dv.getUint16(8, true);
	const recordLength = dv.getUint16(10, true);
	const fields: DbfField[] = [];
	const names: Uint8Array[] = [];
	let offset = 1; // deletion flag
	for (let p = 32; p + 32 <= headerLength && p < bytes.length && bytes[p] !== 0x0d; p += 32) {
		let end = p;
		while (end < p + 11 && bytes[end] !== 0) end++;
		names.push(bytes.subarray(p, end));
		const length = bytes[p + 16];
		fields.push({ name: '', type: String.fromCharCode(bytes[p + 11]).toUpperCase(), offset, length, decimals: bytes[p + 17] });
		offset += length;
	}
	if (headerLength + records * recordLength > bytes.length + 1) {
		throw new InputError('corrupt_file', {
			en: `${name}: the .dbf is truncated: it declares ${records} records of ${recordLength} bytes but has ${bytes.length} bytes.`,
			fr: `${name} : le fichier .dbf est incomplet : il annonce ${records} enregistrements de ${recordLength} octets, mais ne fait que ${bytes.length} octets.`
		});
	}
	// A .cpg is plain ASCII; latin1 keeps any stray byte visible to cpgEncoding's "unknown".
	const fromCpg = cpg ? cpgEncoding(Buffer.from(cpg).toString('latin1')) : null;
	const fromLdid = ldidEncoding(bytes[29]);
	const encoding = fromCpg ?? fromLdid ?? (looksUtf8(bytes, names, fields, headerLength, recordLength, records) ? 'utf-8' : 'cp1252');
	const decode = decoderFor(encoding);
	fields.forEach((f, i) => (f.name = decode(names[i]).trim()));
	return { fields, records, headerLength, recordLength, bytes, encoding, encodingFrom: fromCpg ? 'cpg' : fromLdid ? 'ldid' : 'content', decode };
}

const ascii = (b: Uint8Array, start: number, end: number) => {
	let s = '';
	for (let i = start; i < end; i++) s += String.fromCharCode(b[i]);
	return s;
};

/** Attributes of record `i` (0-based), or null when the record is flagged deleted. */
export function readDbfRecord(dbf: Dbf, i: number): Record<string, unknown> | null {
	const base = dbf.headerLength + i * dbf.recordLength;
	const b = dbf.bytes;
	if (base + dbf.recordLength > b.length) return {};
	if (b[base] === 0x2a /* '*' */) return null;
	const out: Record<string, unknown> = {};
	for (const f of dbf.fields) {
		const s = base + f.offset;
		const e = s + f.length;
		let v: unknown = null;
		switch (f.type) {
			case 'N':
			case 'F': {
				const t = ascii(b, s, e).trim();
				if (t && !/^[*?]/.test(t)) {
					const n = Number(t.replace(',', '.'));
					v = Number.isNaN(n) ? t : n;
				}
				break;
			}
			case 'L': {
				const c = String.fromCharCode(b[s]).toUpperCase();
				v = 'TY'.includes(c) ? true : 'FN'.includes(c) ? false : null;
				break;
			}
			case 'D': {
				const t = ascii(b, s, e).trim();
				v = /^\d{8}$/.test(t) && t !== '00000000' ? `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}` : null;
				break;
			}
			case 'I':
			case '+':
				v = f.length >= 4 ? new DataView(b.buffer, b.byteOffset + s, 4).getInt32(0, true) : null;
				break;
			case 'O':
				v = f.length >= 8 ? new DataView(b.buffer, b.byteOffset + s, 8).getFloat64(0, true) : null;
				break;
			case 'M':
			case 'B':
			case 'G':
				v = null; // memo/binary blocks live in a .dbt we do not read
				break;
			default: // 'C' and unknown types: text
				v = dbf.decode(b.subarray(s, trimmedEnd(b, s, e)));
		}
		out[f.name] = v;
	}
	return out;
}
