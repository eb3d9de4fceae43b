/** SQL of the organisations directory: rows as stored (typed from the schema). Rules live in organisations.service.ts. */
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { union } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/db.ts';
import { campaignMembers, invitations, organisationMembers, organisations, tileAssignments, users } from '../db/schema.ts';

/** An organisation with the number of people listed in it. */
function withMemberCount(db: Db, where: SQL | undefined) {
	return db
		.select({
			id: organisations.id,
			name: organisations.name,
			kind: organisations.kind,
			memberCount: db.$count(organisationMembers, eq(organisationMembers.organisationId, organisations.id))
		})
		.from(organisations)
		.where(where);
}

export type OrganisationRow = ReturnType<typeof byId>;

export function byId(db: Db, id: number) {
	return withMemberCount(db, eq(organisations.id, id)).get();
}

export function byNameKey(db: Db, nameKey: string) {
	return withMemberCount(db, eq(organisations.nameKey, nameKey)).get();
}

const byName = sql`${organisations.name} collate nocase`;

export function all(db: Db) {
	return withMemberCount(db, undefined).orderBy(byName).all();
}

/** Ids of the organisations a campaign knows: given some of its tiles, named by a member's role or by an invitation. */
function campaignOrganisationIds(db: Db, campaignId: number) {
	return union(
		db.select({ id: tileAssignments.organisationId }).from(tileAssignments).where(eq(tileAssignments.campaignId, campaignId)),
		db.select({ id: sql<number>`${campaignMembers.organisationId}` }).from(campaignMembers).where(eq(campaignMembers.campaignId, campaignId)),
		db.select({ id: sql<number>`${invitations.organisationId}` }).from(invitations).where(eq(invitations.campaignId, campaignId))
	);
}

export function ofCampaign(db: Db, campaignId: number) {
	return withMemberCount(db, sql`${organisations.id} in ${campaignOrganisationIds(db, campaignId)}`).orderBy(byName).all();
}

export function isOfCampaign(db: Db, campaignId: number, organisationId: number): boolean {
	return !!db
		.select({ one: sql`1` })
		.from(organisations)
		.where(and(eq(organisations.id, organisationId), sql`${organisations.id} in ${campaignOrganisationIds(db, campaignId)}`))
		.get();
}

/** Returns the new organisation's id. */
export function insertOrganisation(db: Db, row: typeof organisations.$inferInsert): number {
	return db.insert(organisations).values(row).returning({ id: organisations.id }).get().id;
}

export function membersOf(db: Db, organisationId: number): { id: number; email: string; name: string }[] {
	return db
		.select({ id: users.id, email: users.email, name: users.name })
		.from(organisationMembers)
		.innerJoin(users, eq(users.id, organisationMembers.userId))
		.where(eq(organisationMembers.organisationId, organisationId))
		.orderBy(asc(users.email))
		.all();
}

/** Returns 1 when the person was added, 0 when they were listed already. */
export function addMember(db: Db, organisationId: number, userId: number): number {
	return db.insert(organisationMembers).values({ organisationId, userId }).onConflictDoNothing().run().changes;
}

/** Returns 1 when the person was removed, 0 when they were not listed. */
export function removeMember(db: Db, organisationId: number, userId: number): number {
	return db.delete(organisationMembers).where(and(eq(organisationMembers.organisationId, organisationId), eq(organisationMembers.userId, userId))).run().changes;
}
