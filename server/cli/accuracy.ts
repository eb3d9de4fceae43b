/**
 * `recette accuracy --counts <csv> --areas <csv>`: accuracy and area estimates (Olofsson et al. 2014)
 * from an error matrix made elsewhere (many teams sample in QGIS). Reads two files, prints one JSON
 * object; needs no database. The formats and the JSON are the contract of accuracyFromCsv.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { decodeTextFile } from '../../src/lib/server/text-decoding.ts';
import { InputError } from '../../src/lib/server/errors.ts';
import { accuracyFromCsv } from '../../src/lib/stats/accuracy-csv.ts';
import type { CliIo } from './main.ts';
import { isStatsInputError } from '../../src/lib/stats/errors.ts';

function read(path: string, what: { en: string; fr: string }): string {
	let bytes: Buffer;
	try {
		bytes = readFileSync(path);
	} catch (e) {
		const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? { en: 'no such file', fr: 'fichier introuvable' } : { en: (e as Error).message, fr: (e as Error).message };
		throw new InputError('file_unreadable', { en: `Cannot read the ${what.en} ${path}: ${reason.en}.`, fr: `Impossible de lire le ${what.fr} ${path} : ${reason.fr}.` });
	}
	return decodeTextFile(bytes);
}

/** Run the command; errors are InputErrors (bad files, bad matrix) that main() prints and exits 1 on. */
export function cmdAccuracy(args: string[], { stdout }: CliIo): void {
	const { values } = parseArgs({ args, options: { counts: { type: 'string' }, areas: { type: 'string' } } });
	if (!values.counts || !values.areas) {
		throw new InputError('usage', {
			en: 'accuracy needs both files: recette accuracy --counts <counts.csv> --areas <areas.csv>',
			fr: 'accuracy demande les deux fichiers : recette accuracy --counts <effectifs.csv> --areas <surfaces.csv>'
		});
	}
	const counts = read(values.counts, { en: 'counts file', fr: 'fichier des effectifs' });
	const areas = read(values.areas, { en: 'areas file', fr: 'fichier des surfaces' });
	try {
		stdout.write(JSON.stringify(accuracyFromCsv(counts, areas)) + '\n');
	} catch (e) {
		// The statistics module is pure and has its own error type: hand it on as the CLI's own.
		if (isStatsInputError(e)) throw new InputError(e.code, e.messages);
		throw e;
	}
}
