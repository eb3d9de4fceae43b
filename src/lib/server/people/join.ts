import { acceptInvitation, findUsableInvitation, type Invitation } from './invitations.service.ts';
import { checkPassword } from '../auth/passwords.ts';
import { revokeSession, type SessionUser } from '../auth/sessions.ts';
import { InputError } from '../errors.ts';
import { actorFrom, assertMayTryPassword, authenticate, clientAddress, recordFailedPassword, startSession, throttleKey, type SessionEvent } from '../auth/sign-in.ts';
import { checkName, createUser, deleteNewUser, findUserByEmail, normaliseEmail } from './users.service.ts';

/** GET /api/invitations/:token (and the invitation in the answers of …/accept and …/register). */
export interface InvitationOffer {
	campaignId: number;
	campaignName: string;
	role: Invitation['role'];
	organisationName: string | null;
	expiresAt: number;
}

/** What an invitation link shows before anyone signs in: enough to decide, nothing more. */
export function describeInvitation(inv: Invitation): InvitationOffer {
	return { campaignId: inv.campaignId, campaignName: inv.campaignName, role: inv.role, organisationName: inv.organisationName, expiresAt: inv.expiresAt };
}

/**
 * Registering through a link with the address of an existing account, but not its password. Worded
 * for the person it happens to (someone who forgot they have an account); it does not say the
 * account exists, and it is counted and throttled like a failed sign-in.
 */
const NOT_YOUR_PASSWORD = {
	en: 'The account could not be created with this e-mail and password. If you already have an account, type its password (you will join with it), or sign in first and open the link again.',
	fr: 'Le compte n’a pas pu être créé avec cette adresse et ce mot de passe. Si vous avez déjà un compte, saisissez son mot de passe (vous rejoindrez la campagne avec), ou connectez-vous d’abord puis rouvrez le lien.'
};

/**
 * A newcomer's path through an invitation link: create the account, join the campaign, sign in.
 *
 * There is no "this address already has an account" answer (holders of a team link could probe for
 * accounts): with the address of an existing account, the password is checked like a sign-in
 * (throttled the same way) — the right one joins with that account and signs in, exactly as for a
 * new account; any other gets the answer above. Everything that does not depend on the account
 * (the link, the address's form, the password and name rules) is checked first, for everyone.
 *
 * The link is checked before the account is made (a dead link creates nothing), and if joining
 * fails anyway (the last use taken by someone else in the meantime), the new account is deleted so
 * no half-registered account is left behind — the person can simply try again with a fresh link.
 * (Creating the user hashes the password asynchronously, so it cannot share one SQLite transaction
 * with the acceptance; the compensating delete plays that role.)
 */
export async function registerWithInvitation(event: SessionEvent, token: string, input: { email: string; name?: string; password: string }): Promise<{ user: SessionUser; invitation: Invitation }> {
	const { db, demoMode, loginThrottle } = event.locals.services;
	findUsableInvitation(db, token);
	const email = normaliseEmail(input.email);
	checkName(input.name ?? '');
	checkPassword(input.password);
	if (findUserByEmail(db, email)) {
		const key = throttleKey(email);
		assertMayTryPassword(event, key);
		const existing = await authenticate(db, email, input.password, { demoMode });
		if (!existing) {
			recordFailedPassword(event, key);
			throw new InputError('invalid_credentials', NOT_YOUR_PASSWORD, 401);
		}
		loginThrottle.succeed(key, clientAddress(event) ?? 'unknown');
		const invitation = acceptInvitation(db, token, existing, actorFrom(event, existing));
		switchTo(event, existing);
		return { user: existing, invitation };
	}
	const user = await createUser(db, { email, name: input.name, password: input.password }, null);
	let invitation: Invitation;
	try {
		invitation = acceptInvitation(db, token, user, actorFrom(event, user));
	} catch (e) {
		// Memberships and sessions cascade; nothing else points at a user this young.
		deleteNewUser(db, user.id);
		throw e;
	}
	switchTo(event, user);
	return { user, invitation };
}

/** Whoever was signed in on this browser before is signed out: the browser now belongs to `user`. */
function switchTo(event: SessionEvent, user: SessionUser): void {
	if (event.locals.sessionId) revokeSession(event.locals.services.db, event.locals.sessionId);
	startSession(event, user);
}

/** A signed-in person joins with their current account. */
export function joinWithInvitation(event: SessionEvent, token: string, user: SessionUser): Invitation {
	return acceptInvitation(event.locals.services.db, token, user, actorFrom(event, user));
}
