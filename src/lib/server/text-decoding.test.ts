import { describe, expect, it } from 'vitest';
import { decodeTextFile, decoderFor, withoutCutUtf8Tail } from './text-decoding.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const bytes = (...b: number[]) => new Uint8Array(b);

describe('decodeTextFile (CSV, JSON, .prj as people save them)', () => {
	it.each([
		['UTF-8', utf8('code;libellé\nCS1;Forêt'), 'code;libellé\nCS1;Forêt'],
		['UTF-8 with BOM', bytes(0xef, 0xbb, 0xbf, ...utf8('libellé')), 'libellé'],
		// French Excel, "CSV (séparateur : point-virgule)": Windows-1252, ’ – œ … in 0x80–0x9F.
		['Windows-1252', bytes(0x6c, 0x69, 0x62, 0x65, 0x6c, 0x6c, 0xe9, 0x3b, 0x64, 0x92, 0x65, 0x61, 0x75, 0x20, 0x96, 0x20, 0x63, 0x9c, 0x75, 0x72, 0x85), 'libellé;d’eau – cœur…'],
		// Excel, "Texte Unicode": UTF-16 little-endian with its byte-order mark.
		['UTF-16LE with BOM', bytes(0xff, 0xfe, 0x63, 0, 0xe9, 0, 0x19, 0x20), 'cé’'],
		['UTF-16BE with BOM', bytes(0xfe, 0xff, 0, 0x63, 0, 0xe9), 'cé'],
		['empty', bytes(), '']
	])('%s', (_, input, text) => {
		expect(decodeTextFile(input)).toBe(text);
	});
});

describe('withoutCutUtf8Tail (a character cut by a fixed-width field)', () => {
	it.each([
		['whole ASCII', utf8('abc'), 3],
		['whole 2-byte é', utf8('é'), 2],
		['whole 3-byte ’', utf8('d’'), 4],
		['whole 4-byte emoji', utf8('a🌳'), 5],
		['lead byte of é alone', bytes(0x61, 0xc3), 1],
		['2 of the 3 bytes of ’', bytes(0x64, 0xe2, 0x80), 1],
		['1 of the 3 bytes of ’', bytes(0x64, 0xe2), 1],
		['3 of the 4 bytes of an emoji', bytes(0x61, 0xf0, 0x9f, 0x8c), 1],
		['Windows-1252 é at the end (not a cut, not UTF-8: left alone by this function)', bytes(0x63, 0x61, 0x66, 0xe9), 3],
		['empty', bytes(), 0]
	])('%s', (_, input, length) => {
		expect(withoutCutUtf8Tail(input).length).toBe(length);
	});
});

describe('decoderFor', () => {
	it('decodes Windows-1252 with its printable 0x80–0x9F (where TextDecoder gives control characters)', () => {
		expect(decoderFor('cp1252')(bytes(0x92, 0x96, 0x97, 0x9c, 0x8c, 0x85, 0x80, 0xab, 0xbb))).toBe('’–—œŒ…€«»');
		expect(new TextDecoder('windows-1252').decode(bytes(0x92))).not.toBe('’'); // the Node 20 behaviour we avoid
	});

	it('UTF-8: drops a cut last character, reads a value that is not UTF-8 at all as Windows-1252', () => {
		const d = decoderFor('utf-8');
		expect(d(bytes(0x64, 0xe2, 0x80))).toBe('d');
		expect(d(utf8('Forêt'))).toBe('Forêt');
		expect(d(bytes(0x66, 0x6f, 0x72, 0xea, 0x74))).toBe('forêt');
	});

	it('refuses an encoding it does not know', () => {
		expect(() => decoderFor('klingon')).toThrow(/klingon/);
	});
});
