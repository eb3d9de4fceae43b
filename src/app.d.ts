// See https://svelte.dev/docs/kit/types#app.d.ts for information about these interfaces.
declare global {
	namespace App {
		/** Shape of `error()` bodies and of `page.error`: the API's `{ message }`. */
		interface Error {
			message: string;
		}
		interface Locals {
			/** UI language of the request, resolved in hooks.server.ts from the `lang` cookie. */
			locale: 'fr' | 'en';
			/** Database, imagery, uploads and jobs, built once at start-up (hooks.server.ts). */
			services: import('$lib/server/app.ts').AppServices;
			// `user` will join when authentication lands.
		}
		// interface PageData {}
		// interface PageState {}
		// interface Platform {}
	}
}

export {};
