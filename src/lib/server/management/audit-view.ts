import type { Db } from '../db/db.ts';
import { InputError } from '../errors.ts';
import { listAudit, type AuditEvent } from '../access/audit.ts';

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

export const AUDIT_PAGE_SIZE = 100;

/** `?before=<event id>` for paging back, or a readable 400. */
export function parseBefore(url: URL): number | undefined {
	const raw = url.searchParams.get('before');
	if (raw === null || raw === '') return undefined;
	if (!/^\d+$/.test(raw)) throw new InputError('invalid_before', { en: '"before" must be an event number.', fr: '« before » doit être un numéro d’événement.' });
	return Number(raw);
}

/** One page of the trail, newest first; `nextBefore` pages back (null at the beginning). */
export function auditPage(db: Db, campaignId: number | null, before: number | undefined): { events: AuditEntry[]; nextBefore: number | null } {
	// One more than shown tells whether an older page exists.
	const rows = listAudit(db, { campaignId, before, limit: AUDIT_PAGE_SIZE + 1 });
	const events = withNames(db, rows.slice(0, AUDIT_PAGE_SIZE));
	return { events, nextBefore: rows.length > AUDIT_PAGE_SIZE ? events[events.length - 1].id : null };
}

function withNames(db: Db, events: AuditEvent[]): AuditEntry[] {
	const user = db.$client.prepare('SELECT id, email, name FROM users WHERE id = ?');
	const organisation = db.$client.prepare('SELECT id, name FROM organisations WHERE id = ?');
	const campaign = db.$client.prepare('SELECT name FROM campaigns WHERE id = ?');
	const positive = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
	return events.map((e) => ({
		...e,
		subject: positive(e.details.userId) ? ((user.get(e.details.userId) as AuditEntry['subject']) ?? null) : null,
		organisation: positive(e.details.organisationId) ? ((organisation.get(e.details.organisationId) as AuditEntry['organisation']) ?? null) : null,
		organisations: Object.fromEntries(
			organisationIdsOf(e.details)
				.map((id) => organisation.get(id) as { id: number; name: string } | undefined)
				.filter((o) => o !== undefined)
				.map((o) => [o.id, o.name])
		),
		campaignName: e.campaignId === null ? null : ((campaign.get(e.campaignId) as { name: string } | undefined)?.name ?? null)
	}));
}
