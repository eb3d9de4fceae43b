/**
 * SQL of the control points: the sample design, the points, the reviewers' labels and the manager's
 * adjudications. Rules and errors live in control-points.service.ts.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/db.ts';
import {
	campaignMembers,
	campaigns,
	controlPointAdjudications,
	controlPointDesigns,
	controlPointLabels,
	controlPoints,
	controlPointStrata,
	landcoverFeatures,
	organisations,
	tileAssignments,
	tileClassAreas,
	tiles,
	users
} from '../db/schema.ts';

export type DesignRow = typeof controlPointDesigns.$inferSelect;
export type StratumRow = typeof controlPointStrata.$inferSelect;
export type PointInsert = Omit<typeof controlPoints.$inferInsert, 'id'>;

export function campaignRow(db: Db, campaignId: number) {
	return db
		.select({ id: campaigns.id, crsEpsg: campaigns.crsEpsg, landcoverEpsg: campaigns.landcoverEpsg, nomenclature: campaigns.nomenclature })
		.from(campaigns)
		.where(eq(campaigns.id, campaignId))
		.get();
}

/** The review tiles (in the sample), in review order, with their extent and the land cover touching them. */
export function reviewTiles(db: Db, campaignId: number) {
	return db
		.select({ id: tiles.id, name: tiles.name, xmin: tiles.xmin, ymin: tiles.ymin, xmax: tiles.xmax, ymax: tiles.ymax, featureIds: tiles.featureIds })
		.from(tiles)
		.where(and(eq(tiles.campaignId, campaignId), eq(tiles.inSample, true)))
		.orderBy(asc(tiles.ordinal))
		.all();
}

/** Mapped area (m²) of each class within each review tile. */
export function reviewTileClassAreas(db: Db, campaignId: number) {
	return db
		.select({ tileId: tileClassAreas.tileId, classCode: tileClassAreas.classCode, area: tileClassAreas.area })
		.from(tileClassAreas)
		.innerJoin(tiles, eq(tiles.id, tileClassAreas.tileId))
		.where(and(eq(tiles.campaignId, campaignId), eq(tiles.inSample, true)))
		.all();
}

/** The campaign's land-cover polygons, by fid (the order draws depend on). */
export function landcover(db: Db, campaignId: number) {
	return db
		.select({ id: landcoverFeatures.id, fid: landcoverFeatures.fid, classCode: landcoverFeatures.classCode, geometry: landcoverFeatures.geometry })
		.from(landcoverFeatures)
		.where(eq(landcoverFeatures.campaignId, campaignId))
		.orderBy(asc(landcoverFeatures.fid), asc(landcoverFeatures.id))
		.all();
}

export function design(db: Db, campaignId: number): DesignRow | undefined {
	return db.select().from(controlPointDesigns).where(eq(controlPointDesigns.campaignId, campaignId)).get();
}

export function strata(db: Db, campaignId: number): StratumRow[] {
	return db.select().from(controlPointStrata).where(eq(controlPointStrata.campaignId, campaignId)).orderBy(asc(controlPointStrata.stratum)).all();
}

export function labelCount(db: Db, campaignId: number): number {
	return db.select({ n: sql<number>`count(*)` }).from(controlPointLabels).where(eq(controlPointLabels.campaignId, campaignId)).get()?.n ?? 0;
}

/** Replace the campaign's design, strata and points (labels and adjudications go with the points). */
export function replaceDesign(db: Db, campaignId: number, row: typeof controlPointDesigns.$inferInsert, strataRows: (typeof controlPointStrata.$inferInsert)[], points: PointInsert[]): void {
	db.delete(controlPoints).where(eq(controlPoints.campaignId, campaignId)).run();
	db.delete(controlPointStrata).where(eq(controlPointStrata.campaignId, campaignId)).run();
	db.delete(controlPointDesigns).where(eq(controlPointDesigns.campaignId, campaignId)).run();
	db.insert(controlPointDesigns).values(row).run();
	for (let i = 0; i < strataRows.length; i += 500) db.insert(controlPointStrata).values(strataRows.slice(i, i + 500)).run();
	// In labelling order, so that ids say no more than the ordinal.
	for (let i = 0; i < points.length; i += 500) db.insert(controlPoints).values(points.slice(i, i + 500)).run();
}

export function points(db: Db, campaignId: number) {
	return db
		.select({
			id: controlPoints.id,
			ordinal: controlPoints.ordinal,
			stratum: controlPoints.stratum,
			x: controlPoints.x,
			y: controlPoints.y,
			lon: controlPoints.lon,
			lat: controlPoints.lat,
			mapClass: controlPoints.mapClass,
			featureId: controlPoints.featureId,
			tileId: controlPoints.tileId,
			tileName: tiles.name,
			tileStatus: tiles.status
		})
		.from(controlPoints)
		.innerJoin(tiles, eq(tiles.id, controlPoints.tileId))
		.where(eq(controlPoints.campaignId, campaignId))
		.orderBy(asc(controlPoints.ordinal))
		.all();
}
export type PointRow = ReturnType<typeof points>[number];

/** The map classes of the campaign's points. */
export function mappedClasses(db: Db, campaignId: number): string[] {
	return db
		.selectDistinct({ mapClass: controlPoints.mapClass })
		.from(controlPoints)
		.where(eq(controlPoints.campaignId, campaignId))
		.all()
		.map((r) => r.mapClass);
}

export function point(db: Db, campaignId: number, pointId: number) {
	return db
		.select({ id: controlPoints.id, tileId: controlPoints.tileId, mapClass: controlPoints.mapClass, ordinal: controlPoints.ordinal })
		.from(controlPoints)
		.where(and(eq(controlPoints.campaignId, campaignId), eq(controlPoints.id, pointId)))
		.get();
}

/** Every label of the campaign, with who gave it (name, organisation in this campaign). */
export function labels(db: Db, campaignId: number) {
	return db
		.select({
			pointId: controlPointLabels.pointId,
			userId: controlPointLabels.userId,
			userName: sql<string | null>`coalesce(nullif(${users.name}, ''), ${users.email})`,
			organisation: organisations.name,
			classCode: controlPointLabels.classCode,
			comment: controlPointLabels.comment,
			at: controlPointLabels.at
		})
		.from(controlPointLabels)
		.leftJoin(users, eq(users.id, controlPointLabels.userId))
		.leftJoin(campaignMembers, and(eq(campaignMembers.campaignId, controlPointLabels.campaignId), eq(campaignMembers.userId, controlPointLabels.userId)))
		.leftJoin(organisations, eq(organisations.id, campaignMembers.organisationId))
		.where(eq(controlPointLabels.campaignId, campaignId))
		.orderBy(asc(controlPointLabels.pointId), asc(controlPointLabels.at))
		.all();
}
export type LabelRow = ReturnType<typeof labels>[number];

export function adjudications(db: Db, campaignId: number) {
	return db.select().from(controlPointAdjudications).where(eq(controlPointAdjudications.campaignId, campaignId)).all();
}

export function upsertLabel(db: Db, row: typeof controlPointLabels.$inferInsert): void {
	db.insert(controlPointLabels)
		.values(row)
		.onConflictDoUpdate({ target: [controlPointLabels.pointId, controlPointLabels.userId], set: { classCode: row.classCode, comment: row.comment, at: row.at } })
		.run();
}

export function deleteLabel(db: Db, pointId: number, userId: number): number {
	return db.delete(controlPointLabels).where(and(eq(controlPointLabels.pointId, pointId), eq(controlPointLabels.userId, userId))).run().changes;
}

export function upsertAdjudication(db: Db, row: typeof controlPointAdjudications.$inferInsert): void {
	db.insert(controlPointAdjudications)
		.values(row)
		.onConflictDoUpdate({ target: controlPointAdjudications.pointId, set: { classCode: row.classCode, comment: row.comment, userId: row.userId, at: row.at } })
		.run();
}

export function deleteAdjudication(db: Db, pointId: number): number {
	return db.delete(controlPointAdjudications).where(eq(controlPointAdjudications.pointId, pointId)).run().changes;
}

/** Organisations each tile of the campaign is assigned to (for "may this reviewer label it"). */
export function assignments(db: Db, campaignId: number, tileIds: number[]) {
	if (tileIds.length === 0) return [];
	const rows: { tileId: number; organisationId: number }[] = [];
	for (let i = 0; i < tileIds.length; i += 900) {
		rows.push(
			...db
				.select({ tileId: tileAssignments.tileId, organisationId: tileAssignments.organisationId })
				.from(tileAssignments)
				.where(and(eq(tileAssignments.campaignId, campaignId), inArray(tileAssignments.tileId, tileIds.slice(i, i + 900))))
				.all()
		);
	}
	return rows;
}
