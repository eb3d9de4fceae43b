/** SQL of the accounts directory: rows as stored (typed from the schema). Rules live in users.service.ts. */
import { and, asc, count, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/db.ts';
import { organisationMembers, organisations, users } from '../db/schema.ts';

export type UserRow = typeof users.$inferSelect;

export function userByEmail(db: Db, email: string): UserRow | undefined {
	return db.select().from(users).where(eq(users.email, email)).get();
}

export function userById(db: Db, id: number): UserRow | undefined {
	return db.select().from(users).where(eq(users.id, id)).get();
}

export function allUsers(db: Db): UserRow[] {
	return db.select().from(users).orderBy(asc(users.email)).all();
}

/** The organisations a user is listed in, by name. */
export function organisationsOf(db: Db, userId: number) {
	return db
		.select({ id: organisations.id, name: organisations.name, kind: organisations.kind })
		.from(organisationMembers)
		.innerJoin(organisations, eq(organisations.id, organisationMembers.organisationId))
		.where(eq(organisationMembers.userId, userId))
		.orderBy(asc(organisations.name))
		.all();
}

export function countActiveAdmins(db: Db): number {
	return db.select({ n: count() }).from(users).where(and(eq(users.isAdmin, true), isNull(users.disabledAt))).get()!.n;
}

/** Emails of the demo accounts that may sign in. */
export function activeDemoEmails(db: Db): string[] {
	return db.select({ email: users.email }).from(users).where(and(eq(users.isDemo, true), isNull(users.disabledAt))).all().map((r) => r.email);
}

/** Returns the new account's id. */
export function insertUser(db: Db, row: typeof users.$inferInsert): number {
	return db.insert(users).values(row).returning({ id: users.id }).get().id;
}

export function updateUser(db: Db, id: number, change: Partial<Pick<UserRow, 'name' | 'isAdmin' | 'disabledAt'>>): void {
	db.update(users).set(change).where(eq(users.id, id)).run();
}

export function deleteUser(db: Db, id: number): void {
	db.delete(users).where(eq(users.id, id)).run();
}
