import type { Db } from '../db/db.ts';
import type { Actor } from '../audit/audit.service.ts';
import { addOrganisationMember, getOrganisation, removeOrganisationMember } from '../people/organisations.service.ts';
import { findUserByEmail, normaliseEmail } from '../people/users.service.ts';
import { NotFoundError } from '../errors.ts';

export const ORGANISATION = { en: 'Organisation', fr: 'L’organisation' };

/** The account behind an e-mail typed by an admin or a manager, or a 404 that says what to do instead. */
export function accountByEmail(db: Db, rawEmail: string, hint: { en: string; fr: string }): { id: number; email: string } {
	const email = normaliseEmail(rawEmail);
	const user = findUserByEmail(db, email);
	if (!user) throw new NotFoundError({ en: `No account uses ${email}. ${hint.en}`, fr: `Aucun compte n’utilise l’adresse ${email}. ${hint.fr}` });
	return user;
}

const CREATE_ACCOUNT_FIRST = {
	en: 'Create the account first (Administration › Users), or invite the person to a campaign.',
	fr: 'Créez d’abord le compte (Administration › Utilisateurs), ou invitez la personne dans une campagne.'
};

/** Add or remove a person, by e-mail; the change and its audit line land together. */
export function changeOrganisationMember(db: Db, organisationId: number, rawEmail: string, change: 'add' | 'remove', actor: Actor): void {
	db.$client.transaction(() => {
		getOrganisation(db, organisationId);
		const user = accountByEmail(db, rawEmail, CREATE_ACCOUNT_FIRST);
		if (change === 'add') addOrganisationMember(db, organisationId, user.id, actor);
		else removeOrganisationMember(db, organisationId, user.id, actor);
	})();
}
