/** GeoJSON nested deeper than any land cover needs: a clear refusal, never a stack overflow. */
import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { MAX_GEOJSON_DEPTH, jsonDepth } from './geojson.ts';
import { openLandcover } from './open.ts';
import { collect, tempDir } from './test-helpers.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const N = 100_000;
const deepArray = (n: number) => '['.repeat(n) + ']'.repeat(n);
const deepObject = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
const square = '[[[0,0],[1,0],[1,1],[0,0]]]';
const feature = (geometry: string, properties = '{"code":"A"}') => `{"type":"Feature","properties":${properties},"geometry":${geometry}}`;
const collection = (features: string[], extra = '') => `{"type":"FeatureCollection"${extra},"features":[${features.join(',')}]}`;

/** Everything a user of the file does with it: open, offer the fields' values, read every feature. */
async function useFully(name: string, text: string): Promise<unknown> {
	const path = tmp.path(name);
	writeFileSync(path, text);
	try {
		const ds = await openLandcover(path, {});
		for (const f of ds.fields) ds.sampleValues(f, 8);
		for (const f of collect(ds)) JSON.stringify(f.properties);
		ds.close();
		return null;
	} catch (e) {
		return e;
	}
}

describe('GeoJSON nesting depth', () => {
	it.each([
		['coordinates', collection([feature(`{"type":"Polygon","coordinates":${deepArray(N)}}`)])],
		['a property value (array)', collection([feature(`{"type":"Polygon","coordinates":${square}}`, `{"code":${deepArray(N)}}`)])],
		['a property value (object)', collection([feature(`{"type":"Polygon","coordinates":${square}}`, `{"code":${deepObject(N)}}`)])],
		['the "crs" member', collection([feature(`{"type":"Polygon","coordinates":${square}}`)], `,"crs":${deepObject(N)}`)],
		['a document that is not even valid JSON', '['.repeat(N)]
	])('refuses %s nested 100 000 levels deep with a 422 saying how deep and how deep a geometry goes', async (what, text) => {
		const e = await useFully('deep.geojson', text);
		expect(e, what).toBeInstanceOf(InputError);
		const err = e as InputError;
		expect(err.code).toBe('too_deep');
		expect(err.status).toBe(422);
		expect(err.messages.en).toMatch(/deep\.geojson is nested 100[\s,]?00\d levels deep/);
		expect(err.messages.en).toMatch(/4 levels of arrays/);
		expect(err.messages.fr).toMatch(/deep\.geojson est imbriqué sur 100[\s]?00\d niveaux/);
		expect(err.messages.en).not.toMatch(/\n/);
	});

	it('accepts a MultiPolygon with nested properties well within the limit', async () => {
		const multi = `{"type":"MultiPolygon","coordinates":[${square},${square}]}`;
		const props = `{"code":"A","meta":${deepObject(20)}}`;
		expect(await useFully('fine.geojson', collection([feature(multi, props)]))).toBeNull();
	});

	it('counts depth outside strings only, on the bytes as stored', () => {
		const enc = (s: string) => new TextEncoder().encode(s);
		expect(jsonDepth(enc('{"a":[1,2,{"b":"[[[[{{{{"}]}'))).toBe(3);
		expect(jsonDepth(enc('"\\"[[["'))).toBe(0);
		expect(jsonDepth(enc('{"é":"\\\\","x":[[]]}'))).toBe(3);
		expect(jsonDepth(enc(deepArray(MAX_GEOJSON_DEPTH + 1)))).toBe(MAX_GEOJSON_DEPTH + 1);
	});
});
