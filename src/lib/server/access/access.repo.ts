/**
 * SQL of the access checks that do not run on every request (the campaign list, the "new campaign"
 * button); the per-request door, `authorize()`, keeps its own hand-prepared statements.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/db.ts';
import { campaignMembers } from '../db/schema.ts';

export function rolesOf(db: Db, userId: number) {
	return db.select({ campaignId: campaignMembers.campaignId, role: campaignMembers.role }).from(campaignMembers).where(eq(campaignMembers.userId, userId)).all();
}

export function managesAnyCampaign(db: Db, userId: number): boolean {
	return !!db
		.select({ campaignId: campaignMembers.campaignId })
		.from(campaignMembers)
		.where(and(eq(campaignMembers.userId, userId), eq(campaignMembers.role, 'manager')))
		.limit(1)
		.get();
}
