/**
 * Audit events as sentences ("a attribué 12 tuiles à Commune X"). Pure: the translation function is
 * a parameter, so the same code serves the pages (reactive `t`) and the unit tests (a dictionary).
 * The actor ("who") is shown beside the sentence; the sentence is the "what".
 *
 * A trail must be beyond dispute: each sentence reads the details exactly as the service that
 * recorded the event writes them (see the comment on each case, and test/integration/audit-wording
 * .test.ts, which performs every kind of action on the real server and checks its sentence). Events
 * stored by older versions keep their older shapes, which stay readable too.
 */
import type { MessageKey } from '$lib/i18n/fr.ts';
import type { Params } from '$lib/i18n/translate.ts';
import type { AuditEntry } from '$lib/api/types.ts';

export type Translate = (key: MessageKey, params?: Params) => string;

const ROLES = new Set(['manager', 'reviewer', 'contractor', 'observer']);
const ANSWERS = new Set(['accepted', 'disputed', 'fixed']);
const OUTCOMES = new Set(['agreed', 'maintained']);
const KINDS = new Set(['commune', 'epci', 'departement', 'region', 'etat', 'parc', 'contractor', 'other']);
const TILE_STATUSES = new Set(['not_started', 'in_review', 'reviewed', 'validated']);

/** One organisation's share of an assignment: tiles designated, of which newly given. */
interface Tally {
	id: number | null;
	name: string | null;
	tiles: number;
	added: number;
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');
const count = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : Array.isArray(v) ? v.length : 0);
const id = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : null);
const records = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => !!x && typeof x === 'object') : []);

export function describeAuditEvent(e: AuditEntry, tr: Translate): string {
	const d = e.details;
	// Today's name of the person, else what the event recorded, else "a deleted account".
	const person = e.subject ? e.subject.name || e.subject.email : text(d.email) || tr('audit.someone');
	/** Today's name of an organisation, else the name the event recorded, else "a deleted organisation". */
	const organisationName = (orgId: number | null, recorded?: unknown) =>
		(orgId !== null ? (e.organisations?.[orgId] ?? (e.organisation?.id === orgId ? e.organisation.name : undefined)) : undefined) || text(recorded) || tr('audit.anOrganisation');
	const organisation = organisationName(id(d.organisationId), d.name);
	// Roles read in lower case in the middle of a sentence ("comme relecteur").
	const role = (v: unknown) => (typeof v === 'string' && ROLES.has(v) ? tr(`role.${v}` as MessageKey).toLocaleLowerCase() : text(v));
	const tile = text(d.name) || text(d.tileName) || `#${count(d.tileId)}`;

	switch (e.action) {
		case 'auth.sign_in':
		case 'auth.sign_out':
		case 'auth.password_change':
		case 'auth.password_reset':
		case 'invitation.revoke':
			return tr(`audit.${e.action}`);
		case 'auth.sign_in_failed':
			return tr('audit.auth.sign_in_failed', { email: text(d.email) });
		case 'auth.password_reset_link':
		case 'user.disable':
		case 'user.enable':
			return tr(`audit.${e.action}`, { person });
		case 'user.create':
			return tr(d.isAdmin ? 'audit.user.create.admin' : 'audit.user.create', { person });
		case 'user.update':
			return tr(d.isAdmin ? 'audit.user.update.admin' : 'audit.user.update.notAdmin', { person });
		case 'user.sessions_revoked':
			// An administrator signing someone out records `revoked`; a person closing their own
			// sessions records `count` (and `keptCurrent` for "sign out my other devices").
			if (d.keptCurrent) return tr('audit.user.sessions_revoked.others', { count: count(d.count) });
			if (d.revoked === undefined && id(d.userId) === e.actorId) return tr('audit.user.sessions_revoked.own');
			return tr('audit.user.sessions_revoked', { person, count: count(d.revoked ?? d.count) });
		case 'organisation.create':
			return tr('audit.organisation.create', {
				organisation,
				kind: typeof d.kind === 'string' && KINDS.has(d.kind) ? tr(`org.kind.${d.kind}` as MessageKey) : text(d.kind)
			});
		case 'organisation.member_add':
		case 'organisation.member_remove':
			return tr(`audit.${e.action}`, { person, organisation });
		case 'member.add':
			// The person who creates a campaign from the web becomes its manager (and one who accepts
			// an invitation, its member): they added no one, they became a member.
			if (id(d.userId) !== null && id(d.userId) === e.actorId) {
				return d.organisationId ? tr('audit.member.add.self.organisation', { role: role(d.role), organisation }) : tr('audit.member.add.self', { role: role(d.role) });
			}
			return d.organisationId ? tr('audit.member.add.organisation', { person, role: role(d.role), organisation }) : tr('audit.member.add', { person, role: role(d.role) });
		case 'member.role_change':
			// Recorded when the role or the organisation changes: `{from, to, organisationId}`.
			if (d.from === d.to) return d.organisationId ? tr('audit.member.organisation_change', { person, organisation }) : tr('audit.member.organisation_removed', { person });
			return tr('audit.member.role_change', { person, from: role(d.from), to: role(d.to) });
		case 'member.remove':
			return tr('audit.member.remove', { person, role: role(d.role) });
		case 'invitation.create':
			return tr(d.maxUses === 1 ? 'audit.invitation.create.single' : 'audit.invitation.create.multi', {
				role: role(d.role),
				organisation: d.organisationId ? tr('audit.invitation.forOrganisation', { organisation }) : '',
				days: count(d.expiresInDays)
			});
		case 'invitation.accept':
			return d.organisationId ? tr('audit.invitation.accept.organisation', { role: role(d.role), organisation }) : tr('audit.invitation.accept', { role: role(d.role) });
		case 'assignment.assign':
			return describeAssign(d, organisationName, tr);
		case 'assignment.unassign': {
			// `{source: 'map', organisationId, name, requested, removed}`; older events: `tiles` or `count`.
			const removed = count(d.removed ?? d.tiles ?? d.tileIds ?? d.count);
			const requested = typeof d.requested === 'number' ? d.requested : removed;
			if (removed === 0 && requested > 0) return tr('audit.assignment.unassignNothing', { count: requested, organisation });
			const notHeld = requested - removed;
			return tr('audit.assignment.unassign', { count: removed, organisation }) + (notHeld > 0 ? tr('audit.assignment.notHeld', { count: notHeld }) : '');
		}
		case 'campaign.create':
			return tr('audit.campaign.create', { campaign: text(d.name) || e.campaignName || `#${e.campaignId ?? ''}` });
		case 'campaign.settings': {
			// One event per change; the details hold the settings that changed.
			const parts: string[] = [];
			if (typeof d.reviewUnassigned === 'boolean') parts.push(tr(d.reviewUnassigned ? 'audit.campaign.settings.on' : 'audit.campaign.settings.off'));
			if (typeof d.requiredVerdicts === 'number') parts.push(tr('audit.campaign.settings.requiredVerdicts', { count: d.requiredVerdicts }));
			return parts.join(' ; ') || tr('audit.unknown', { action: e.action });
		}
		case 'tile.validate':
		case 'defect.restore':
			return tr(`audit.${e.action}`, { tile });
		case 'tile.reopen':
			// `{tileId, name, to}`: the status the tile's review gives it again.
			return typeof d.to === 'string' && TILE_STATUSES.has(d.to)
				? tr('audit.tile.reopen.to', { tile, status: tr(`tileStatus.${d.to}` as MessageKey) })
				: tr('audit.tile.reopen', { tile });
		case 'catalogue.add':
			return tr('audit.catalogue.add', { label: text(d.label) });
		case 'catalogue.edit':
			if (typeof d.retired === 'boolean') return tr(d.retired ? 'audit.catalogue.retire' : 'audit.catalogue.restore', { label: text(d.label) });
			return tr('audit.catalogue.rename', { label: text(d.label), from: text(d.from) });
		case 'reference_layer.add':
		case 'reference_layer.remove':
			return tr(`audit.${e.action}`, { label: text(d.label) });
		case 'walk.draw':
			// `{count, classes, perClass, percent, seed}`.
			if (typeof d.perClass === 'number' && typeof d.seed === 'string') {
				return tr(d.percent ? 'audit.walk.draw.percent' : 'audit.walk.draw.perClass', { count: count(d.count), n: d.perClass, seed: d.seed });
			}
			return tr('audit.walk.draw', { count: count(d.count) });
		case 'control_points.generate':
			// `{strata: 'classes' | 'tiles', seed, points, strataCount, targetSe}`.
			if ((d.strata === 'classes' || d.strata === 'tiles') && typeof d.seed === 'string') {
				return tr(d.strata === 'classes' ? 'audit.control_points.generate.byClass' : 'audit.control_points.generate.byTile', { count: count(d.points), seed: d.seed });
			}
			return tr('audit.control_points.generate', { count: count(d.points) });
		case 'control_points.adjudicate':
			// `{pointId, ordinal, classCode}`; a null class excludes the point (it cannot be labelled);
			// `withdrawn: true` when the manager takes the adjudication back.
			if (d.withdrawn) return tr('audit.control_points.adjudicate.withdrawn', { ordinal: count(d.ordinal) });
			if (typeof d.classCode === 'string') return tr('audit.control_points.adjudicate.class', { ordinal: count(d.ordinal), class: d.classCode });
			if (d.classCode === null) return tr('audit.control_points.adjudicate.excluded', { ordinal: count(d.ordinal) });
			return tr('audit.control_points.adjudicate', { ordinal: count(d.ordinal) });
		case 'acceptance.criteria':
			return describeCriteria(d, tr);
		case 'defects.release':
			return tr('audit.defects.release', { count: count(d.added) + count(d.updated) + count(d.unchanged) });
		case 'defect.answer':
			return tr('audit.defect.answer', {
				answer: ANSWERS.has(text(d.answer)) ? tr(`contractor.answer.${text(d.answer)}` as MessageKey) : text(d.answer),
				id: count(d.releasedId),
				tile: text(d.name) || `#${count(d.tileId)}`
			});
		case 'defect.dispute_close':
			return tr('audit.defect.dispute_close', {
				outcome: OUTCOMES.has(text(d.outcome)) ? tr(`contractor.standing.${text(d.outcome)}` as MessageKey) : text(d.outcome),
				id: count(d.releasedId),
				tile: text(d.name) || `#${count(d.tileId)}`
			});
		case 'round.open':
			return tr('audit.round.open', { round: count(d.round), count: count(d.tiles) });
		case 'campaign.delete':
			return tr('audit.campaign.delete', { campaign: e.campaignName ?? text(d.name) });
		case 'checkpoints.import': {
			// `{file, count, completed, epsg, format}`: `completed` of the `count` were proposed points given their survey.
			const completed = count(d.completed);
			return tr('audit.checkpoints.import', { count: count(d.count), file: text(d.file) }) + (completed > 0 ? tr('audit.checkpoints.import.completed', { count: completed }) : '');
		}
		case 'checkpoint.propose':
		case 'checkpoint.edit':
		case 'checkpoint.delete':
			return tr(`audit.${e.action}`, { code: text(d.code) });
		case 'checkpoint.decide': {
			// `{count, kept, rejected, pending}`: pending are measures sent back to be decided again.
			const parts = (['kept', 'rejected', 'pending'] as const).filter((k) => count(d[k]) > 0).map((k) => tr(`audit.checkpoint.decide.${k}`, { count: count(d[k]) }));
			return tr('audit.checkpoint.decide', { count: count(d.count) }) + (parts.length ? ` (${parts.join(', ')})` : '');
		}
		case 'seam.delete':
			// `{seamId, userId}` (the measure's author, named by the server); older events: `author` only.
			return e.subject ? tr('audit.seam.delete.of', { person }) : tr('audit.seam.delete');
		default:
			// An action added later than this page: still readable, in its code form.
			return tr('audit.unknown', { action: e.action });
	}
}

/**
 * `assignment.assign`. Recorded shapes:
 * - map selection: `{source: 'map', mode, organisationId, name, requested, byOrganisation: [one tally], added, removedFrom}`;
 * - territory: `{source: 'territory', file, field, polygons, byOrganisation, added}`; CSV: `{source: 'csv', lines, byOrganisation, added}`;
 * - the demo seed (and older events): `{tiles: <count or ids>, organisationId}`.
 * A tally is `{organisationId, name, tiles, added}`: tiles designated, of which newly given.
 */
function describeAssign(d: Record<string, unknown>, organisationName: (id: number | null, recorded?: unknown) => string, tr: Translate): string {
	const tallies: Tally[] = Array.isArray(d.byOrganisation)
		? records(d.byOrganisation).map((t) => ({ id: id(t.organisationId), name: text(t.name) || null, tiles: count(t.tiles), added: count(t.added ?? t.tiles) }))
		: [{ id: id(d.organisationId), name: text(d.name) || null, tiles: count(d.tiles ?? d.tileIds ?? d.count), added: count(d.tiles ?? d.tileIds ?? d.count) }];
	const already = (t: Tally) => (t.tiles > t.added ? tr('audit.assignment.already', { count: t.tiles - t.added }) : '');
	const item = (t: Tally) => tr('audit.assignment.item', { count: t.tiles, organisation: organisationName(t.id, t.name) }) + already(t);
	if (d.source === 'territory') {
		const list = tallies.map(item).join(', ');
		return d.field ? tr('audit.assignment.byTerritoryField', { file: text(d.file), field: text(d.field), list }) : tr('audit.assignment.byTerritory', { file: text(d.file), list });
	}
	if (d.source === 'csv') return tr('audit.assignment.byCsv', { count: count(d.lines), list: tallies.map(item).join(', ') });
	if (tallies.length !== 1) return tallies.map(item).join(', ') || tr('audit.unknown', { action: 'assignment.assign' });
	const [t] = tallies;
	const organisation = organisationName(t.id, t.name);
	const removed = records(d.removedFrom).map((r) => tr('audit.assignment.removedItem', { count: count(r.tiles), organisation: organisationName(id(r.organisationId), r.name) }));
	const replaced = removed.length ? tr('audit.assignment.replaced', { list: removed.join(', ') }) : '';
	if (t.added === 0 && t.tiles > 0 && !replaced) return tr('audit.assignment.nothing', { count: t.tiles, organisation });
	return tr('audit.assignment.assign', { count: t.tiles, organisation }) + already(t) + replaced;
}

/**
 * `acceptance.criteria`: the criteria as set (the whole set is recorded each time), listed so that
 * the trail says what the contract required from then on.
 */
function describeCriteria(d: Record<string, unknown>, tr: Translate): string {
	const proportion = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
	const percent = (v: number) => tr('audit.criteria.percent', { n: Math.round(v * 1000) / 10 });
	const parts: string[] = [];
	const overall = proportion(d.overallAccuracy);
	if (overall !== null) parts.push(tr('audit.criteria.overallAccuracy', { value: percent(overall) }));
	const lower = proportion(d.overallLowerBound);
	if (lower !== null) parts.push(tr('audit.criteria.overallLowerBound', { value: percent(lower) }));
	const each = proportion(d.eachClassUsers);
	if (each !== null) parts.push(tr('audit.criteria.eachClassUsers', { value: percent(each) }));
	const listed = d.listedClassesUsers as { classes?: unknown; min?: unknown } | null | undefined;
	if (listed && Array.isArray(listed.classes) && proportion(listed.min) !== null) {
		parts.push(tr('audit.criteria.listedClassesUsers', { value: percent(proportion(listed.min)!), classes: listed.classes.map(text).join(', ') }));
	}
	if (d.noBlockingDefectLeft === true) parts.push(tr('audit.criteria.noBlockingDefectLeft'));
	const rejected = proportion(d.rejectedTilesMax);
	if (rejected !== null) parts.push(tr('audit.criteria.rejectedTilesMax', { value: percent(rejected) }));
	const plan = d.samplingPlan as { sampleSize?: unknown; acceptanceNumber?: unknown; seed?: unknown } | null | undefined;
	if (plan && typeof plan.sampleSize === 'number' && typeof plan.acceptanceNumber === 'number') {
		parts.push(tr(plan.acceptanceNumber === 0 ? 'audit.criteria.samplingPlan.none' : 'audit.criteria.samplingPlan', { n: plan.sampleSize, count: plan.acceptanceNumber, seed: text(plan.seed) }));
	}
	const classCm = proportion(d.precisionClassCm);
	if (classCm !== null) parts.push(tr('audit.criteria.precisionClass', { cm: classCm }));
	const rmse = proportion(d.rmseRadialMax);
	if (rmse !== null) parts.push(tr('audit.criteria.rmseRadial', { cm: Math.round(rmse * 1000) / 10 }));
	return parts.length ? tr('audit.acceptance.criteria.set', { list: parts.join(tr('audit.criteria.separator')) }) : tr('audit.acceptance.criteria.none');
}
