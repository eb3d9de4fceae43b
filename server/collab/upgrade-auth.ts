import type { IncomingMessage } from 'node:http';
import type { Action } from '../../src/lib/access/permissions.ts';
import { authorize, type Scope } from '../../src/lib/server/access/authorize.ts';
import { SESSION_COOKIE, validateSession, type SessionUser } from '../../src/lib/server/access/sessions.ts';
import type { Db } from '../../src/lib/server/db/db.ts';
import { InputError } from '../../src/lib/server/errors.ts';

/** Real-time rooms: one per tile of a campaign. */
const ROOM = /^\/collab\/campaigns\/(\d+)\/tiles\/(\d+)\/?$/;

export type UpgradeDecision = { ok: true; user: SessionUser; sessionId: string; scope: Required<Scope> } | { ok: false; status: number; reason: string };

function cookie(header: string | undefined, name: string): string | undefined {
	for (const part of (header ?? '').split(';')) {
		const eq = part.indexOf('=');
		if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
	}
	return undefined;
}

/**
 * May this websocket connection open? The same door as every HTTP request: the session cookie, then
 * `authorize()` for the campaign/tile the room belongs to. Browsers send cookies with websocket
 * handshakes from any site, so the Origin must be ours too (cross-site websocket hijacking).
 */
export function authorizeUpgrade(db: Db, req: IncomingMessage, { demoMode, action = 'reviews.read' }: { demoMode: boolean; action?: Action }): UpgradeDecision {
	const url = new URL(req.url ?? '/', 'http://localhost');
	const room = ROOM.exec(url.pathname);
	if (!room) return { ok: false, status: 404, reason: 'Not Found' };
	const origin = req.headers.origin;
	if (origin && new URL(origin).host !== req.headers.host) return { ok: false, status: 403, reason: 'Forbidden' };
	const session = validateSession(db, cookie(req.headers.cookie, SESSION_COOKIE), { demoMode });
	if (!session) return { ok: false, status: 401, reason: 'Unauthorized' };
	const scope = { campaignId: Number(room[1]), tileId: Number(room[2]) };
	try {
		authorize(db, session.user, action, scope);
	} catch (e) {
		if (e instanceof InputError) return { ok: false, status: e.status, reason: e.status === 404 ? 'Not Found' : 'Forbidden' };
		throw e;
	}
	return { ok: true, user: session.user, sessionId: session.sessionId, scope };
}
