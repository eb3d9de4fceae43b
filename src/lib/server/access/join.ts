import { acceptInvitation, findUsableInvitation, type Invitation } from './invitations.service.ts';
import { revokeSession, type SessionUser } from './sessions.ts';
import { actorFrom, startSession, type SessionEvent } from './sign-in.ts';
import { createUser } from './users.service.ts';

/** What an invitation link shows before anyone signs in: enough to decide, nothing more. */
export function describeInvitation(inv: Invitation): { campaignId: number; campaignName: string; role: Invitation['role']; organisationName: string | null; expiresAt: number } {
	return { campaignId: inv.campaignId, campaignName: inv.campaignName, role: inv.role, organisationName: inv.organisationName, expiresAt: inv.expiresAt };
}

/**
 * A newcomer's path through an invitation link: create the account, join the campaign, sign in.
 * The link is checked before the account is made (a dead link creates nothing), and if joining
 * fails anyway (the last use taken by someone else in the meantime), the new account is deleted so
 * no half-registered account is left behind — the person can simply try again with a fresh link.
 * (Creating the user hashes the password asynchronously, so it cannot share one SQLite transaction
 * with the acceptance; the compensating delete plays that role.)
 */
export async function registerWithInvitation(event: SessionEvent, token: string, input: { email: string; name?: string; password: string }): Promise<{ user: SessionUser; invitation: Invitation }> {
	const { db } = event.locals.services;
	findUsableInvitation(db, token);
	const user = await createUser(db, { email: input.email, name: input.name, password: input.password }, null);
	let invitation: Invitation;
	try {
		invitation = acceptInvitation(db, token, user, actorFrom(event, user));
	} catch (e) {
		// Memberships and sessions cascade; nothing else points at a user this young.
		db.$client.prepare('DELETE FROM users WHERE id = ?').run(user.id);
		throw e;
	}
	// Whoever was signed in on this browser before is signed out: the browser now belongs to the newcomer.
	if (event.locals.sessionId) revokeSession(db, event.locals.sessionId);
	startSession(event, user);
	return { user, invitation };
}

/** A signed-in person joins with their current account. */
export function joinWithInvitation(event: SessionEvent, token: string, user: SessionUser): Invitation {
	return acceptInvitation(event.locals.services.db, token, user, actorFrom(event, user));
}
