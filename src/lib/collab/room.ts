/**
 * Real-time rooms: one Yjs document per review tile, reached at
 * `/collab/campaigns/:campaignId/tiles/:tileId`. This module is the only place that builds or parses
 * that address — the server's websocket door and the browser's provider both call it.
 *
 * A y-websocket client joins with server URL `…/collab/campaigns/:campaignId/tiles` and room name
 * `:tileId`: the provider appends `/<room>` (and its query string) to the server URL.
 */

export interface RoomAddress {
	campaignId: number;
	tileId: number;
}

/** Ids are positive decimal integers that fit a JS number exactly; anything else is not a room. */
const ID = /^[1-9]\d{0,14}$/;
const PREFIX = '/collab/campaigns/';

/** The path of a tile's room, e.g. `/collab/campaigns/3/tiles/41`. */
export function roomPath({ campaignId, tileId }: RoomAddress): string {
	return `${roomServerPath(campaignId)}/${tileId}`;
}

/** What a y-websocket client takes as its server URL path (the room name is the tile id). */
export function roomServerPath(campaignId: number): string {
	return `${PREFIX}${campaignId}/tiles`;
}

/** The websocket URL (ws: or wss:, following the page's protocol) of a campaign's rooms. */
export function roomServerUrl(origin: string, campaignId: number): string {
	return origin.replace(/^http/, 'ws') + roomServerPath(campaignId);
}

/**
 * The room a request target designates, or null. Accepts a path with or without a query string and
 * a trailing slash; never throws, whatever the input (the websocket door calls it on raw request
 * targets, which an attacker writes).
 */
export function parseRoomPath(target: string | undefined | null): RoomAddress | null {
	if (typeof target !== 'string' || !target.startsWith(PREFIX)) return null;
	const q = target.search(/[?#]/);
	const path = q === -1 ? target : target.slice(0, q);
	const parts = path.slice(PREFIX.length).split('/');
	if (parts.length === 4 && parts[3] === '') parts.pop();
	if (parts.length !== 3 || parts[1] !== 'tiles' || !ID.test(parts[0]) || !ID.test(parts[2])) return null;
	return { campaignId: Number(parts[0]), tileId: Number(parts[2]) };
}

/** True when the request target is anywhere under `/collab/` (a websocket path, room or not). */
export function isCollabPath(target: string | undefined | null): boolean {
	return typeof target === 'string' && (target === '/collab' || target.startsWith('/collab/') || target.startsWith('/collab?'));
}
