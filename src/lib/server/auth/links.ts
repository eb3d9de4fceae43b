/**
 * The address that invitation and password links are built on.
 *
 * Never the request's Host header (nor a forwarded host): anyone can send `Host: evil.example` to a
 * server reached by its IP address, and the link a manager then copies and e-mails in good faith
 * would send the newcomer — and the secret in the link — to that site. Only the configured `ORIGIN`
 * is trusted; in demo mode without one, the address the server itself listens on. Otherwise no link
 * is made, and the message says what the administrator must set.
 */
import { InputError } from '../errors.ts';

export interface LinkSettings {
	/** The deployment's public URL (`ORIGIN`), if set. */
	origin: string | undefined;
	demoMode: boolean;
	/** Listen address (`HOST`); 0.0.0.0, :: or nothing mean every interface, shown as localhost. */
	host: string | undefined;
	/** The port the server listens on (the real one, also when started with PORT=0). */
	port: number;
}

const NO_ORIGIN = {
	en: 'Cannot make the link: the server does not know its public address. The administrator must set ORIGIN (e.g. ORIGIN=https://recette.example.fr) and restart Recette.',
	fr: 'Impossible de créer le lien : le serveur ne connaît pas son adresse publique. L’administrateur doit définir ORIGIN (par exemple ORIGIN=https://recette.example.fr) et redémarrer Recette.'
};

/** `https://host[:port]` for links, from the settings alone (pure); a 503 naming ORIGIN when there is none. */
export function linkOrigin({ origin, demoMode, host, port }: LinkSettings): string {
	if (origin) {
		let url: URL | null = null;
		try {
			url = new URL(origin);
		} catch {
			// Reported below.
		}
		if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
			throw new InputError('origin_invalid', {
				en: `Cannot make the link: ORIGIN (${origin}) is not an http(s) address such as https://recette.example.fr.`,
				fr: `Impossible de créer le lien : ORIGIN (${origin}) n’est pas une adresse http(s) comme https://recette.example.fr.`
			}, 503);
		}
		return url.origin;
	}
	if (!demoMode) throw new InputError('origin_not_configured', NO_ORIGIN, 503);
	const h = !host || host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
	return `http://${h}:${port}`;
}

/** What a request handler knows: the adapter-node request (for the port it came in on). */
interface LinkEvent {
	locals: { services: { demoMode: boolean } };
	platform?: { req?: { socket?: { localPort?: number } } } | undefined;
}

/** `linkOrigin` for this server: ORIGIN, HOST and the port the request reached (PORT may be 0). */
export function linkOriginFor(event: LinkEvent, env: NodeJS.ProcessEnv = process.env): string {
	const port = event.platform?.req?.socket?.localPort ?? (Number(env.PORT) || 3000);
	return linkOrigin({ origin: env.ORIGIN, demoMode: event.locals.services.demoMode, host: env.HOST, port });
}
