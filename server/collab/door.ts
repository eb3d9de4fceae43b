/**
 * The `upgrade` event of the production server: every websocket handshake goes through here. It must
 * never throw — an exception in an event handler ends the process — so the decision is guarded, and
 * the socket gets an error listener first: after an upgrade Node's HTTP server no longer listens to
 * that socket, and a client resetting it mid-answer would otherwise crash the server.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Db } from '../../src/lib/server/db/db.ts';
import { InputError } from '../../src/lib/server/errors.ts';
import { internalError } from '../../src/lib/server/http-errors.ts';
import { answerLocale, writeAnswer } from '../http/answers.ts';
import { authorizeUpgrade } from './upgrade-auth.ts';

const NOT_YET = {
	en: 'Real-time review is not available yet on this server.',
	fr: 'La revue en temps réel n’est pas encore disponible sur ce serveur.'
};

/** Answer a websocket handshake: a JSON refusal (400/401/403/404), or 501 until the real-time server lands. */
export function answerHandshake(db: Db, req: IncomingMessage, socket: Duplex, options: { demoMode: boolean }): void {
	socket.on('error', () => socket.destroy());
	let locale: 'fr' | 'en' = 'fr';
	try {
		locale = answerLocale(req.headers);
		const decision = authorizeUpgrade(db, req, options);
		// Authorised, but the real-time review server arrives with its own issue: refuse cleanly for now.
		writeAnswer(socket, decision.ok ? new InputError('not_implemented', NOT_YET, 501) : decision.error, locale);
	} catch (e) {
		console.error('[websocket handshake]', e);
		try {
			writeAnswer(socket, internalError(), locale);
		} catch {
			socket.destroy();
		}
	}
}
