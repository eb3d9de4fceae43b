import adapter from '@sveltejs/adapter-node';

/**
 * Kept minimal on purpose: SvelteKit 3 moves configuration into the Vite plugin, so nothing here
 * should be needed beyond the adapter. SvelteKit's CSRF origin check stays at its default (on).
 * @type {import('@sveltejs/kit').Config}
 */
const config = {
	kit: {
		adapter: adapter({ out: 'build' })
	}
};

export default config;
