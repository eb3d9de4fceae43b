import adapter from '@sveltejs/adapter-node';

/**
 * Kept small on purpose: SvelteKit 3 moves configuration into the Vite plugin.
 *
 * CSRF: SvelteKit's origin check runs before hooks.server.ts and answers in plain text, while every
 * API error is JSON `{message, code}`. hooks.server.ts makes the same check (a form's content type
 * without our Origin is refused) and more (any state-changing request from another site), so
 * SvelteKit's is handed over to it: `trustedOrigins: ['*']` is how SvelteKit 2 spells "off".
 *
 * Content-Security-Policy: SvelteKit adds a nonce to its own inline start-up script. MapLibre needs
 * blob: workers and data:/blob: images; style attributes written by components need 'unsafe-inline'
 * for styles only. hooks.server.ts adds the origins of campaigns' own WMTS/WMS/XYZ services to
 * img-src and connect-src (the only external addresses the app ever contacts).
 * @type {import('@sveltejs/kit').Config}
 */
const config = {
	kit: {
		adapter: adapter({ out: 'build' }),
		csrf: { trustedOrigins: ['*'] },
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'worker-src': ['self', 'blob:'],
				'child-src': ['self', 'blob:'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
