/**
 * What the statistics module says when its input is unusable, and why a figure it returns is missing.
 *
 * Two kinds of trouble, kept apart on purpose:
 * - The input cannot describe a sample design (a non-square matrix, a class named in one table and not the
 *   other, a negative count): {@link StatsInputError} is thrown, with a message in both UI languages. The shape
 *   (`code`, `messages`, `localized()`) is that of `$lib/server/errors.ts`'s `InputError`, so the server and the
 *   CLI can hand it on as is; this module stays pure and never imports server code.
 * - The input is a valid design but a figure has no estimate from it (one point in a stratum: no variance; a
 *   class nobody saw in the reference: no producer's accuracy): the estimators do not throw; the figure is
 *   `null` with an {@link UndefinedReason}. A report can then show "not estimable, because …" next to the
 *   figures that are.
 */

/** A user-facing text in both UI languages (same shape as the server's `Localized`). */
export interface Localized {
	en: string;
	fr: string;
}

/** Input that cannot be a sample design, a table of counts or a rating table. */
export class StatsInputError extends Error {
	/** Stable machine-readable reason, e.g. `matrix_not_square`, `unknown_class`, `stratum_too_small`. */
	readonly code: string;
	readonly messages: Localized;
	constructor(code: string, messages: Localized) {
		super(messages.en);
		this.name = 'StatsInputError';
		this.code = code;
		this.messages = messages;
	}

	/** The message in `locale`. */
	localized(locale: 'fr' | 'en'): string {
		return this.messages[locale];
	}
}

export function isStatsInputError(e: unknown): e is StatsInputError {
	return e instanceof StatsInputError;
}

/** Why a figure is `null` instead of a number. */
export type UndefinedReason =
	/** A stratum that has area (weight > 0) has no sample point: nothing estimates its share. */
	| 'empty_stratum'
	/** A stratum has a single sample point: its variance, hence the standard error, cannot be estimated. */
	| 'one_point_in_stratum'
	/** No sample point is mapped as this class: its user's accuracy is 0/0. */
	| 'class_never_mapped'
	/** No sample point has this class in the reference: its producer's accuracy is 0/0. */
	| 'class_never_in_reference'
	/** Nothing to compute from (no item, no trial). */
	| 'no_data'
	/** Agreement needs at least two ratings of the same item: a single reviewer cannot agree with anyone. */
	| 'fewer_than_two_ratings'
	/** Every rating fell in one category: chance agreement is 1 and kappa is 0/0. */
	| 'chance_agreement_is_one'
	/** A single item: the variability between items, hence the standard error, cannot be estimated. */
	| 'single_item';

/** Words for each reason, for reports and tooltips. */
export const UNDEFINED_REASONS: Readonly<Record<UndefinedReason, Localized>> = {
	empty_stratum: {
		en: 'A stratum with area has no sample point yet.',
		fr: 'Une strate non vide n’a encore aucun point d’échantillon.'
	},
	one_point_in_stratum: {
		en: 'A stratum has a single sample point: its variance cannot be estimated.',
		fr: 'Une strate n’a qu’un seul point : sa variance ne peut pas être estimée.'
	},
	class_never_mapped: {
		en: 'No sample point is mapped as this class.',
		fr: 'Aucun point de l’échantillon n’est cartographié dans cette classe.'
	},
	class_never_in_reference: {
		en: 'No sample point has this class in the reference.',
		fr: 'Aucun point de l’échantillon n’a cette classe en référence.'
	},
	no_data: { en: 'No data.', fr: 'Aucune donnée.' },
	fewer_than_two_ratings: {
		en: 'Agreement needs at least two ratings of the same item.',
		fr: 'L’accord demande au moins deux avis sur un même élément.'
	},
	chance_agreement_is_one: {
		en: 'Every rating is in the same category: kappa is undefined.',
		fr: 'Tous les avis sont dans la même catégorie : le kappa n’est pas défini.'
	},
	single_item: {
		en: 'A single item: the standard error cannot be estimated.',
		fr: 'Un seul élément : l’erreur type ne peut pas être estimée.'
	}
};
