/**
 * Production entry (`npm start` runs it through scripts/start.js): build the services once
 * (server/services.ts), serve the SvelteKit app and the collaboration websocket on one port
 * (server/http/server.ts), and stop cleanly on SIGTERM/SIGINT.
 */
import type { AddressInfo } from 'node:net';
import { createRecetteServer } from './http/server.ts';
import { createServices } from './services.ts';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';

const services = await createServices();
const server = await createRecetteServer(services);

server.listen(port, host, () => {
	// PORT=0 picks a free port (tests): print the real one.
	const { port: actual } = server.address() as AddressInfo;
	console.log(`Recette listening on http://${host === '0.0.0.0' ? 'localhost' : host}:${actual}`);
});

let closing = false;
function shutdown(reason: string) {
	if (closing) return;
	closing = true;
	console.log(`${reason}: closing…`);
	// Queued review updates are committed, then peers are told to come back later (1001).
	services.close();
	server.close(() => process.exit(0));
	server.closeAllConnections?.();
	setTimeout(() => process.exit(0), 5000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
// Started by `npm start` (scripts/start.js) with a channel to it: if the launcher dies without
// passing on a signal (killed with SIGKILL), the channel closes and the server stops too instead of
// living on as an orphan holding the port.
if (process.channel) {
	process.channel.unref();
	process.once('disconnect', () => shutdown('launcher gone'));
}
