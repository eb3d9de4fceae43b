/**
 * Who a websocket peer is and what it may do, from the same rule book as every HTTP request
 * (`authorize()` over `allows()`): connecting needs `reviews.read` on the campaign (contractors never
 * connect), writing needs `tile.review` on that tile, and managers may edit anyone's defect.
 */
import { authorize, may } from '../../src/lib/server/access/authorize.ts';
import type { SessionUser } from '../../src/lib/server/auth/sessions.ts';
import type { Db } from '../../src/lib/server/db/db.ts';
import { statement } from '../../src/lib/server/db/statements.ts';
import type { CollabAccess, Peer, RoomScope } from './rooms.ts';

/** The organisation a user acts for in a campaign (shown beside their name to the other partners). */
function organisationName(db: Db, userId: number, campaignId: number): string | null {
	const row = statement(
		db,
		`SELECT o.name FROM campaign_members m JOIN organisations o ON o.id = m.organisation_id WHERE m.campaign_id = ? AND m.user_id = ?`
	).get(campaignId, userId) as { name: string } | undefined;
	return row?.name ?? null;
}

/** What a signed-in user may do in a tile's room (after `authorize(… 'reviews.read' …)` let them in). */
export function peerFor(db: Db, user: SessionUser, sessionId: string, scope: RoomScope): Peer {
	return {
		userId: user.id,
		name: user.name,
		email: user.email,
		organisation: organisationName(db, user.id, scope.campaignId),
		sessionId,
		mayWrite: may(db, user, 'tile.review', scope),
		isManager: may(db, user, 'campaign.manage', scope)
	};
}

/** Re-checks for live connections: the session must still be valid, and the role still allow it. */
export function collabAccess(db: Db, { demoMode }: { demoMode: boolean }): CollabAccess {
	return {
		recheck(peer: Peer, scope: RoomScope) {
			const row = statement(
				db,
				`SELECT u.id, u.email, u.name, u.is_admin, u.is_demo FROM sessions s JOIN users u ON u.id = s.user_id
				 WHERE s.id = ? AND s.user_id = ? AND s.expires_at > ? AND u.disabled_at IS NULL`
			).get(peer.sessionId, peer.userId, Date.now()) as { id: number; email: string; name: string; is_admin: number; is_demo: number } | undefined;
			if (!row || (row.is_demo && !demoMode)) return null;
			const user: SessionUser = { id: row.id, email: row.email, name: row.name, isAdmin: !!row.is_admin, isDemo: !!row.is_demo };
			try {
				authorize(db, user, 'reviews.read', scope);
			} catch {
				return { read: false, write: false, isManager: false };
			}
			return { read: true, write: may(db, user, 'tile.review', scope), isManager: may(db, user, 'campaign.manage', scope) };
		}
	};
}
