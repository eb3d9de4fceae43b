/** A user-facing text in both UI languages. */
export interface Localized {
	en: string;
	fr: string;
}

export type Locale = 'fr' | 'en';

/** The brand behind `instanceof InputError` (a registered symbol: the same in every copy of this module). */
const KINDS = Symbol.for('recette.error.kinds');

/**
 * An error caused by what the user gave us (a file, a parameter), never by a bug.
 * Routes turn it into HTTP 400/413/422 with the message in the caller's language; the CLI prints it
 * on one line and exits 1. Messages are written for the user: say what is wrong and, when possible,
 * what to do. Give both languages (`{ en, fr }`): the users are French local authorities.
 * `message` (the Error's own) is the English text, for logs.
 */
export class InputError extends Error {
	/**
	 * `instanceof` by brand, not by prototype: in production the services are built by server/ (run
	 * through tsx) while the routes run from SvelteKit's bundle, each with its own copy of this
	 * module, and a route must still recognise an error a service threw. Each class names its kind;
	 * an instance carries the kinds of its class and every parent class.
	 */
	static readonly kind: string = 'InputError';
	static [Symbol.hasInstance](value: unknown): boolean {
		const kinds = typeof value === 'object' && value !== null ? (value as { [KINDS]?: readonly string[] })[KINDS] : undefined;
		return Array.isArray(kinds) && kinds.includes((this as unknown as { kind: string }).kind);
	}
	declare readonly [KINDS]: readonly string[];

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
		const kinds: string[] = [];
		for (let c = new.target as { kind?: string } | null; c && c.kind; c = Object.getPrototypeOf(c)) if (!kinds.includes(c.kind)) kinds.push(c.kind);
		Object.defineProperty(this, KINDS, { value: kinds });
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
	static override readonly kind = 'NotFoundError';
	constructor(message: string | Localized) {
		super('not_found', message, 404);
		this.name = 'NotFoundError';
	}
}

/** No valid session: 401. The UI sends the user to the sign-in page. */
export class AuthRequiredError extends InputError {
	static override readonly kind = 'AuthRequiredError';
	constructor() {
		super('auth_required', { en: 'Please sign in first.', fr: 'Veuillez d’abord vous connecter.' }, 401);
		this.name = 'AuthRequiredError';
	}
}

/** Signed in, but the role does not allow it: 403. */
export class ForbiddenError extends InputError {
	static override readonly kind = 'ForbiddenError';
	constructor(message: Localized = { en: 'Your role does not allow this.', fr: 'Votre rôle ne le permet pas.' }, code = 'forbidden') {
		super(code, message, 403);
		this.name = 'ForbiddenError';
	}
}
