/**
 * The `upgrade` event of the production server: every websocket handshake goes through here. It must
 * never throw — an exception in an event handler ends the process — so the decision is guarded, and
 * the socket gets an error listener first: after an upgrade Node's HTTP server no longer listens to
 * that socket, and a client resetting it mid-answer would otherwise crash the server.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { InputError } from '../../src/lib/server/errors.ts';
import { internalError } from '../../src/lib/server/http-errors.ts';
import { answerLocale, writeAnswer } from '../http/answers.ts';
import { authorizeUpgrade } from './upgrade-auth.ts';
import { peerFor } from './access.ts';
import type { AppServices } from '../../src/lib/server/app.ts';

const TOO_MANY = {
	en: 'Too many open connections: close some of your tabs on this campaign and try again.',
	fr: 'Trop de connexions ouvertes : fermez quelques onglets sur cette campagne et réessayez.'
};

/**
 * Answer a websocket handshake: a JSON refusal (400/401/403/404, 429 past the connection limits), or
 * the peer joins its tile's room, reading or writing as its role allows.
 */
export function answerHandshake({ db, rooms, demoMode }: Pick<AppServices, 'db' | 'rooms' | 'demoMode'>, req: IncomingMessage, socket: Duplex, head: Buffer): void {
	socket.on('error', () => socket.destroy());
	let locale: 'fr' | 'en' = 'fr';
	try {
		locale = answerLocale(req.headers);
		const decision = authorizeUpgrade(db, req, { demoMode });
		if (!decision.ok) return writeAnswer(socket, decision.error, locale);
		if (!rooms.admits(decision.user.id, decision.scope.tileId)) return writeAnswer(socket, new InputError('too_many_connections', TOO_MANY, 429), locale);
		rooms.handleUpgrade(req, socket, head, peerFor(db, decision.user, decision.sessionId, decision.scope), decision.scope);
	} catch (e) {
		console.error('[websocket handshake]', e);
		try {
			writeAnswer(socket, internalError(), locale);
		} catch {
			socket.destroy();
		}
	}
}
