/** A user-facing text in both UI languages. */
export interface Localized {
	en: string;
	fr: string;
}

export type Locale = 'fr' | 'en';

/**
 * An error caused by what the user gave us (a file, a parameter), never by a bug.
 * Routes turn it into HTTP 400/413/422 with the message in the caller's language; the CLI prints it
 * on one line and exits 1. Messages are written for the user: say what is wrong and, when possible,
 * what to do. Give both languages (`{ en, fr }`): the users are French local authorities.
 * `message` (the Error's own) is the English text, for logs.
 */
export class InputError extends Error {
	/** Stable machine-readable reason, e.g. `unknown_epsg`, `truncated_tiff`, `missing_class_field`. */
	readonly code: string;
	/** HTTP status to answer with (400 by default, 413 for size limits). */
	readonly status: number;
	readonly messages: Localized;
	constructor(code: string, message: string | Localized, status = 400) {
		const messages = typeof message === 'string' ? { en: message, fr: message } : message;
		super(messages.en);
		this.name = 'InputError';
		this.code = code;
		this.status = status;
		this.messages = messages;
	}

	/** The message in `locale`. */
	localized(locale: Locale): string {
		return this.messages[locale];
	}
}

export function isInputError(e: unknown): e is InputError {
	return e instanceof InputError;
}

/** Language of the command line: French when RECETTE_LANG or LANG says so, English otherwise. */
export function cliLocale(env: NodeJS.ProcessEnv = process.env): Locale {
	return /^fr/i.test(env.RECETTE_LANG || env.LC_ALL || env.LC_MESSAGES || env.LANG || '') ? 'fr' : 'en';
}

/** Something asked for by id that does not exist (or that the caller may not know exists): 404. */
export class NotFoundError extends InputError {
	constructor(message: string | Localized) {
		super('not_found', message, 404);
		this.name = 'NotFoundError';
	}
}

/** No valid session: 401. The UI sends the user to the sign-in page. */
export class AuthRequiredError extends InputError {
	constructor() {
		super('auth_required', { en: 'Please sign in first.', fr: 'Veuillez d’abord vous connecter.' }, 401);
		this.name = 'AuthRequiredError';
	}
}

/** Signed in, but the role does not allow it: 403. */
export class ForbiddenError extends InputError {
	constructor(message: Localized = { en: 'Your role does not allow this.', fr: 'Votre rôle ne le permet pas.' }, code = 'forbidden') {
		super(code, message, 403);
		this.name = 'ForbiddenError';
	}
}
