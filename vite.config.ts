import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { recetteDevServer } from './server/dev.ts';

export default defineConfig({
	plugins: [recetteDevServer(), sveltekit()],
	test: {
		include: ['src/**/*.test.ts', 'server/**/*.test.ts', 'test/integration/**/*.test.ts'],
		environment: 'node',
		testTimeout: 60_000,
		hookTimeout: 60_000,
		pool: 'forks'
	}
});
