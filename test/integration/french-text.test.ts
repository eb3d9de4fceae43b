/**
 * Files as French desktop tools write them, through the real import: a nomenclature saved by French
 * Excel ("CSV (séparateur : point-virgule)", Windows-1252, with or without BOM).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { campaignDetail } from '../../src/lib/server/campaigns/campaigns.service.ts';
import { importCampaign } from '../../src/lib/server/campaigns/import.service.ts';
import type { Db } from '../../src/lib/server/db/db.ts';
import { DEMO, freshDb } from '../helpers/db.ts';

let ctx: ReturnType<typeof freshDb>;
let db: Db;
beforeEach(() => {
	ctx = freshDb();
	db = ctx.db;
});
afterEach(() => ctx.cleanup());

/** Windows-1252 bytes, from the code page's table for the characters used below. */
function cp1252(s: string): Uint8Array {
	const high: Record<string, number> = { '’': 0x92, '–': 0x96, 'œ': 0x9c, '…': 0x85, 'é': 0xe9, 'ê': 0xea, 'è': 0xe8, 'â': 0xe2, 'à': 0xe0 };
	return new Uint8Array([...s].map((c) => {
		const b = c.charCodeAt(0) < 0x80 ? c.charCodeAt(0) : high[c];
		if (b === undefined) throw new Error(`no Windows-1252 byte for "${c}" in this test's table`);
		return b;
	}));
}

const LABELS = {
	'CS1.2.1': 'Zones à matériaux minéraux – cœur de bourg',
	'CS1.2.2': 'Plan d’eau…',
	'CS2.1.1.1': 'Forêt de feuillus',
	'CS2.2.1': 'Prairies et pelouses (herbacées)'
};
const CSV = 'code;libellé;couleur\r\n' + Object.entries(LABELS).map(([code, label], i) => `${code};${label};#${String(i + 1).repeat(6)}`).join('\r\n') + '\r\n';

describe('nomenclature CSV saved by French Excel', () => {
	for (const [what, bytes] of [
		['Windows-1252', cp1252(CSV)],
		['UTF-8 with BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(CSV)])],
		['UTF-8 without BOM', new TextEncoder().encode(CSV)]
	] as const) {
		it(`reads its header "libellé" and its labels (${what})`, async () => {
			const file = join(ctx.dir, 'nomenclature.csv');
			writeFileSync(file, bytes);
			const id = await importCampaign(db, { name: 'Lot 1', landcover: join(DEMO, 'occupation_sol.gpkg'), classField: 'code_cs', nomenclature: file });
			const labels = Object.fromEntries(campaignDetail(db, id).nomenclature.entries.map((e) => [e.code, e.label]));
			expect(labels).toEqual(LABELS);
		});
	}
});
