/**
 * SQL of sign-in, one's own account and password links: rows as stored (typed from the schema).
 * The session check itself is hand-prepared in sessions.ts (it runs before every request).
 */
import { and, desc, eq, gt, isNull, lte, ne } from 'drizzle-orm';
import type { Db } from '../db/db.ts';
import { passwordResets, sessions, users } from '../db/schema.ts';

export type AccountRow = typeof users.$inferSelect;

export function accountByEmail(db: Db, email: string): AccountRow | undefined {
	return db.select().from(users).where(eq(users.email, email)).get();
}

export function accountById(db: Db, id: number): { id: number; email: string } | undefined {
	return db.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, id)).get();
}

export function setPasswordHash(db: Db, userId: number, passwordHash: string): void {
	db.update(users).set({ passwordHash }).where(eq(users.id, userId)).run();
}

export function insertSession(db: Db, row: typeof sessions.$inferInsert): void {
	db.insert(sessions).values(row).run();
}

export function deleteSession(db: Db, id: string): void {
	db.delete(sessions).where(eq(sessions.id, id)).run();
}

/** Every session of the user but `except`; returns how many were deleted. */
export function deleteUserSessions(db: Db, userId: number, except?: string): number {
	return db
		.delete(sessions)
		.where(and(eq(sessions.userId, userId), ne(sessions.id, except ?? '')))
		.run().changes;
}

export function deleteExpiredSessions(db: Db, now: Date): number {
	return db.delete(sessions).where(lte(sessions.expiresAt, now)).run().changes;
}

/** The session, if it is this user's; returns how many were deleted (0 or 1). */
export function deleteOwnSession(db: Db, sessionId: string, userId: number): number {
	return db.delete(sessions).where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId))).run().changes;
}

export function openSessions(db: Db, userId: number, now: Date) {
	return db
		.select({ id: sessions.id, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, expiresAt: sessions.expiresAt, userAgent: sessions.userAgent })
		.from(sessions)
		.where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now)))
		.orderBy(desc(sessions.lastSeenAt))
		.all();
}

/** Mark the account's unused links as used (a new link replaces them). */
export function retireResetLinks(db: Db, userId: number, at: Date): void {
	db.update(passwordResets).set({ usedAt: at }).where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt))).run();
}

export function insertResetLink(db: Db, row: typeof passwordResets.$inferInsert): void {
	db.insert(passwordResets).values(row).run();
}

export function resetLink(db: Db, id: string) {
	return db
		.select({ id: passwordResets.id, secretHash: passwordResets.secretHash, userId: passwordResets.userId, expiresAt: passwordResets.expiresAt, usedAt: passwordResets.usedAt, email: users.email })
		.from(passwordResets)
		.innerJoin(users, eq(users.id, passwordResets.userId))
		.where(eq(passwordResets.id, id))
		.get();
}

/** Burn a link; 0 when it was used in the meantime. */
export function useResetLink(db: Db, id: string, at: Date): number {
	return db.update(passwordResets).set({ usedAt: at }).where(and(eq(passwordResets.id, id), isNull(passwordResets.usedAt))).run().changes;
}
