/**
 * Which defects a release, a list or an export is about: by severity, category, tile and the author's
 * organisation. One shape for the query string (`?severity=major,blocking&tile=12&tile=13`), the
 * command line and the release body, read by the server and written by the pages. Pure.
 *
 * Within one criterion the values are alternatives (major OR blocking); criteria combine (AND).
 * An absent or empty criterion does not filter.
 */
import { SEVERITIES, type Severity } from './catalogue.ts';

export interface DefectFilter {
	severity?: Severity[];
	/** Category codes of the campaign's catalogue. */
	category?: string[];
	tileIds?: number[];
	/** Organisation of the defect's author (the one their role in the campaign names). */
	organisationIds?: number[];
}

/** Query parameter of each criterion. */
export const FILTER_PARAMS = { severity: 'severity', category: 'category', tileIds: 'tile', organisationIds: 'organisation' } as const;

/** A value the query string gave that is not one (an unknown severity, a tile id that is no number). */
export interface FilterProblem {
	param: string;
	value: string;
}

/** Values of a parameter, repeated or comma-separated, trimmed, empty ones dropped. */
function values(params: URLSearchParams, name: string): string[] {
	return params
		.getAll(name)
		.flatMap((v) => v.split(','))
		.map((v) => v.trim())
		.filter((v) => v !== '');
}

/**
 * Read a filter from a query string. Severities must be known, ids positive integers; category codes
 * are only checked for shape here (the server checks them against the campaign's catalogue).
 */
export function readDefectFilter(params: URLSearchParams): { filter: DefectFilter; problems: FilterProblem[] } {
	const problems: FilterProblem[] = [];
	const filter: DefectFilter = {};
	const severity = values(params, FILTER_PARAMS.severity);
	for (const s of severity) if (!SEVERITIES.includes(s as Severity)) problems.push({ param: FILTER_PARAMS.severity, value: s });
	if (severity.length) filter.severity = [...new Set(severity as Severity[])];
	const category = values(params, FILTER_PARAMS.category);
	if (category.length) filter.category = [...new Set(category)];
	for (const key of ['tileIds', 'organisationIds'] as const) {
		const ids: number[] = [];
		for (const v of values(params, FILTER_PARAMS[key])) {
			if (/^[1-9]\d{0,14}$/.test(v)) ids.push(Number(v));
			else problems.push({ param: FILTER_PARAMS[key], value: v });
		}
		if (ids.length) filter[key] = [...new Set(ids)];
	}
	return { filter, problems };
}

/** The query string of a filter ('' when it filters nothing), without the leading `?`. */
export function defectFilterQuery(filter: DefectFilter): string {
	const params = new URLSearchParams();
	if (filter.severity?.length) params.set(FILTER_PARAMS.severity, filter.severity.join(','));
	if (filter.category?.length) params.set(FILTER_PARAMS.category, filter.category.join(','));
	if (filter.tileIds?.length) params.set(FILTER_PARAMS.tileIds, filter.tileIds.join(','));
	if (filter.organisationIds?.length) params.set(FILTER_PARAMS.organisationIds, filter.organisationIds.join(','));
	return params.toString();
}

/** What a defect must tell the filter about itself. */
export interface FilterableDefect {
	severity: string;
	category: string;
	tileId: number;
	organisationId: number | null;
}

/** Does the defect pass every criterion of the filter? */
export function matchesDefectFilter(filter: DefectFilter, d: FilterableDefect): boolean {
	if (filter.severity?.length && !filter.severity.includes(d.severity as Severity)) return false;
	if (filter.category?.length && !filter.category.includes(d.category)) return false;
	if (filter.tileIds?.length && !filter.tileIds.includes(d.tileId)) return false;
	if (filter.organisationIds?.length && (d.organisationId === null || !filter.organisationIds.includes(d.organisationId))) return false;
	return true;
}

/** Does the filter filter anything at all? */
export function isEmptyFilter(filter: DefectFilter): boolean {
	return !filter.severity?.length && !filter.category?.length && !filter.tileIds?.length && !filter.organisationIds?.length;
}
