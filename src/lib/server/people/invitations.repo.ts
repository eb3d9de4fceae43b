/** SQL of invitation links: rows as stored (typed from the schema). Rules live in invitations.service.ts. */
import { and, desc, eq, getTableColumns, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db/db.ts';
import { campaigns, invitations, organisations, users } from '../db/schema.ts';

/** An invitation with the names the manager's list shows. */
function withNames(db: Db) {
	return db
		.select({ ...getTableColumns(invitations), campaignName: campaigns.name, organisationName: organisations.name, createdByEmail: users.email })
		.from(invitations)
		.innerJoin(campaigns, eq(campaigns.id, invitations.campaignId))
		.leftJoin(organisations, eq(organisations.id, invitations.organisationId))
		.leftJoin(users, eq(users.id, invitations.createdBy));
}

export type InvitationRow = NonNullable<ReturnType<typeof byId>>;

export function byId(db: Db, id: string) {
	return withNames(db).where(eq(invitations.id, id)).get();
}

export function ofCampaign(db: Db, campaignId: number): InvitationRow[] {
	return withNames(db).where(eq(invitations.campaignId, campaignId)).orderBy(desc(invitations.createdAt)).all();
}

export function insertInvitation(db: Db, row: typeof invitations.$inferInsert): void {
	db.insert(invitations).values(row).run();
}

/** Returns 0 when there is no such active invitation in the campaign. */
export function revoke(db: Db, campaignId: number, id: string, at: Date): number {
	return db
		.update(invitations)
		.set({ revokedAt: at })
		.where(and(eq(invitations.id, id), eq(invitations.campaignId, campaignId), isNull(invitations.revokedAt)))
		.run().changes;
}

/**
 * Count one use, in the same statement that checks the link is still usable, so two people racing
 * for a single-use link cannot both get in. Returns 0 when it is not.
 */
export function countUse(db: Db, id: string, now: Date): number {
	return db
		.update(invitations)
		.set({ uses: sql`${invitations.uses} + 1` })
		.where(and(eq(invitations.id, id), isNull(invitations.revokedAt), gt(invitations.expiresAt, now), or(isNull(invitations.maxUses), lt(invitations.uses, invitations.maxUses))))
		.run().changes;
}
