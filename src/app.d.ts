// See https://svelte.dev/docs/kit/types#app.d.ts for information about these interfaces.
declare global {
	namespace App {
		/** Shape of `error()` bodies and of `page.error`: the API's `{ message, code }`. */
		interface Error {
			message: string;
			/** Stable machine-readable reason (`internal_error`, `http_413`…), as in every API error. */
			code?: string;
		}
		interface Locals {
			/** UI language of the request, resolved in hooks.server.ts from the `lang` cookie. */
			locale: 'fr' | 'en';
			/** Database, imagery, uploads and jobs, built once at start-up (hooks.server.ts). */
			services: import('$lib/server/app.ts').AppServices;
			/** The signed-in person (hooks.server.ts validates the session cookie), or null. */
			user: import('$lib/server/auth/sessions.ts').SessionUser | null;
			/** Id of the current session (to sign it out), or null. */
			sessionId: string | null;
		}
		// interface PageData {}
		// interface PageState {}
		/** adapter-node hands every request its Node request (links use the port it came in on). */
		interface Platform {
			req?: import('node:http').IncomingMessage;
		}
	}
}

export {};
