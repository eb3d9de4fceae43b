/**
 * The audit trail: who did what and when. Features below nothing but the database record their
 * events here, inside the transaction of the change they describe; managers and administrators read
 * the trail back with today's names of the people and organisations it mentions.
 */
import type { Db } from '../db/db.ts';
import { InputError } from '../errors.ts';
import * as repo from './audit.repo.ts';

/** Who acted (null for the system, e.g. the demo seed) and from where. */
export interface Actor {
	id: number;
	email: string;
	ip?: string | null;
}

export type AuditAction =
	| 'auth.sign_in'
	| 'auth.sign_in_failed'
	| 'auth.sign_out'
	| 'auth.password_reset_link'
	| 'auth.password_reset'
	| 'auth.password_change'
	| 'user.create'
	| 'user.update'
	| 'user.disable'
	| 'user.enable'
	| 'user.sessions_revoked'
	| 'organisation.create'
	| 'organisation.member_add'
	| 'organisation.member_remove'
	| 'member.add'
	| 'member.role_change'
	| 'member.remove'
	| 'invitation.create'
	| 'invitation.revoke'
	| 'invitation.accept'
	| 'assignment.assign'
	| 'assignment.unassign'
	| 'campaign.create'
	| 'campaign.settings'
	| 'campaign.delete'
	| 'tile.validate'
	| 'tile.reopen'
	| 'defect.restore'
	| 'catalogue.add'
	| 'catalogue.edit'
	| 'reference_layer.add'
	| 'reference_layer.remove'
	| 'walk.draw'
	| 'checkpoints.import'
	| 'checkpoint.propose'
	| 'checkpoint.edit'
	| 'checkpoint.delete'
	| 'checkpoint.decide'
	| 'seam.delete'
	| 'control_points.generate'
	| 'control_points.adjudicate'
	| 'acceptance.criteria'
	| 'defects.release'
	| 'defect.answer'
	| 'defect.dispute_close'
	| 'round.open';

export interface AuditEvent {
	id: number;
	/** Epoch milliseconds. */
	at: number;
	actorId: number | null;
	/** null: the system (demo seed, import). */
	actorEmail: string | null;
	campaignId: number | null;
	/**
	 * One of `AuditAction` when written; read back as text, because the trail outlives the code:
	 * an event recorded by another version may carry an action this one does not know.
	 */
	action: string;
	details: Record<string, unknown>;
	ip: string | null;
}

/** Record an event. Call it inside the transaction of the change it describes, so both land or neither. */
export function audit(db: Db, actor: Actor | null, action: AuditAction, details: Record<string, unknown> = {}, campaignId: number | null = null): void {
	repo.insertEvent(db, { at: new Date(), actorId: actor?.id ?? null, actorEmail: actor?.email ?? null, campaignId, action, details, ip: actor?.ip ?? null });
}

const toEvent = (r: repo.AuditRow): AuditEvent => ({
	id: r.id,
	at: r.at.getTime(),
	actorId: r.actorId,
	actorEmail: r.actorEmail,
	campaignId: r.campaignId,
	action: r.action,
	details: r.details,
	ip: r.ip
});

/** Newest first; `before` (an event id) pages back. `campaignId` null: the whole site's trail. */
export function listAudit(db: Db, { campaignId, before, limit = 200 }: { campaignId: number | null; before?: number; limit?: number }): AuditEvent[] {
	return repo.listEvents(db, { campaignId, before, limit: Math.min(Math.max(limit, 1), 1000) }).map(toEvent);
}

/**
 * An audit event with the names it refers to. Events store ids (a user, an organisation) so that
 * renaming does not rewrite history; the trail shows today's names beside them so a manager reads
 * "changed Léa Bernard's role" rather than "user 12".
 */
export interface AuditEntry extends AuditEvent {
	/** The person the event is about (details.userId), when there is one and it still exists. */
	subject: { id: number; email: string; name: string } | null;
	/** The organisation the event is about (details.organisationId). */
	organisation: { id: number; name: string } | null;
	/**
	 * Today's name of every organisation the details name by id — `organisationId`, and the
	 * `organisationId` of each entry of the lists assignment events record (`byOrganisation`,
	 * `removedFrom`) — keyed by id. An organisation deleted since is absent.
	 */
	organisations: Record<number, string>;
	campaignName: string | null;
}

/** Organisation ids an event's details refer to, wherever its action records them. */
export function organisationIdsOf(details: Record<string, unknown>): number[] {
	const ids = new Set<number>();
	const add = (v: unknown) => {
		if (typeof v === 'number' && Number.isSafeInteger(v) && v > 0) ids.add(v);
	};
	add(details.organisationId);
	for (const list of [details.byOrganisation, details.removedFrom]) {
		if (!Array.isArray(list)) continue;
		for (const entry of list) if (entry && typeof entry === 'object') add((entry as { organisationId?: unknown }).organisationId);
	}
	return [...ids];
}

/** GET /api/campaigns/:id/audit and /api/admin/audit. */
export interface AuditPage {
	events: AuditEntry[];
	/** Pass as `?before=` for older events; null when there are none. */
	nextBefore: number | null;
}

export const AUDIT_PAGE_SIZE = 100;

/** `?before=<event id>` for paging back, or a readable 400. */
export function parseBefore(url: URL): number | undefined {
	const raw = url.searchParams.get('before');
	if (raw === null || raw === '') return undefined;
	if (!/^\d+$/.test(raw)) throw new InputError('invalid_before', { en: '"before" must be an event number.', fr: '« before » doit être un numéro d’événement.' });
	return Number(raw);
}

/** One page of the trail, newest first; `nextBefore` pages back (null at the beginning). */
export function auditPage(db: Db, campaignId: number | null, before: number | undefined): AuditPage {
	// One more than shown tells whether an older page exists.
	const rows = listAudit(db, { campaignId, before, limit: AUDIT_PAGE_SIZE + 1 });
	const events = withNames(db, rows.slice(0, AUDIT_PAGE_SIZE));
	return { events, nextBefore: rows.length > AUDIT_PAGE_SIZE ? events[events.length - 1].id : null };
}

function withNames(db: Db, events: AuditEvent[]): AuditEntry[] {
	const positive = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
	return events.map((e) => ({
		...e,
		subject: positive(e.details.userId) ? (repo.person(db, e.details.userId) ?? null) : null,
		organisation: positive(e.details.organisationId) ? (repo.organisation(db, e.details.organisationId) ?? null) : null,
		organisations: Object.fromEntries(
			organisationIdsOf(e.details)
				.map((id) => repo.organisation(db, id))
				.filter((o) => o !== undefined)
				.map((o) => [o.id, o.name])
		),
		campaignName: e.campaignId === null ? null : (repo.campaignName(db, e.campaignId) ?? null)
	}));
}
