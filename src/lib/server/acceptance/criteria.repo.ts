/** SQL of the acceptance criteria and of the sampling plan's drawn tiles. */
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/db.ts';
import { acceptanceCriteria, acceptancePlanTiles, tiles } from '../db/schema.ts';

export function criteriaRow(db: Db, campaignId: number) {
	return db.select().from(acceptanceCriteria).where(eq(acceptanceCriteria.campaignId, campaignId)).get();
}

export function saveCriteria(db: Db, campaignId: number, criteria: Record<string, unknown>, userId: number | null): void {
	const updatedAt = new Date();
	db.insert(acceptanceCriteria)
		.values({ campaignId, criteria, updatedAt, updatedBy: userId })
		.onConflictDoUpdate({ target: acceptanceCriteria.campaignId, set: { criteria, updatedAt, updatedBy: userId } })
		.run();
}

/** The review tiles (id, name), the lot of the sampling plan. */
export function reviewTiles(db: Db, campaignId: number) {
	return db
		.select({ id: tiles.id, name: tiles.name })
		.from(tiles)
		.where(and(eq(tiles.campaignId, campaignId), eq(tiles.inSample, true)))
		.orderBy(asc(tiles.ordinal))
		.all();
}

export function replacePlanTiles(db: Db, campaignId: number, tileIds: number[]): void {
	db.delete(acceptancePlanTiles).where(eq(acceptancePlanTiles.campaignId, campaignId)).run();
	for (let i = 0; i < tileIds.length; i += 500) {
		db.insert(acceptancePlanTiles)
			.values(tileIds.slice(i, i + 500).map((tileId, k) => ({ campaignId, tileId, ordinal: i + k + 1 })))
			.run();
	}
}
