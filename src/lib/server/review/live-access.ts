/**
 * After a change of rights, the live websocket connections concerned are checked again at once:
 * a removed member, a changed role, an (un)assigned or validated tile, a revoked session or a
 * disabled account takes effect on open tile documents without waiting for a reconnection.
 *
 * Rather than each endpoint remembering to do it, every successful state-changing request is
 * followed by a re-check of the connections it may concern (its campaign, or the user it is about);
 * re-checking a connection that did not change costs a few lookups.
 */
import type { Rooms } from '../../../../server/collab/rooms.ts';

const CAMPAIGN = /^\/(?:api\/)?campaigns\/(\d+)(?:\/|$)/;
const ADMIN_USER = /^\/api\/admin\/users\/(\d+)(?:\/|$)/;
const OWN_SESSIONS = /^\/(?:api\/auth\/(?:logout|sessions|reset)|account|logout)(?:\/|$)/;

/** Which connections a successful request at `path` may have changed the rights of (null: none). */
export function affectedConnections(path: string, userId: number | null): { campaignId?: number; userId?: number } | 'all' | null {
	const campaign = CAMPAIGN.exec(path);
	if (campaign) return { campaignId: Number(campaign[1]) };
	const admin = ADMIN_USER.exec(path);
	if (admin) return { userId: Number(admin[1]) };
	// A password reset link ends every session of the account it is for: who that is, only the
	// service knows here, so every connection is checked (resets are rare).
	if (path.startsWith('/api/auth/reset') || path.startsWith('/reset/')) return 'all';
	if (OWN_SESSIONS.test(path) && userId !== null) return { userId };
	return null;
}

/** Re-check the live connections a successful state-changing request at `path` may concern. */
export function recheckLiveConnections(services: { rooms: Pick<Rooms, 'recheck'> }, path: string, userId: number | null): void {
	const affected = affectedConnections(path, userId);
	if (affected === 'all') services.rooms.recheck();
	else if (affected) services.rooms.recheck(affected);
}
