import { z } from 'zod';
import type { Localized } from '../errors.ts';

/** Every validation message, in both UI languages (zod carries the English one). */
const M = {
	urlInvalid: { en: 'The imagery service URL is not a valid URL.', fr: 'L’adresse du service d’imagerie n’est pas une URL valide.' },
	urlScheme: { en: 'The imagery service URL must start with http:// or https://.', fr: 'L’adresse du service d’imagerie doit commencer par http:// ou https://.' },
	nameRequired: { en: 'The campaign needs a name.', fr: 'La campagne doit avoir un nom.' },
	nameTooLong: { en: 'The campaign name is too long (200 characters at most).', fr: 'Le nom de la campagne est trop long (200 caractères au plus).' },
	landcoverRequired: { en: 'A land-cover dataset is required.', fr: 'Un jeu de données d’occupation du sol est nécessaire.' },
	classFieldRequired: { en: 'Name the attribute that holds the land-cover class (e.g. code_cs).', fr: 'Indiquez l’attribut qui porte la classe d’occupation du sol (par exemple code_cs).' },
	tileSizeNumber: { en: 'The tile size must be a number of metres.', fr: 'Le côté des tuiles doit être un nombre de mètres.' },
	tileSizeMin: { en: 'The tile size must be at least 10 m.', fr: 'Le côté des tuiles doit être d’au moins 10 m.' },
	tileSizeMax: { en: 'The tile size must be at most 100 km.', fr: 'Le côté des tuiles doit être d’au plus 100 km.' },
	sampleWhole: { en: 'The sample size must be a whole number.', fr: 'La taille de l’échantillon doit être un nombre entier.' },
	sampleMin: { en: 'The sample size must be at least 1.', fr: 'L’échantillon doit compter au moins 1 tuile.' },
	seedRequired: { en: 'A sample needs a seed, so that it can be drawn again identically.', fr: 'Un échantillon a besoin d’une graine, pour pouvoir être tiré à nouveau à l’identique.' },
	imagesNeedOrtho: { en: 'One tile per image needs orthophoto files.', fr: 'Une tuile par image nécessite des fichiers d’orthophotos.' },
} satisfies Record<string, Localized>;

/**
 * What it takes to create a campaign, whatever the entry point (CLI, web form, demo seed).
 * Paths are server-side paths (the web form's uploads are saved first, then referenced here).
 */
const serviceSchema = z.object({
	kind: z.enum(['xyz', 'wms', 'wmts']),
	url: z
		.string()
		.trim()
		.url(M.urlInvalid.en)
		.refine((u) => /^https?:\/\//i.test(u), M.urlScheme.en),
	layer: z.string().trim().max(200).optional(),
	attribution: z.string().trim().max(300).optional()
});

export const importRequestSchema = z
	.object({
		name: z.string().trim().min(1, M.nameRequired.en).max(200, M.nameTooLong.en),
		contractor: z.string().trim().max(200).default(''),
		description: z.string().trim().max(5000).default(''),
		landcover: z.string().min(1, M.landcoverRequired.en),
		classField: z.string().trim().min(1, M.classFieldRequired.en),
		layer: z.string().trim().optional(),
		/** 'ocsge-cs', 'ocsge-us' or the path of a CSV/JSON nomenclature file. */
		nomenclature: z.string().min(1).default('ocsge-cs'),
		/** GeoTIFF files or folders of them (searched for .tif/.tiff). */
		ortho: z.array(z.string().min(1)).default([]),
		previous: z.array(z.string().min(1)).default([]),
		external: serviceSchema.optional(),
		externalPrevious: serviceSchema.optional(),
		tiling: z
			.discriminatedUnion('mode', [
				z.object({
					mode: z.literal('grid'),
					size: z
						.number({ message: M.tileSizeNumber.en })
						.min(10, M.tileSizeMin.en)
						.max(100_000, M.tileSizeMax.en)
				}),
				z.object({ mode: z.literal('images') })
			])
			.default({ mode: 'grid', size: 1000 }),
		sampling: z
			.discriminatedUnion('mode', [
				z.object({ mode: z.literal('all') }),
				z.object({
					mode: z.enum(['random', 'stratified']),
					n: z.number().int(M.sampleWhole.en).min(1, M.sampleMin.en),
					seed: z.string().trim().min(1, M.seedRequired.en).max(100)
				})
			])
			.default({ mode: 'all' }),
		/** Projected CRS to cut tiles in when no orthophoto gives one (e.g. "EPSG:2154"). */
		crs: z.string().optional(),
		attribution: z.string().max(500).optional(),
		isDemo: z.boolean().default(false),
		/** User who becomes the campaign's first manager, in the import's own transaction (web imports). */
		managerId: z.number().int().positive().optional()
	})
	.refine((r) => r.tiling.mode !== 'images' || r.ortho.length > 0, {
		message: M.imagesNeedOrtho.en,
		path: ['tiling']
	});

export type ImportRequest = z.input<typeof importRequestSchema>;
export type ValidImportRequest = z.output<typeof importRequestSchema>;

const FRENCH = new Map<string, string>(Object.values(M).map((m) => [m.en, m.fr]));

/** One line naming the first problem, in both languages, for the CLI and HTTP 400 bodies. */
export function describeZodError(error: z.ZodError): Localized {
	const issue = error.issues[0];
	const where = issue.path.length ? `${issue.path.join('.')} : ` : '';
	return {
		en: `${where.replace(' :', ':')}${issue.message}`,
		// zod's own messages (wrong type…) have no French text: they only reach API clients.
		fr: `${where}${FRENCH.get(issue.message) ?? issue.message}`
	};
}
