import type { Db } from '../db/db.ts';

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
	| 'walk.draw'
	| 'defects.release'
	| 'defect.answer'
	| 'defect.dispute_close'
	| 'round.open';

export interface AuditEvent {
	id: number;
	at: number;
	actorId: number | null;
	actorEmail: string | null;
	campaignId: number | null;
	action: AuditAction;
	details: Record<string, unknown>;
	ip: string | null;
}

/** Record an event. Call it inside the transaction of the change it describes, so both land or neither. */
export function audit(db: Db, actor: Actor | null, action: AuditAction, details: Record<string, unknown> = {}, campaignId: number | null = null): void {
	db.$client
		.prepare('INSERT INTO audit_events (at, actor_id, actor_email, campaign_id, action, details, ip) VALUES (?, ?, ?, ?, ?, ?, ?)')
		.run(Date.now(), actor?.id ?? null, actor?.email ?? null, campaignId, action, JSON.stringify(details), actor?.ip ?? null);
}

interface AuditRow {
	id: number;
	at: number;
	actor_id: number | null;
	actor_email: string | null;
	campaign_id: number | null;
	action: AuditAction;
	details: string;
	ip: string | null;
}

/** Newest first; `before` (an event id) pages back. `campaignId` null: the whole site's trail. */
export function listAudit(db: Db, { campaignId, before, limit = 200 }: { campaignId: number | null; before?: number; limit?: number }): AuditEvent[] {
	const rows = db.$client
		.prepare(
			`SELECT * FROM audit_events WHERE (? IS NULL OR campaign_id = ?) AND (? IS NULL OR id < ?) ORDER BY id DESC LIMIT ?`
		)
		.all(campaignId, campaignId, before ?? null, before ?? null, Math.min(Math.max(limit, 1), 1000)) as AuditRow[];
	return rows.map((r) => ({
		id: r.id,
		at: r.at,
		actorId: r.actor_id,
		actorEmail: r.actor_email,
		campaignId: r.campaign_id,
		action: r.action,
		details: JSON.parse(r.details),
		ip: r.ip
	}));
}
