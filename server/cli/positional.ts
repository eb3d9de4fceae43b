/**
 * `recette positional --checkpoints <file.csv>`: the positional accuracy figures of a checkpoint file
 * (id,x_ref,y_ref,x_map,y_map in metres, one projected CRS; `;` or `,`), printed as one JSON line. No
 * database: the file is all it reads. The figures are `positionalFromCsv`'s, the same as
 * `GET /api/campaigns/:id/positional.json` gives for a campaign's kept measures.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { PositionalCsvError, positionalFromCsv } from '../../src/lib/stats/positional-csv.ts';
import { InputError } from '../../src/lib/server/errors.ts';
import { decodeTextFile } from '../../src/lib/server/text-decoding.ts';
import type { CliIo } from './main.ts';

export async function cmdPositional(args: string[], { stdout }: CliIo): Promise<void> {
	const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { checkpoints: { type: 'string' } } });
	const file = values.checkpoints ?? positionals[0];
	if (!file) {
		throw new InputError('usage', {
			en: 'positional needs a checkpoint file: recette positional --checkpoints <file.csv> (columns id,x_ref,y_ref,x_map,y_map).',
			fr: 'positional a besoin d’un fichier de points : recette positional --checkpoints <fichier.csv> (colonnes id,x_ref,y_ref,x_map,y_map).'
		});
	}
	let bytes: Buffer;
	try {
		bytes = readFileSync(file);
	} catch (e) {
		const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? { en: 'no such file', fr: 'fichier introuvable' } : { en: (e as Error).message, fr: (e as Error).message };
		throw new InputError('file_unreadable', { en: `Cannot read ${file}: ${reason.en}.`, fr: `Impossible de lire ${file} : ${reason.fr}.` });
	}
	try {
		// decodeTextFile: UTF-8 (with or without BOM), UTF-16, or Windows-1252 as French Excel saves it.
		stdout.write(JSON.stringify(positionalFromCsv(decodeTextFile(bytes))) + '\n');
	} catch (e) {
		if (e instanceof PositionalCsvError) throw new InputError(e.code, e.messages);
		throw e;
	}
}
