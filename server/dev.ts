/**
 * `npm run dev`: the same composition root as production, inside Vite's dev server. The services are
 * loaded through Vite's SSR module graph — the one SvelteKit's hooks and routes run in — so there is
 * a single copy of every server module, and the collaboration websocket is served on the dev port.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Plugin, ViteDevServer } from 'vite';

export function recetteDevServer(): Plugin {
	return {
		name: 'recette-dev-server',
		// Vitest runs a Vite server too: tests build their own services (test/helpers/server.ts).
		apply: (_config, env) => env.command === 'serve' && !process.env.VITEST,
		async configureServer(vite: ViteDevServer) {
			const { createServices } = (await vite.ssrLoadModule('/server/services.ts')) as typeof import('./services.ts');
			const { publishServices } = (await vite.ssrLoadModule('/src/lib/server/app.ts')) as typeof import('../src/lib/server/app.ts');
			const { answerHandshake } = (await vite.ssrLoadModule('/server/collab/door.ts')) as typeof import('./collab/door.ts');
			const { isCollabPath } = (await vite.ssrLoadModule('/src/lib/collab/room.ts')) as typeof import('../src/lib/collab/room.ts');
			const services = await createServices();
			publishServices(services);
			// Vite's own HMR websocket shares this server: only /collab/… handshakes are ours.
			vite.httpServer?.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
				if (isCollabPath(req.url)) answerHandshake(services, req, socket, head);
			});
			vite.httpServer?.once('close', () => services.close());
		}
	};
}
