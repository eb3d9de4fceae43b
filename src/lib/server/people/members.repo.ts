/** SQL of campaign roles: rows as stored (typed from the schema). Rules live in members.service.ts. */
import { and, asc, count, eq, ne, sql } from 'drizzle-orm';
import type { CampaignRole } from '../../access/permissions.ts';
import type { Db } from '../db/db.ts';
import { campaignMembers, campaigns, organisations, users } from '../db/schema.ts';

/** Managers first, then reviewers, contractors and observers; by e-mail within a role. */
const roleOrder = sql`case ${campaignMembers.role} when 'manager' then 0 when 'reviewer' then 1 when 'contractor' then 2 else 3 end`;

export function listMembers(db: Db, campaignId: number) {
	return db
		.select({
			userId: users.id,
			email: users.email,
			name: users.name,
			role: campaignMembers.role,
			organisationId: campaignMembers.organisationId,
			organisationName: organisations.name,
			since: campaignMembers.createdAt
		})
		.from(campaignMembers)
		.innerJoin(users, eq(users.id, campaignMembers.userId))
		.leftJoin(organisations, eq(organisations.id, campaignMembers.organisationId))
		.where(eq(campaignMembers.campaignId, campaignId))
		.orderBy(roleOrder, asc(users.email))
		.all();
}

export function membership(db: Db, campaignId: number, userId: number): { role: CampaignRole; organisationId: number | null } | undefined {
	return db
		.select({ role: campaignMembers.role, organisationId: campaignMembers.organisationId })
		.from(campaignMembers)
		.where(and(eq(campaignMembers.campaignId, campaignId), eq(campaignMembers.userId, userId)))
		.get();
}

/** A new role, or a changed one (the membership keeps its date). */
export function upsertMember(db: Db, row: { campaignId: number; userId: number; role: CampaignRole; organisationId: number | null; createdAt: Date }): void {
	db.insert(campaignMembers)
		.values(row)
		.onConflictDoUpdate({ target: [campaignMembers.campaignId, campaignMembers.userId], set: { role: row.role, organisationId: row.organisationId } })
		.run();
}

export function deleteMember(db: Db, campaignId: number, userId: number): void {
	db.delete(campaignMembers).where(and(eq(campaignMembers.campaignId, campaignId), eq(campaignMembers.userId, userId))).run();
}

export function countOtherManagers(db: Db, campaignId: number, userId: number): number {
	return db
		.select({ n: count() })
		.from(campaignMembers)
		.where(and(eq(campaignMembers.campaignId, campaignId), eq(campaignMembers.role, 'manager'), ne(campaignMembers.userId, userId)))
		.get()!.n;
}

/** Whether a campaign is there to be joined (imported and not deleted). */
export function campaignIsReady(db: Db, campaignId: number): boolean {
	return !!db.select({ id: campaigns.id }).from(campaigns).where(and(eq(campaigns.id, campaignId), eq(campaigns.status, 'ready'))).get();
}

