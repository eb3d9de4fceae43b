/**
 * Text as French desktop tools write it: UTF-8 from recent ones, Windows-1252 ("ANSI") from Excel's
 * "CSV (séparateur : point-virgule)", Notepad, ArcGIS and older QGIS, DOS code pages in old archives.
 *
 * Legacy code pages are decoded with iconv-lite, never with `TextDecoder`: Node 20's
 * `TextDecoder('windows-1252')` maps the bytes 0x80–0x9F to control characters, and that is where
 * Windows-1252 keeps ’ – — œ Œ … € — the characters of every French label ("Plan d’eau – cœur…").
 */
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

/** Decodes a byte string to text (one cell, one name, one file). */
export type Decode = (bytes: Uint8Array) => string;

const utf8 = new TextDecoder('utf-8');

/** A Buffer view on the same bytes (iconv-lite is typed for Buffers; no copy). */
const asBuffer = (b: Uint8Array): Buffer => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/** Whether `bytes` is well-formed UTF-8 (pure ASCII is). */
export function isValidUtf8(bytes: Uint8Array): boolean {
	return isUtf8(bytes);
}

/**
 * `bytes` without a UTF-8 character cut short at its very end (what a fixed-width field does to a
 * character that does not fit): the same array when its last character is whole (or when it is not
 * UTF-8 at all), else a shorter view.
 */
export function withoutCutUtf8Tail(bytes: Uint8Array): Uint8Array {
	let i = bytes.length - 1;
	let continuations = 0;
	while (i >= 0 && continuations < 3 && (bytes[i] & 0xc0) === 0x80) {
		i--;
		continuations++;
	}
	if (i < 0) return bytes;
	const lead = bytes[i];
	const size = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
	return size > 1 && bytes.length - i < size ? bytes.subarray(0, i) : bytes;
}

/**
 * A decoder for `encoding`, a name iconv-lite knows ('utf-8', 'cp1252', 'cp437', 'iso-8859-15'…).
 * The UTF-8 one drops a character cut at the end of the bytes (fixed-width fields) and reads a value
 * that is not UTF-8 at all as Windows-1252: files that say "UTF-8" and are not exist, and a readable
 * "forêt" is better than "for�t".
 * @throws Error when iconv-lite does not know `encoding` (check with {@link encodingExists}).
 */
export function decoderFor(encoding: string): Decode {
	if (/^utf-?8$/i.test(encoding)) return decodeUtf8Field;
	if (!iconv.encodingExists(encoding)) throw new Error(`unknown text encoding "${encoding}"`);
	// One decoder for every value (iconv.decode builds one per call: 2.5 times slower on a .dbf's
	// millions of cells). end() after each value resets multi-byte state, so a character cut at the end
	// of one cell cannot leak into the next.
	const decoder = iconv.getDecoder(encoding, { stripBOM: false });
	return (bytes) => {
		const text = decoder.write(asBuffer(bytes));
		const rest = decoder.end();
		return rest ? text + rest : text;
	};
}

/** Whether iconv-lite can decode `encoding`. */
export function encodingExists(encoding: string): boolean {
	return iconv.encodingExists(encoding);
}

const utf8Fatal = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8Field(bytes: Uint8Array): string {
	try {
		return utf8Fatal.decode(bytes);
	} catch {
		const whole = withoutCutUtf8Tail(bytes);
		if (whole !== bytes && isUtf8(whole)) return utf8.decode(whole);
		return iconv.decode(asBuffer(bytes), 'cp1252');
	}
}

/**
 * Decode a whole text file (CSV, JSON, .prj) as people save them: a byte-order mark says UTF-8 or
 * UTF-16 (Excel's "Unicode text"); otherwise valid UTF-8 is UTF-8 and anything else is Windows-1252,
 * what French Excel and Notepad write. The byte-order mark is removed.
 */
export function decodeTextFile(bytes: Uint8Array): string {
	if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decodeTextFile(bytes.subarray(3));
	if (bytes[0] === 0xff && bytes[1] === 0xfe) return iconv.decode(asBuffer(bytes.subarray(2)), 'utf-16le');
	if (bytes[0] === 0xfe && bytes[1] === 0xff) return iconv.decode(asBuffer(bytes.subarray(2)), 'utf-16be');
	return isUtf8(bytes) ? utf8.decode(bytes) : iconv.decode(asBuffer(bytes), 'cp1252');
}
