import type { IncomingMessage } from 'node:http';
import { parseRoomPath } from '../../src/lib/collab/room.ts';
import { parse as parseCookies } from 'cookie';
import type { Action } from '../../src/lib/access/permissions.ts';
import { authorize, type Scope } from '../../src/lib/server/access/authorize.ts';
import { SESSION_COOKIE, validateSession, type SessionUser } from '../../src/lib/server/auth/sessions.ts';
import type { Db } from '../../src/lib/server/db/db.ts';
import { AuthRequiredError, InputError, NotFoundError } from '../../src/lib/server/errors.ts';
import { badTarget, crossSite } from '../../src/lib/server/http-errors.ts';

export type UpgradeDecision = { ok: true; user: SessionUser; sessionId: string; scope: Required<Scope> } | { ok: false; error: InputError };

const NO_ROOM = { en: 'There is no real-time room at this address.', fr: 'Il n’y a pas de salle de travail en temps réel à cette adresse.' };

/**
 * The room a handshake's request target names, null for any other address, or 'malformed' when the
 * target is not a URL path at all (e.g. `http://[/collab`). Origin-form (`/collab/…`) and absolute-form
 * (`http://host/collab/…`) are the two forms a websocket handshake may use.
 */
export function roomOf(target: string | undefined): Required<Scope> | null | 'malformed' {
	if (!target || !(target.startsWith('/') || /^https?:\/\//i.test(target))) return 'malformed';
	let pathname: string;
	try {
		pathname = new URL(target, 'http://localhost').pathname;
	} catch {
		return 'malformed';
	}
	return parseRoomPath(pathname);
}

/**
 * Does the Origin header name this server? Absent: yes (not a browser; browsers always send it on a
 * handshake). Present, it must be an http(s) origin on the host the request was sent to — or, behind a
 * reverse proxy that rewrites the Host, the public address `ORIGIN` names: `null` (sandboxed frames),
 * another site, or anything unparsable is not ours.
 */
export function fromOurOrigin(origin: string | undefined, host: string | undefined, publicOrigin = process.env.ORIGIN): boolean {
	if (origin === undefined) return true;
	if (!URL.canParse(origin)) return false;
	const url = new URL(origin);
	if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
	if (publicOrigin && URL.canParse(publicOrigin) && new URL(publicOrigin).origin === url.origin) return true;
	return !!host && url.host === host;
}

/**
 * May this websocket connection open? The same door as every HTTP request: the session cookie, then
 * `authorize()` for the campaign/tile the room belongs to. Browsers send cookies with websocket
 * handshakes from any site, so the Origin must be ours too (cross-site websocket hijacking).
 * Never throws on what the client sent: every malformed part is a refusal (400/403/401/404).
 */
export function authorizeUpgrade(db: Db, req: IncomingMessage, { demoMode, action = 'reviews.read' }: { demoMode: boolean; action?: Action }): UpgradeDecision {
	const scope = roomOf(req.url);
	if (scope === 'malformed') return { ok: false, error: badTarget() };
	if (!scope) return { ok: false, error: new NotFoundError(NO_ROOM) };
	if (!fromOurOrigin(req.headers.origin, req.headers.host)) return { ok: false, error: crossSite() };
	// A maintained parser: malformed pairs or %-escapes leave the value undecoded (no session), never throw.
	const token = parseCookies(req.headers.cookie ?? '')[SESSION_COOKIE];
	const session = validateSession(db, token, { demoMode });
	if (!session) return { ok: false, error: new AuthRequiredError() };
	try {
		authorize(db, session.user, action, scope);
	} catch (e) {
		if (e instanceof InputError) return { ok: false, error: e };
		throw e;
	}
	return { ok: true, user: session.user, sessionId: session.sessionId, scope };
}
