/**
 * Kinds of partner organisation, in the words of French local government. Pure, so the database
 * schema, the server's checks and the forms all offer the same list.
 */
export const ORGANISATION_KINDS = ['commune', 'epci', 'departement', 'region', 'etat', 'parc', 'contractor', 'other'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];
