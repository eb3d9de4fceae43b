import { fail, type ActionFailure } from '@sveltejs/kit';
import { InputError, type Locale, type Localized } from '../errors.ts';

/** What a failed form action hands back to its page: the message to show, never the password. */
export type FormFailure = {
	message: string;
	code: string;
	/** Fields worth putting back in the form (e-mail, name) so the user does not retype them. */
	values?: Record<string, string>;
};

/**
 * Run a form action's work; a user error (wrong password, expired link, throttling) becomes a
 * `fail()` with its status and the message in the page's language, exactly as the JSON API answers
 * it. Anything else (redirects included) propagates. The caller returns `failure` when there is one.
 */
export async function formAction<T>(
	locale: Locale,
	values: Record<string, string>,
	work: () => Promise<T> | T
): Promise<{ failure: ActionFailure<FormFailure>; value?: undefined } | { failure?: undefined; value: T }> {
	try {
		return { value: await work() };
	} catch (e) {
		if (e instanceof InputError) return { failure: fail(e.status, { message: e.localized(locale), code: e.code, values }) };
		throw e;
	}
}

/** A form field as a string ('' when absent or a file). */
export function field(data: FormData, name: string): string {
	const v = data.get(name);
	return typeof v === 'string' ? v : '';
}

export const PASSWORDS_DIFFER: Localized = {
	en: 'The two passwords are different.',
	fr: 'Les deux mots de passe sont différents.'
};

/** The "new password" and "confirmation" fields of a form must match. */
export function checkConfirmation(password: string, confirmation: string): void {
	if (password !== confirmation) throw new InputError('passwords_differ', PASSWORDS_DIFFER);
}

