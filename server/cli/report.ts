/**
 * `recette report <campaign-id> --pdf <file> [--lang fr|en]`: the acceptance report as a PDF, the very
 * document `GET /api/campaigns/:id/report.pdf` serves. The file appears whole or not at all: the PDF is
 * written beside it under a temporary name, then renamed over it.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { requireCampaign } from '../../src/lib/server/campaigns/campaigns.service.ts';
import type { Db } from '../../src/lib/server/db/db.ts';
import { cliLocale, InputError } from '../../src/lib/server/errors.ts';
import { asLocale } from '../../src/lib/i18n/locale.ts';
import { reportPdf } from '../../src/lib/server/reports/report-pdf.ts';
import type { CliIo } from './main.ts';

const USAGE = {
	en: 'report needs a campaign id and a file: recette report <campaign-id> --pdf <file> [--lang fr|en]',
	fr: 'report demande un identifiant de campagne et un fichier : recette report <id-campagne> --pdf <fichier> [--lang fr|en]'
};

/** Writes the PDF; prints the file's path and size on stdout. Bad input is an InputError (exit 1). */
export async function cmdReport(db: Db, args: string[], { stdout, env }: CliIo): Promise<void> {
	const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { pdf: { type: 'string' }, lang: { type: 'string' } } });
	const [id, ...extra] = positionals;
	if (!id || extra.length || !values.pdf) throw new InputError('usage', USAGE);
	if (!/^\d+$/.test(id)) throw new InputError('usage', { en: `The campaign id must be a number, got "${id}".`, fr: `L’identifiant de campagne doit être un nombre, reçu « ${id} ».` });
	const locale = values.lang === undefined ? cliLocale(env) : asLocale(values.lang);
	if (!locale) throw new InputError('usage', { en: `--lang must be fr or en, got "${values.lang}".`, fr: `--lang vaut fr ou en, reçu « ${values.lang} ».` });
	const campaignId = Number(id);
	requireCampaign(db, campaignId);
	const pdf = await reportPdf(db, campaignId, locale);
	const partial = `${values.pdf}.${process.pid}.partial`;
	try {
		writeFileSync(partial, pdf);
		renameSync(partial, values.pdf);
	} catch (e) {
		rmSync(partial, { force: true });
		const reason = (e as Error).message;
		throw new InputError('file_unwritable', { en: `Cannot write ${values.pdf}: ${reason}.`, fr: `Impossible d’écrire ${values.pdf} : ${reason}.` });
	}
	stdout.write(`${values.pdf} (${pdf.length} bytes)\n`);
}
