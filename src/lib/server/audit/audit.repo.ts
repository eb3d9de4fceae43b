/** SQL of the audit trail: rows as stored (typed from the schema). Rules and shaping live in audit.service.ts. */
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../db/db.ts';
import { auditEvents, campaigns, organisations, users } from '../db/schema.ts';

export type AuditRow = typeof auditEvents.$inferSelect;

export function insertEvent(db: Db, row: typeof auditEvents.$inferInsert): void {
	db.insert(auditEvents).values(row).run();
}

/** Newest first; `campaignId` null: every event. */
export function listEvents(db: Db, { campaignId, before, limit }: { campaignId: number | null; before?: number; limit: number }): AuditRow[] {
	const where: SQL[] = [];
	if (campaignId !== null) where.push(eq(auditEvents.campaignId, campaignId));
	if (before !== undefined) where.push(lt(auditEvents.id, before));
	return db.select().from(auditEvents).where(and(...where)).orderBy(desc(auditEvents.id)).limit(limit).all();
}

export function person(db: Db, id: number): { id: number; email: string; name: string } | undefined {
	return db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.id, id)).get();
}

export function organisation(db: Db, id: number): { id: number; name: string } | undefined {
	return db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(eq(organisations.id, id)).get();
}

export function campaignName(db: Db, id: number): string | undefined {
	return db.select({ name: campaigns.name }).from(campaigns).where(eq(campaigns.id, id)).get()?.name;
}
