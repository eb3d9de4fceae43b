/**
 * Pure logic of the "new campaign" form: defaults, validation, and the POST /api/campaigns body.
 */
import type { CreateCampaignRequest, ExternalImagery } from '$lib/api/types.ts';

/** File name extensions accepted by each file input (the server re-checks the content). */
export const ACCEPT = {
	landcover: ['.gpkg', '.geojson', '.json', '.zip', '.fgb'],
	ortho: ['.tif', '.tiff'],
	nomenclature: ['.csv', '.json']
} as const;

export type FileGroup = 'landcover' | 'ortho' | 'previous' | 'nomenclature';

/** Extensions accepted for a file group, as the `accept` attribute of its input. */
export function acceptAttribute(group: FileGroup): string {
	return (group === 'previous' ? ACCEPT.ortho : ACCEPT[group]).join(',');
}

/** True when `fileName` ends with one of the group's extensions (case-insensitive). */
export function hasAcceptedExtension(fileName: string, group: FileGroup): boolean {
	const lower = fileName.toLowerCase();
	const list = group === 'previous' ? ACCEPT.ortho : ACCEPT[group];
	return list.some((ext) => lower.endsWith(ext));
}

export type NomenclatureChoice = 'ocsge-cs' | 'ocsge-us' | 'custom';
export type ExternalKind = '' | ExternalImagery['kind'];

export interface ExternalForm {
	/** '' when no service is used. */
	kind: ExternalKind;
	url: string;
	layers: string;
	attribution: string;
}

/** Everything the form holds, as plain data (uploaded files are referenced by their server name). */
export interface CampaignFormValues {
	name: string;
	contractor: string;
	description: string;
	uploadId: string | null;
	/** Server name of the uploaded land-cover file, once uploaded. */
	landcover: string | null;
	classField: string;
	nomenclature: NomenclatureChoice;
	nomenclatureFile: string | null;
	ortho: string[];
	previous: string[];
	external: ExternalForm;
	externalPrevious: ExternalForm;
	tilingMode: 'grid' | 'images';
	/** Grid cell size, metres. */
	tileSize: number | null;
	samplingMode: 'all' | 'random' | 'stratified';
	sampleSize: number | null;
	seed: string;
}

export const DEFAULT_TILE_SIZE = 1000;
export const DEFAULT_SAMPLE_SIZE = 20;

export function emptyExternal(): ExternalForm {
	return { kind: '', url: '', layers: '', attribution: '' };
}

/** Initial values of the form; `seed` comes from `randomSeed()` in the browser. */
export function defaultValues(seed: string): CampaignFormValues {
	return {
		name: '',
		contractor: '',
		description: '',
		uploadId: null,
		landcover: null,
		classField: '',
		nomenclature: 'ocsge-cs',
		nomenclatureFile: null,
		ortho: [],
		previous: [],
		external: emptyExternal(),
		externalPrevious: emptyExternal(),
		tilingMode: 'grid',
		tileSize: DEFAULT_TILE_SIZE,
		samplingMode: 'all',
		sampleSize: DEFAULT_SAMPLE_SIZE,
		seed
	};
}

/** Field names preferred for the class attribute, in order (OCS GE conventions). */
const PREFERRED_CLASS_FIELDS = ['code_cs', 'code_us'];

/** The field to preselect as class attribute: code_cs, else code_us (any case), else none (''). */
export function pickClassField(fields: readonly string[]): string {
	for (const preferred of PREFERRED_CLASS_FIELDS) {
		const match = fields.find((f) => f.toLowerCase() === preferred);
		if (match) return match;
	}
	return '';
}

/** The built-in nomenclature that goes with a class field name, if it is an OCS GE one. */
export function nomenclatureForField(field: string): NomenclatureChoice | null {
	const lower = field.toLowerCase();
	if (lower === 'code_cs') return 'ocsge-cs';
	if (lower === 'code_us') return 'ocsge-us';
	return null;
}

/**
 * A fresh sampling seed: 8 hexadecimal characters from the platform CSPRNG (unguessable, short
 * enough to read out or copy into a report).
 */
export function randomSeed(getRandomValues: (array: Uint8Array) => Uint8Array = (a) => crypto.getRandomValues(a)): string {
	const bytes = getRandomValues(new Uint8Array(4));
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A server-side file name not yet used in this upload: "ortho.tif", then "ortho-2.tif", … (the
 * previous vintage often has the same file names as the delivery).
 */
export function uniqueName(name: string, taken: ReadonlySet<string>): string {
	const clean = name.replace(/[/\\]/g, '_');
	if (!taken.has(clean)) return clean;
	const dot = clean.lastIndexOf('.');
	const stem = dot > 0 ? clean.slice(0, dot) : clean;
	const ext = dot > 0 ? clean.slice(dot) : '';
	for (let i = 2; ; i++) {
		const candidate = `${stem}-${i}${ext}`;
		if (!taken.has(candidate)) return candidate;
	}
}

/** Form fields that can carry an error, and the reasons (each maps to the i18n key `new.error.<code>`). */
export type FormErrorCode =
	| 'name'
	| 'landcover'
	| 'classField'
	| 'imagery'
	| 'nomenclatureFile'
	| 'tileSize'
	| 'sampleSize'
	| 'seed'
	| 'externalUrl'
	| 'externalPreviousUrl'
	| 'externalLayers'
	| 'externalPreviousLayers';

/** Checks what the browser can check; the server validates everything again. */
export function validate(values: CampaignFormValues): FormErrorCode[] {
	const errors: FormErrorCode[] = [];
	if (!values.name.trim()) errors.push('name');
	if (!values.landcover) errors.push('landcover');
	else if (!values.classField) errors.push('classField');
	if (values.ortho.length === 0 && values.external.kind === '') errors.push('imagery');
	if (values.nomenclature === 'custom' && !values.nomenclatureFile) errors.push('nomenclatureFile');
	if (values.tilingMode === 'grid' && !(isPositive(values.tileSize))) errors.push('tileSize');
	if (values.samplingMode !== 'all') {
		if (!(isPositive(values.sampleSize) && Number.isInteger(values.sampleSize))) errors.push('sampleSize');
		if (!values.seed.trim()) errors.push('seed');
	}
	for (const [form, urlCode, layersCode] of [
		[values.external, 'externalUrl', 'externalLayers'],
		[values.externalPrevious, 'externalPreviousUrl', 'externalPreviousLayers']
	] as const) {
		if (form.kind === '') continue;
		if (!isHttpUrl(form.url)) errors.push(urlCode);
		if ((form.kind === 'wms' || form.kind === 'wmts') && !form.layers.trim()) errors.push(layersCode);
	}
	return errors;
}

function isPositive(value: number | null): value is number {
	return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

function isHttpUrl(text: string): boolean {
	try {
		const url = new URL(text.trim());
		return url.protocol === 'http:' || url.protocol === 'https:';
	} catch {
		return false;
	}
}

function external(form: ExternalForm): ExternalImagery | undefined {
	if (form.kind === '') return undefined;
	const result: ExternalImagery = { kind: form.kind, url: form.url.trim() };
	if (form.kind !== 'xyz' && form.layers.trim()) result.layers = form.layers.trim();
	if (form.attribution.trim()) result.attribution = form.attribution.trim();
	return result;
}

/**
 * The POST /api/campaigns body for valid `values` (call `validate` first). Optional texts are
 * omitted when blank rather than sent empty.
 */
export function buildCreateRequest(values: CampaignFormValues): CreateCampaignRequest {
	if (!values.uploadId || !values.landcover) throw new Error('buildCreateRequest: the land-cover file is not uploaded');
	const request: CreateCampaignRequest = {
		name: values.name.trim(),
		uploadId: values.uploadId,
		landcover: values.landcover,
		classField: values.classField,
		nomenclature:
			values.nomenclature === 'custom' ? (values.nomenclatureFile ?? '') : values.nomenclature,
		ortho: [...values.ortho],
		previous: [...values.previous],
		tiling:
			values.tilingMode === 'grid'
				? { mode: 'grid', size: values.tileSize ?? DEFAULT_TILE_SIZE }
				: { mode: 'images' },
		sampling:
			values.samplingMode === 'all'
				? { mode: 'all' }
				: { mode: values.samplingMode, n: values.sampleSize ?? DEFAULT_SAMPLE_SIZE, seed: values.seed.trim() }
	};
	if (values.contractor.trim()) request.contractor = values.contractor.trim();
	if (values.description.trim()) request.description = values.description.trim();
	const current = external(values.external);
	if (current) request.external = current;
	const previous = external(values.externalPrevious);
	if (previous) request.externalPrevious = previous;
	return request;
}
