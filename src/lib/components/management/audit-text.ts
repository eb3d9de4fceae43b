/**
 * Audit events as sentences ("a attribué 12 tuiles à Commune X"). Pure: the translation function is
 * a parameter, so the same code serves the pages (reactive `t`) and the unit tests (a dictionary).
 * The actor ("who") is shown beside the sentence; the sentence is the "what".
 */
import type { MessageKey } from '$lib/i18n/fr.ts';
import type { Params } from '$lib/i18n/translate.ts';
import type { AuditEntry } from './types.ts';

export type Translate = (key: MessageKey, params?: Params) => string;

const ROLES = new Set(['manager', 'reviewer', 'contractor', 'observer']);
const ANSWERS = new Set(['accepted', 'disputed', 'fixed']);
const OUTCOMES = new Set(['agreed', 'maintained']);
const KINDS = new Set(['commune', 'epci', 'departement', 'region', 'etat', 'parc', 'contractor', 'other']);

export function describeAuditEvent(e: AuditEntry, tr: Translate): string {
	const d = e.details;
	const text = (v: unknown) => (typeof v === 'string' ? v : '');
	// Today's name of the person, else what the event recorded, else "a deleted account".
	const person = e.subject ? e.subject.name || e.subject.email : text(d.email) || tr('audit.someone');
	const organisation = e.organisation?.name ?? (typeof d.name === 'string' ? d.name : tr('audit.anOrganisation'));
	// Roles read in lower case in the middle of a sentence ("comme relecteur").
	const role = (v: unknown) => (typeof v === 'string' && ROLES.has(v) ? tr(`role.${v}` as MessageKey).toLocaleLowerCase() : text(v));
	const count = (v: unknown) => (typeof v === 'number' ? v : Array.isArray(v) ? v.length : 0);

	switch (e.action) {
		case 'auth.sign_in':
		case 'auth.sign_out':
		case 'auth.password_change':
		case 'campaign.create':
		case 'invitation.revoke':
			return tr(`audit.${e.action}`);
		case 'auth.sign_in_failed':
			return tr('audit.auth.sign_in_failed', { email: text(d.email) });
		case 'auth.password_reset_link':
		case 'auth.password_reset':
		case 'user.disable':
		case 'user.enable':
			return tr(`audit.${e.action}`, { person });
		case 'user.create':
			return tr(d.isAdmin ? 'audit.user.create.admin' : 'audit.user.create', { person });
		case 'user.update':
			return tr(d.isAdmin ? 'audit.user.update.admin' : 'audit.user.update.notAdmin', { person });
		case 'user.sessions_revoked':
			return tr('audit.user.sessions_revoked', { person, count: count(d.revoked) });
		case 'organisation.create':
			return tr('audit.organisation.create', {
				organisation,
				kind: typeof d.kind === 'string' && KINDS.has(d.kind) ? tr(`org.kind.${d.kind}` as MessageKey) : text(d.kind)
			});
		case 'organisation.member_add':
		case 'organisation.member_remove':
			return tr(`audit.${e.action}`, { person, organisation });
		case 'member.add':
			return d.organisationId ? tr('audit.member.add.organisation', { person, role: role(d.role), organisation }) : tr('audit.member.add', { person, role: role(d.role) });
		case 'member.role_change':
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
			return tr('audit.invitation.accept', { role: role(d.role) });
		case 'assignment.assign':
		case 'assignment.unassign':
			// The count is recorded as `tiles` (a number or the list of ids) or `count`.
			return tr(`audit.${e.action}`, { count: count(d.tiles ?? d.tileIds ?? d.count), organisation });
		case 'campaign.settings': {
			// One event per change; the details hold the settings that changed.
			const parts: string[] = [];
			if (typeof d.reviewUnassigned === 'boolean') parts.push(tr(d.reviewUnassigned ? 'audit.campaign.settings.on' : 'audit.campaign.settings.off'));
			if (typeof d.requiredVerdicts === 'number') parts.push(tr('audit.campaign.settings.requiredVerdicts', { count: d.requiredVerdicts }));
			return parts.join(' ; ') || tr('audit.unknown', { action: e.action });
		}
		case 'tile.validate':
		case 'tile.reopen':
		case 'defect.restore':
			return tr(`audit.${e.action}`, { tile: text(d.name) || text(d.tileName) || `#${count(d.tileId)}` });
		case 'catalogue.add':
			return tr('audit.catalogue.add', { label: text(d.label) });
		case 'catalogue.edit':
			if (typeof d.retired === 'boolean') return tr(d.retired ? 'audit.catalogue.retire' : 'audit.catalogue.restore', { label: text(d.label) });
			return tr('audit.catalogue.rename', { label: text(d.label), from: text(d.from) });
		case 'walk.draw':
			return tr('audit.walk.draw', { count: count(d.count) });
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
		default:
			// An action added later than this page: still readable, in its code form.
			return tr('audit.unknown', { action: e.action });
	}
}
