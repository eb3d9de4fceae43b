/**
 * Request bodies of the people endpoints (accounts, organisations, campaign members, invitations). Messages are written "english|français": `jsonBody()` answers in the caller's language.
 * The services check the finer rules (e-mail format, password strength, last manager…) with their
 * own bilingual messages; these schemas only make sure each field has the right shape.
 */
import { z } from 'zod';
import { CAMPAIGN_ROLES } from '$lib/access/permissions.ts';
import { ORGANISATION_KINDS } from '$lib/access/organisations.ts';

const ROLE_MESSAGE =
	'role must be manager, reviewer, contractor or observer|le rôle doit être manager (gestionnaire), reviewer (relecteur), contractor (prestataire) ou observer (observateur)';
const role = z.enum(CAMPAIGN_ROLES, ROLE_MESSAGE);
const email = z.string('an e-mail address is required|l’adresse e-mail est obligatoire').trim().min(1, 'an e-mail address is required|l’adresse e-mail est obligatoire').max(254, 'the e-mail address is too long|l’adresse e-mail est trop longue');
const name = z.string('the name must be text|le nom doit être un texte').max(120, 'the name must have at most 120 characters|le nom doit comporter au plus 120 caractères');
const organisationId = z
	.number('the organisation must be given by its number|l’organisation doit être désignée par son numéro')
	.int('the organisation must be given by its number|l’organisation doit être désignée par son numéro')
	.positive('the organisation must be given by its number|l’organisation doit être désignée par son numéro');
const flag = (what: { en: string; fr: string }) => z.boolean(`${what.en} must be true or false|${what.fr} doit valoir true ou false`);

/** POST /api/admin/users. Without a password the answer carries a one-time link to set one. */
export const newUserSchema = z.object({
	email,
	name: name.optional(),
	isAdmin: flag({ en: 'isAdmin', fr: 'isAdmin' }).optional(),
	password: z.string('the password must be text|le mot de passe doit être un texte').optional().nullable()
});

/** PATCH /api/admin/users/:id — at least one change. */
export const userChangeSchema = z
	.object({
		name: name.optional(),
		isAdmin: flag({ en: 'isAdmin', fr: 'isAdmin' }).optional(),
		disabled: flag({ en: 'disabled', fr: 'disabled' }).optional()
	})
	.refine((c) => c.name !== undefined || c.isAdmin !== undefined || c.disabled !== undefined, 'nothing to change: give name, isAdmin or disabled|rien à modifier : indiquez name, isAdmin ou disabled');

/** POST /api/organisations. */
export const newOrganisationSchema = z.object({
	name: z.string('the organisation needs a name|l’organisation doit avoir un nom'),
	// The service also accepts "département", "EPCI", "État"…: keep the field a string, parseKind() explains.
	kind: z.string(`the kind is required (${ORGANISATION_KINDS.join(', ')})|le type est obligatoire (${ORGANISATION_KINDS.join(', ')})`)
});

/** POST/DELETE /api/organisations/:id/members. */
export const organisationMemberSchema = z.object({ email });

/** POST /api/campaigns/:id/members: someone who already has an account. */
export const newMemberSchema = z.object({ email, role, organisationId: organisationId.nullable().optional() });

/** PATCH /api/campaigns/:id/members/:userId. */
export const memberChangeSchema = z
	.object({ role: role.optional(), organisationId: organisationId.nullable().optional() })
	.refine((c) => c.role !== undefined || c.organisationId !== undefined, 'nothing to change: give role or organisationId|rien à modifier : indiquez role ou organisationId');

/** POST /api/campaigns/:id/invitations. */
export const newInvitationSchema = z.object({
	role,
	organisationId: organisationId.nullable().default(null),
	// Or a new partner organisation, created with the invitation (it becomes one of the campaign's).
	newOrganisation: newOrganisationSchema.nullable().optional(),
	// 1: a personal link; null: a link shared with a whole team (as many uses as needed until it expires).
	maxUses: z
		.number('maxUses must be 1 (one person) or null (unlimited)|maxUses doit valoir 1 (une personne) ou null (illimité)')
		.int('maxUses must be a whole number|maxUses doit être un nombre entier')
		.min(1, 'maxUses must be at least 1|maxUses doit valoir au moins 1')
		.max(10_000, 'maxUses must be at most 10 000|maxUses doit valoir au plus 10 000')
		.nullable(),
	expiresInDays: z
		.number('expiresInDays must be a number of days|expiresInDays doit être un nombre de jours')
		.int('expiresInDays must be a whole number of days|expiresInDays doit être un nombre entier de jours')
		.min(1, 'an invitation lasts at least 1 day|une invitation dure au moins 1 jour')
		.max(365, 'an invitation lasts at most 365 days|une invitation dure au plus 365 jours')
});
