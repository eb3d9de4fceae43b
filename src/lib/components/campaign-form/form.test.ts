import { describe, expect, it } from 'vitest';
import {
	acceptAttribute,
	buildCreateRequest,
	defaultValues,
	hasAcceptedExtension,
	nomenclatureForField,
	pickClassField,
	randomSeed,
	uniqueName,
	validate,
	type CampaignFormValues
} from './form.ts';

function filled(overrides: Partial<CampaignFormValues> = {}): CampaignFormValues {
	return {
		...defaultValues('abc123'),
		name: '  OCS GE Gers  ',
		uploadId: 'u1',
		landcover: 'occupation_sol.gpkg',
		classField: 'code_cs',
		ortho: ['ortho-2020.tif'],
		...overrides
	};
}

describe('file types', () => {
	it('accepts the documented extensions, case-insensitively', () => {
		expect(hasAcceptedExtension('OCC.GPKG', 'landcover')).toBe(true);
		expect(hasAcceptedExtension('zones.zip', 'landcover')).toBe(true);
		expect(hasAcceptedExtension('a.fgb', 'landcover')).toBe(true);
		expect(hasAcceptedExtension('a.shp', 'landcover')).toBe(false);
		expect(hasAcceptedExtension('ortho.TIFF', 'previous')).toBe(true);
		expect(hasAcceptedExtension('ortho.jp2', 'ortho')).toBe(false);
		expect(hasAcceptedExtension('nomenclature.csv', 'nomenclature')).toBe(true);
		expect(acceptAttribute('previous')).toBe('.tif,.tiff');
	});
});

describe('class field', () => {
	it('prefers code_cs, then code_us, in any case', () => {
		expect(pickClassField(['id', 'code_us', 'code_cs'])).toBe('code_cs');
		expect(pickClassField(['id', 'CODE_US'])).toBe('CODE_US');
		expect(pickClassField(['id', 'nature'])).toBe('');
		expect(pickClassField([])).toBe('');
	});
	it('maps OCS GE fields to their nomenclature', () => {
		expect(nomenclatureForField('code_cs')).toBe('ocsge-cs');
		expect(nomenclatureForField('CODE_US')).toBe('ocsge-us');
		expect(nomenclatureForField('nature')).toBeNull();
	});
});

describe('randomSeed', () => {
	it('gives 8 hex characters from the random source', () => {
		expect(randomSeed((a) => a.fill(0xab))).toBe('abababab');
		expect(randomSeed((a) => a.fill(1))).toBe('01010101');
		expect(randomSeed()).toMatch(/^[0-9a-f]{8}$/);
		expect(randomSeed()).not.toBe(randomSeed());
	});
});

describe('uniqueName', () => {
	it('suffixes taken names before the extension', () => {
		expect(uniqueName('ortho.tif', new Set())).toBe('ortho.tif');
		expect(uniqueName('ortho.tif', new Set(['ortho.tif']))).toBe('ortho-2.tif');
		expect(uniqueName('ortho.tif', new Set(['ortho.tif', 'ortho-2.tif']))).toBe('ortho-3.tif');
		expect(uniqueName('README', new Set(['README']))).toBe('README-2');
		expect(uniqueName('.hidden', new Set(['.hidden']))).toBe('.hidden-2');
		expect(uniqueName('a/b\\c.tif', new Set())).toBe('a_b_c.tif');
	});
});

describe('validate', () => {
	it('accepts a complete form', () => {
		expect(validate(filled())).toEqual([]);
	});
	it('reports each missing piece', () => {
		expect(validate(defaultValues(''))).toEqual(['name', 'landcover', 'imagery']);
		expect(validate(filled({ classField: '' }))).toEqual(['classField']);
		expect(validate(filled({ nomenclature: 'custom' }))).toEqual(['nomenclatureFile']);
		expect(validate(filled({ tileSize: 0 }))).toEqual(['tileSize']);
		expect(validate(filled({ tileSize: null, tilingMode: 'images' }))).toEqual([]);
		expect(validate(filled({ samplingMode: 'random', sampleSize: 2.5, seed: ' ' }))).toEqual(['sampleSize', 'seed']);
	});
	it('accepts an external service instead of orthophotos, and checks it', () => {
		const external = { kind: 'xyz' as const, url: 'https://tiles.example/{z}/{x}/{y}.png', layers: '', attribution: '' };
		expect(validate(filled({ ortho: [], external }))).toEqual([]);
		expect(validate(filled({ external: { ...external, url: 'ftp://x' } }))).toEqual(['externalUrl']);
		expect(validate(filled({ external: { ...external, kind: 'wms' } }))).toEqual(['externalLayers']);
		expect(
			validate(filled({ externalPrevious: { ...external, kind: 'wmts', url: 'nope' } }))
		).toEqual(['externalPreviousUrl', 'externalPreviousLayers']);
	});
});

describe('buildCreateRequest', () => {
	it('builds the minimal body, trimming and omitting blanks', () => {
		expect(buildCreateRequest(filled())).toEqual({
			name: 'OCS GE Gers',
			uploadId: 'u1',
			landcover: 'occupation_sol.gpkg',
			classField: 'code_cs',
			nomenclature: 'ocsge-cs',
			ortho: ['ortho-2020.tif'],
			previous: [],
			tiling: { mode: 'grid', size: 1000 },
			sampling: { mode: 'all' }
		});
	});
	it('carries every option', () => {
		const body = buildCreateRequest(
			filled({
				contractor: ' ACME ',
				description: 'Lot 3',
				nomenclature: 'custom',
				nomenclatureFile: 'nomenclature.csv',
				previous: ['ortho-2018.tif'],
				external: { kind: 'wms', url: ' https://wms.example/ows ', layers: ' ORTHO ', attribution: 'IGN' },
				externalPrevious: { kind: 'xyz', url: 'https://x/{z}/{x}/{y}', layers: 'ignored', attribution: '' },
				tilingMode: 'images',
				samplingMode: 'stratified',
				sampleSize: 12,
				seed: ' s33d '
			})
		);
		expect(body).toMatchObject({
			contractor: 'ACME',
			description: 'Lot 3',
			nomenclature: 'nomenclature.csv',
			previous: ['ortho-2018.tif'],
			external: { kind: 'wms', url: 'https://wms.example/ows', layers: 'ORTHO', attribution: 'IGN' },
			externalPrevious: { kind: 'xyz', url: 'https://x/{z}/{x}/{y}' },
			tiling: { mode: 'images' },
			sampling: { mode: 'stratified', n: 12, seed: 's33d' }
		});
		expect(body.externalPrevious).not.toHaveProperty('layers');
	});
	it('refuses to build without the land-cover upload', () => {
		expect(() => buildCreateRequest(filled({ landcover: null }))).toThrow(/land-cover/);
	});
});
