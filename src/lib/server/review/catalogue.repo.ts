import { and, asc, eq, max } from 'drizzle-orm';
import type { Db } from '../db/db.ts';
import { defectCategories } from '../db/schema.ts';

export type CategoryRow = typeof defectCategories.$inferSelect;

export function listCategories(db: Db, campaignId: number): CategoryRow[] {
	return db.select().from(defectCategories).where(eq(defectCategories.campaignId, campaignId)).orderBy(asc(defectCategories.ordinal)).all();
}

export function insertCategories(db: Db, rows: (typeof defectCategories.$inferInsert)[]): void {
	if (rows.length) db.insert(defectCategories).values(rows).run();
}

export function updateCategory(db: Db, campaignId: number, code: string, values: Partial<Pick<CategoryRow, 'labelFr' | 'labelEn' | 'retired' | 'groupCode'>>): number {
	return db.update(defectCategories).set(values).where(and(eq(defectCategories.campaignId, campaignId), eq(defectCategories.code, code))).run().changes;
}

export function lastOrdinal(db: Db, campaignId: number): number {
	return db.select({ n: max(defectCategories.ordinal) }).from(defectCategories).where(eq(defectCategories.campaignId, campaignId)).get()?.n ?? 0;
}
