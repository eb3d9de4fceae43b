/** SQL of tile assignment: rows as stored (typed from the schema). Rules live in assignments.service.ts. */
import { and, asc, count, desc, eq, sql, type Column } from 'drizzle-orm';
import type { Db } from '../db/db.ts';
import { campaignMembers, campaigns, organisations, tileAssignments, tiles } from '../db/schema.ts';

/** Ids given as one JSON parameter: one statement for any number of them (no bound-parameter limit). */
const inJson = (column: Column, ids: readonly number[]) => sql`${column} in (select value from json_each(${JSON.stringify(ids)}))`;

export function organisationById(db: Db, id: number): { id: number; name: string } | undefined {
	return db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(eq(organisations.id, id)).get();
}

export function allOrganisationKeys(db: Db): { id: number; name: string; nameKey: string }[] {
	return db.select({ id: organisations.id, name: organisations.name, nameKey: organisations.nameKey }).from(organisations).all();
}

export function assignmentPairs(db: Db, campaignId: number): { tileId: number; organisationId: number }[] {
	return db
		.select({ tileId: tileAssignments.tileId, organisationId: tileAssignments.organisationId })
		.from(tileAssignments)
		.where(eq(tileAssignments.campaignId, campaignId))
		.orderBy(asc(tileAssignments.tileId), asc(tileAssignments.organisationId))
		.all();
}

/** Which of `tileIds` are tiles of the campaign. */
export function tilesInCampaign(db: Db, campaignId: number, tileIds: readonly number[]): number[] {
	return db
		.select({ id: tiles.id })
		.from(tiles)
		.where(and(eq(tiles.campaignId, campaignId), inJson(tiles.id, tileIds)))
		.all()
		.map((r) => r.id);
}

/**
 * Adds (tile, organisation) pairs, skipping those already there; returns how many were added.
 * One statement prepared for the whole batch (thousands of tiles in one transaction).
 */
export function insertAssignments(db: Db, pairs: Iterable<{ tileId: number; organisationId: number }>, campaignId: number, assignedBy: number | null, assignedAt: Date): number {
	const insert = db
		.insert(tileAssignments)
		.values({ tileId: sql.placeholder('tileId'), organisationId: sql.placeholder('organisationId'), campaignId, assignedBy, assignedAt })
		.onConflictDoNothing()
		.prepare();
	let added = 0;
	for (const p of pairs) added += insert.run(p).changes;
	return added;
}

/** Removes the tiles from one organisation; returns how many were removed. */
export function deleteAssignments(db: Db, campaignId: number, organisationId: number, tileIds: readonly number[]): number {
	const remove = db
		.delete(tileAssignments)
		.where(and(eq(tileAssignments.tileId, sql.placeholder('tileId')), eq(tileAssignments.organisationId, organisationId), eq(tileAssignments.campaignId, campaignId)))
		.prepare();
	let removed = 0;
	for (const tileId of tileIds) removed += remove.run({ tileId }).changes;
	return removed;
}

export function countTilesOf(db: Db, campaignId: number, organisationId: number): number {
	return db
		.select({ n: count() })
		.from(tileAssignments)
		.where(and(eq(tileAssignments.campaignId, campaignId), eq(tileAssignments.organisationId, organisationId)))
		.get()!.n;
}

/** Rectangles of the campaign's review tiles, in its CRS. */
export function reviewTileRects(db: Db, campaignId: number): { id: number; xmin: number; ymin: number; xmax: number; ymax: number }[] {
	return db
		.select({ id: tiles.id, xmin: tiles.xmin, ymin: tiles.ymin, xmax: tiles.xmax, ymax: tiles.ymax })
		.from(tiles)
		.where(and(eq(tiles.campaignId, campaignId), eq(tiles.inSample, true)))
		.all();
}

/** Every tile of the campaign (sampled or not), for matching names written in a CSV. */
export function tileNames(db: Db, campaignId: number): { id: number; name: string }[] {
	return db.select({ id: tiles.id, name: tiles.name }).from(tiles).where(eq(tiles.campaignId, campaignId)).all();
}

/** The ready campaigns a user has a role in, newest first. */
export function memberships(db: Db, userId: number, campaignId?: number) {
	return db
		.select({ id: campaigns.id, name: campaigns.name, role: campaignMembers.role })
		.from(campaignMembers)
		.innerJoin(campaigns, eq(campaigns.id, campaignMembers.campaignId))
		.where(and(eq(campaignMembers.userId, userId), eq(campaigns.status, 'ready'), campaignId === undefined ? undefined : eq(campaigns.id, campaignId)))
		.orderBy(desc(campaigns.createdAt), desc(campaigns.id))
		.all();
}

/** The campaign's tiles assigned to any of the organisations, in review order; `myVerdict`: `userId` gave theirs. */
export function tilesOfOrganisations(db: Db, campaignId: number, organisationIds: readonly number[], userId: number) {
	return db
		.selectDistinct({
			id: tiles.id,
			name: tiles.name,
			status: tiles.status,
			ordinal: tiles.ordinal,
			myVerdict: sql<number>`EXISTS (SELECT 1 FROM verdicts v WHERE v.tile_id = ${tiles.id} AND v.user_id = ${userId})`.mapWith((v: number) => v === 1)
		})
		.from(tileAssignments)
		.innerJoin(tiles, eq(tiles.id, tileAssignments.tileId))
		.where(and(eq(tileAssignments.campaignId, campaignId), inJson(tileAssignments.organisationId, organisationIds)))
		.orderBy(asc(tiles.ordinal))
		.all();
}

export function organisationNames(db: Db, organisationIds: readonly number[]): { id: number; name: string }[] {
	return db
		.select({ id: organisations.id, name: organisations.name })
		.from(organisations)
		.where(inJson(organisations.id, organisationIds))
		.orderBy(asc(organisations.name))
		.all();
}

/** Names of the campaign's managers (accounts still enabled): whom a reviewer without tiles asks. */
export function managerNames(db: Db, campaignId: number): string[] {
	return (
		db.$client
			.prepare(
				`SELECT coalesce(nullif(u.name, ''), u.email) AS name FROM campaign_members m JOIN users u ON u.id = m.user_id
				 WHERE m.campaign_id = ? AND m.role = 'manager' AND u.disabled_at IS NULL ORDER BY u.name COLLATE NOCASE`
			)
			.all(campaignId) as { name: string }[]
	).map((r) => r.name);
}

/**
 * Every organisation with, for this campaign, its tiles, the people who review for it (reviewers and
 * managers naming it) and its reviewer invitations still usable: a manager giving tiles to an
 * organisation nobody reviews for yet is told so.
 */
export function organisationsForAssignment(db: Db, campaignId: number, now: number) {
	return db.$client
		.prepare(
			`SELECT o.id, o.name, o.kind,
			   (SELECT count(*) FROM tile_assignments a WHERE a.organisation_id = o.id AND a.campaign_id = @campaign) AS tileCount,
			   (SELECT count(*) FROM campaign_members m WHERE m.organisation_id = o.id AND m.campaign_id = @campaign AND m.role IN ('reviewer', 'manager')) AS reviewerCount,
			   (SELECT count(*) FROM invitations i WHERE i.organisation_id = o.id AND i.campaign_id = @campaign AND i.role IN ('reviewer', 'manager')
			      AND i.revoked_at IS NULL AND i.expires_at > @now AND (i.max_uses IS NULL OR i.uses < i.max_uses)) AS pendingInvitations
			 FROM organisations o ORDER BY o.name COLLATE NOCASE`
		)
		.all({ campaign: campaignId, now }) as { id: number; name: string; kind: (typeof organisations.$inferSelect)['kind']; tileCount: number; reviewerCount: number; pendingInvitations: number }[];
}

/** Take `tileIds` from every organisation but `keep` (inside the caller's transaction); per organisation, how many. */
export function removeOtherOrganisations(db: Db, campaignId: number, tileIds: readonly number[], keep: number): { organisationId: number; name: string; tiles: number }[] {
	const ids = JSON.stringify(tileIds);
	const tallies = db.$client
		.prepare(
			`SELECT a.organisation_id AS organisationId, o.name, count(*) AS tiles FROM tile_assignments a JOIN organisations o ON o.id = a.organisation_id
			 WHERE a.campaign_id = ? AND a.organisation_id != ? AND a.tile_id IN (SELECT value FROM json_each(?))
			 GROUP BY a.organisation_id ORDER BY o.name COLLATE NOCASE`
		)
		.all(campaignId, keep, ids) as { organisationId: number; name: string; tiles: number }[];
	db.$client.prepare('DELETE FROM tile_assignments WHERE campaign_id = ? AND organisation_id != ? AND tile_id IN (SELECT value FROM json_each(?))').run(campaignId, keep, ids);
	return tallies;
}
