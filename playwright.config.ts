import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 4317);

/**
 * End-to-end tests drive the machine's Chromium (Debian package; Playwright's own browser download
 * cannot work offline) against the production build on a fresh database in demo mode.
 */
export default defineConfig({
	testDir: 'test/e2e',
	timeout: 60_000,
	workers: 1,
	reporter: [['list']],
	use: {
		baseURL: `http://127.0.0.1:${PORT}`,
		viewport: { width: 1400, height: 900 },
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			// The closed network refuses Chromium's background connections; WebGL runs on SwiftShader.
			args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist']
		}
	},
	webServer: {
		command: `node scripts/e2e-server.js`,
		url: `http://127.0.0.1:${PORT}/api/campaigns`,
		timeout: 180_000,
		reuseExistingServer: false,
		// A small upload limit, so the browser's own size check can be tried with a file a test can hold.
		env: { PORT: String(PORT), HOST: '127.0.0.1', RECETTE_UPLOAD_LIMIT_MB: '40' }
	}
});
