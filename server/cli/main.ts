import { parseArgs } from 'node:util';
import { importCampaign } from '../../src/lib/server/campaigns/import.service.ts';
import { tilesCsv, tilesGeoJson } from '../../src/lib/server/campaigns/export.ts';
import { createDb, defaultDbPath, type Db } from '../../src/lib/server/db/db.ts';
import { cliLocale, InputError } from '../../src/lib/server/errors.ts';
import { importDemoCampaign } from '../../src/lib/server/demo/campaign.ts';
import { progressReporter, type Output } from './progress.ts';
import { createUser, findUserByEmail } from '../../src/lib/server/people/users.service.ts';
import { createOrganisation, requireOrganisation } from '../../src/lib/server/people/organisations.service.ts';
import { parseRole, setMember } from '../../src/lib/server/people/members.service.ts';
import { requireCampaign } from '../../src/lib/server/campaigns/campaigns.service.ts';
import { createResetLink } from '../../src/lib/server/auth/password-resets.service.ts';
import { rebuildProjections } from '../collab/rebuild.ts';
import { cmdPositional } from './positional.ts';
import { cmdAccuracy } from './accuracy.ts';
import { checkFilter } from '../../src/lib/server/contractor/releases.service.ts';
import { defectReport, EXPORT_FORMATS, tileIdsByName, writeDefectReport, type ExportFormat } from '../../src/lib/server/exports/defects-export.service.ts';
import { SEVERITIES, type Severity } from '../../src/lib/review/catalogue.ts';
import { cmdReport } from './report.ts';

const USAGE = `Usage: recette <command> [options]

Commands:
  import <name> --landcover <file> --class-field <field> [--nomenclature ocsge-cs|ocsge-us|<file>]
         [--ortho <file-or-folder>]... [--previous <file-or-folder>]... [--tile-size <metres> | --tiles-from-images]
         [--sample <n> --seed <s> [--stratify]] [--contractor <name>] [--description <text>] [--layer <name>] [--crs EPSG:<code>]
      Create a campaign from a delivery; prints the new campaign's id on the last line.
  tiles <campaign-id> --format geojson|csv [--all]
      Write the campaign's review tiles (--all: every tile, sampled or not) to stdout.
  export <campaign-id> --format gpkg|geojson|csv --out <file> [--released]
         [--severity minor|major|blocking]... [--category <code>]... [--tile <name>]... [--organisation <name>]...
      Write the defect report: GeoPackage (layers defects, corrections, tiles; campaign CRS), GeoJSON
      (defects, WGS84) or CSV (defects, ';' + BOM, WKT in the campaign CRS). --released: what was
      released to the contractor, with the answers (default: the reviewers' current defects).
  demo
      Import the demo campaign (real open data shipped in server/demo/).
  user create <email> --password <pw> [--name <name>] [--admin]
      Create an account (--admin: a site administrator, who manages users and sees every campaign).
  user reset-link <email> [--base-url <url>]
      Print a one-time link (valid 72 h) to set the account's password.
  org create <name> --kind commune|epci|departement|region|etat|parc|contractor|other
      Create a partner organisation (or the contractor's).
  member add <campaign-id> <email> --role manager|reviewer|contractor|observer [--org <name>]
      Give an existing account a role in a campaign (--org: the organisation they act for).
  projections rebuild <campaign-id>
      Re-derive defects, verdicts, corrections, threads and tile statuses from the stored review documents
      (run it with the server stopped).
  positional --checkpoints <file.csv>
      Positional accuracy of checkpoints (columns id,x_ref,y_ref,x_map,y_map, metres) as one JSON line.
  accuracy --counts <counts.csv> --areas <areas.csv>
      Accuracy and area estimates (Olofsson et al. 2014) from an error matrix made elsewhere, as JSON.
  report <campaign-id> --pdf <file> [--lang fr|en]
      Write the acceptance report (decision, criteria, figures, method, sample design, map) as a PDF.

Environment: RECETTE_DB (database file, default ./data/recette.db).`;

class UsageError extends Error {}

/** Where a command writes and what it reads from its environment: the process's, or a test's. */
export interface CliIo {
	/** Results: a campaign's id, an export, a link. */
	stdout: Output;
	/** Progress (on a terminal) and the one-line reason of a failure. */
	stderr: Output;
	/** RECETTE_DB, RECETTE_LANG/LANG, ORIGIN, PORT. */
	env: NodeJS.ProcessEnv;
}

/** Erase a half-drawn progress bar before printing an error. */
const clearLine = (stderr: Output) => (stderr.isTTY ? '\r\x1b[K' : '');

function int(value: string | undefined, what: string): number | undefined {
	if (value === undefined) return undefined;
	const n = Number(value);
	if (!Number.isFinite(n)) throw new UsageError(`${what} must be a number, got "${value}".`);
	return n;
}

async function cmdImport(db: Db, args: string[], { stdout, stderr }: CliIo): Promise<void> {
	const { values, positionals } = parseArgs({
		args,
		allowPositionals: true,
		options: {
			landcover: { type: 'string' },
			'class-field': { type: 'string' },
			nomenclature: { type: 'string', default: 'ocsge-cs' },
			ortho: { type: 'string', multiple: true, default: [] },
			previous: { type: 'string', multiple: true, default: [] },
			'tile-size': { type: 'string' },
			'tiles-from-images': { type: 'boolean', default: false },
			sample: { type: 'string' },
			seed: { type: 'string' },
			stratify: { type: 'boolean', default: false },
			contractor: { type: 'string', default: '' },
			description: { type: 'string', default: '' },
			layer: { type: 'string' },
			crs: { type: 'string' },
			'progress-json': { type: 'boolean', default: false }
		}
	});
	const [name] = positionals;
	if (!name) throw new UsageError('import needs a campaign name: recette import <name> --landcover <file> --class-field <field>');
	if (!values.landcover) throw new UsageError('--landcover <file> is required.');
	if (!values['class-field']) throw new UsageError('--class-field <field> is required (the attribute holding the class, e.g. code_cs).');
	if (values['tiles-from-images'] && values['tile-size']) throw new UsageError('Choose either --tile-size or --tiles-from-images, not both.');
	const n = int(values.sample, '--sample');
	if ((n === undefined) !== (values.seed === undefined)) throw new UsageError('--sample <n> and --seed <s> go together.');
	if (values.stratify && n === undefined) throw new UsageError('--stratify needs --sample <n> --seed <s>.');

	const id = await importCampaign(
		db,
		{
			name,
			contractor: values.contractor,
			description: values.description,
			landcover: values.landcover,
			classField: values['class-field'],
			layer: values.layer,
			nomenclature: values.nomenclature,
			ortho: values.ortho,
			previous: values.previous,
			crs: values.crs,
			tiling: values['tiles-from-images'] ? { mode: 'images' } : { mode: 'grid', size: int(values['tile-size'], '--tile-size') ?? 1000 },
			sampling: n === undefined ? { mode: 'all' } : { mode: values.stratify ? 'stratified' : 'random', n, seed: values.seed! }
		},
		progressReporter(stderr)
	);
	stdout.write(`${id}\n`);
}

async function cmdTiles(db: Db, args: string[], { stdout }: CliIo): Promise<void> {
	const { values, positionals } = parseArgs({
		args,
		allowPositionals: true,
		options: { format: { type: 'string', default: 'geojson' }, all: { type: 'boolean', default: false } }
	});
	const id = int(positionals[0], 'The campaign id');
	if (id === undefined) throw new UsageError('tiles needs a campaign id: recette tiles <campaign-id> --format geojson|csv');
	if (values.format === 'csv') stdout.write(tilesCsv(db, id, values.all));
	else if (values.format === 'geojson') stdout.write(JSON.stringify(tilesGeoJson(db, id, values.all)) + '\n');
	else throw new UsageError(`Unknown format "${values.format}": use geojson or csv.`);
}

async function cmdExport(db: Db, args: string[], { stdout, env }: CliIo): Promise<void> {
	const { values, positionals } = parseArgs({
		args,
		allowPositionals: true,
		options: {
			format: { type: 'string' },
			out: { type: 'string' },
			released: { type: 'boolean', default: false },
			severity: { type: 'string', multiple: true, default: [] },
			category: { type: 'string', multiple: true, default: [] },
			tile: { type: 'string', multiple: true, default: [] },
			organisation: { type: 'string', multiple: true, default: [] }
		}
	});
	const usage = 'recette export <campaign-id> --format gpkg|geojson|csv --out <file>';
	if (!positionals[0] || !/^\d+$/.test(positionals[0])) throw new UsageError(`export needs a campaign id: ${usage}`);
	const format = values.format as ExportFormat | undefined;
	if (!format || !EXPORT_FORMATS.includes(format)) throw new UsageError(`--format must be gpkg, geojson or csv: ${usage}`);
	if (!values.out) throw new UsageError(`--out <file> is required: ${usage}`);
	const campaignId = Number(positionals[0]);
	requireCampaign(db, campaignId);
	const severity = values.severity.flatMap((v) => v.split(','));
	const bad = severity.find((v) => !SEVERITIES.includes(v as Severity));
	if (bad !== undefined) throw new UsageError(`Unknown severity "${bad}": use minor, major or blocking.`);
	const filter = {
		severity: severity as Severity[],
		category: values.category.flatMap((v) => v.split(',')),
		tileIds: tileIdsByName(db, campaignId, values.tile),
		organisationIds: values.organisation.map((name) => requireOrganisation(db, name).id)
	};
	checkFilter(db, campaignId, filter);
	const report = defectReport(db, campaignId, { audience: values.released ? 'released' : 'reviews', filter, locale: cliLocale(env) });
	const n = writeDefectReport(report, format, values.out);
	const parts = [
		`${n.defects} defect(s)`,
		...(format === 'gpkg' ? [`${n.corrections} correction(s)`, `${n.tiles} tile(s)`] : []),
		...(n.checkpoints !== null ? [`${n.checkpoints} checkpoint(s)`] : [])
	];
	stdout.write(`${parts.join(', ')} written to ${values.out}\n`);
}

async function cmdUser(db: Db, args: string[], { stdout, env }: CliIo): Promise<void> {
	const [sub, ...rest] = args;
	const { values, positionals } = parseArgs({
		args: rest,
		allowPositionals: true,
		options: { password: { type: 'string' }, name: { type: 'string', default: '' }, admin: { type: 'boolean', default: false }, 'base-url': { type: 'string' } }
	});
	const [email] = positionals;
	if (sub === 'create') {
		if (!email) throw new UsageError('user create needs an e-mail: recette user create <email> --password <pw> [--name <name>] [--admin]');
		if (values.password === undefined) throw new UsageError('--password <pw> is required (at least 8 characters).');
		const user = await createUser(db, { email, password: values.password, name: values.name, isAdmin: values.admin }, null);
		stdout.write(`${user.id}\n`);
	} else if (sub === 'reset-link') {
		if (!email) throw new UsageError('user reset-link needs an e-mail: recette user reset-link <email>');
		const user = findUserByEmail(db, email);
		if (!user) throw new UsageError(`No account for ${email}.`);
		const { token } = createResetLink(db, user.id, null);
		const base = (values['base-url'] ?? env.ORIGIN ?? `http://localhost:${env.PORT ?? 3000}`).replace(/\/$/, '');
		stdout.write(`${base}/reset/${token}\n`);
	} else throw new UsageError('Use "recette user create <email> --password <pw>" or "recette user reset-link <email>".');
}

async function cmdOrg(db: Db, args: string[], { stdout }: CliIo): Promise<void> {
	const [sub, ...rest] = args;
	const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { kind: { type: 'string' } } });
	if (sub !== 'create') throw new UsageError('Use "recette org create <name> --kind <kind>".');
	if (!positionals[0]) throw new UsageError('org create needs a name: recette org create <name> --kind <kind>');
	if (positionals.length > 1) throw new UsageError(`Put the organisation name in quotes: recette org create "${positionals.join(' ')}" --kind <kind>`);
	if (values.kind === undefined) throw new UsageError('--kind is required: commune, epci, departement, region, etat, parc, contractor or other.');
	const org = createOrganisation(db, { name: positionals[0], kind: values.kind }, null);
	stdout.write(`${org.id}\n`);
}

async function cmdProjections(db: Db, args: string[], { stdout }: CliIo): Promise<void> {
	const [action, id, ...extra] = args;
	if (action !== 'rebuild' || id === undefined || extra.length) throw new UsageError('Usage: recette projections rebuild <campaign-id>');
	const campaignId = int(id, 'The campaign id')!;
	requireCampaign(db, campaignId);
	const r = rebuildProjections(db, campaignId);
	stdout.write(`campaign ${campaignId}: ${r.tiles} tiles, ${r.documents} review documents, ${r.entries} entries re-projected\n`);
}

async function cmdMember(db: Db, args: string[], { stdout }: CliIo): Promise<void> {
	const [sub, ...rest] = args;
	const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { role: { type: 'string' }, org: { type: 'string' } } });
	if (sub !== 'add') throw new UsageError('Use "recette member add <campaign-id> <email> --role <role> [--org <name>]".');
	const [campaign, email] = positionals;
	if (!campaign || !email) throw new UsageError('member add needs a campaign id and an e-mail: recette member add <campaign-id> <email> --role <role> [--org <name>]');
	if (!/^\d+$/.test(campaign)) throw new UsageError(`The campaign id must be a number, got "${campaign}".`);
	if (values.role === undefined) throw new UsageError('--role is required: manager, reviewer, contractor or observer.');
	const role = parseRole(values.role);
	const campaignId = Number(campaign);
	requireCampaign(db, campaignId);
	const user = findUserByEmail(db, email);
	if (!user) throw new UsageError(`No account for ${email}: create it first with "recette user create ${email} --password <pw>".`);
	const org = values.org === undefined ? null : requireOrganisation(db, values.org);
	// The operator may name any organisation of the directory (managers only their campaign's own).
	const member = setMember(db, campaignId, user.id, role, org?.id ?? null, null, { anyOrganisation: true });
	stdout.write(`${member.email} is ${member.role} of campaign ${campaignId}${member.organisationName ? ` for ${member.organisationName}` : ''}\n`);
}

/**
 * Run one `recette` command, as the binary does (server/cli/recette.js) or inside a test's process.
 * @returns the exit status: 0 done, 1 bad input or usage (one line on stderr), 2 internal error.
 */
export async function run(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
	const { stdout, stderr, env } = io;
	const [command, ...rest] = argv;
	if (!command || command === 'help' || command === '--help' || command === '-h') {
		stdout.write(USAGE + '\n');
		return command ? 0 : 1;
	}
	let db: Db | undefined;
	try {
		// Reads a file, not the database: nothing to open (or create).
		if (command === 'positional') {
			await cmdPositional(rest, io);
			return 0;
		}
		// Reads two CSV files and needs no database: do not create one where the statistician stands.
		if (command === 'accuracy') {
			cmdAccuracy(rest, io);
			return 0;
		}
		db = createDb(defaultDbPath(env));
		switch (command) {
			case 'import':
				await cmdImport(db, rest, io);
				break;
			case 'tiles':
				await cmdTiles(db, rest, io);
				break;
			case 'export':
				await cmdExport(db, rest, io);
				break;
			case 'demo':
				stdout.write(`${await importDemoCampaign(db, progressReporter(stderr))}\n`);
				break;
			case 'user':
				await cmdUser(db, rest, io);
				break;
			case 'org':
				await cmdOrg(db, rest, io);
				break;
			case 'member':
				await cmdMember(db, rest, io);
				break;
			case 'projections':
				await cmdProjections(db, rest, io);
				break;
			case 'report':
				await cmdReport(db, rest, io);
				break;
			default:
				throw new UsageError(`Unknown command "${command}". Run "recette help" for the list.`);
		}
		return 0;
	} catch (e) {
		if (e instanceof InputError) {
			stderr.write(`${clearLine(stderr)}recette: ${e.localized(cliLocale(env))}\n`);
			return 1;
		}
		if (e instanceof UsageError) {
			stderr.write(`${clearLine(stderr)}recette: ${e.message}\n`);
			return 1;
		}
		if (e instanceof TypeError && (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
			stderr.write(`${clearLine(stderr)}recette: ${e.message}\n`);
			return 1;
		}
		stderr.write(`${clearLine(stderr)}recette: internal error: ${(e as Error).stack ?? e}\n`);
		return 2;
	} finally {
		db?.$client.close();
	}
}
