import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

export interface CollabClient {
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** Resolves on the first sync with the server. */
	synced: Promise<void>;
	/** Resolves with the close code when the server closes the connection. */
	closed: Promise<number>;
	destroy(): void;
}

/**
 * A real y-websocket client joining a tile's room on a running server, signed in with a session
 * cookie (as a browser or a QGIS plugin would be), from the server's own origin.
 */
export function joinTile(serverUrl: string, cookie: string, campaignId: number, tileId: number, doc = new Y.Doc()): CollabClient {
	class SignedInSocket extends WebSocket {
		constructor(url: string, protocols?: string | string[]) {
			super(url, protocols, { headers: { cookie, origin: serverUrl } });
		}
	}
	const provider = new WebsocketProvider(`${serverUrl.replace(/^http/, 'ws')}/collab/campaigns/${campaignId}/tiles`, String(tileId), doc, {
		WebSocketPolyfill: SignedInSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		maxBackoffTime: 500
	});
	const closed = new Promise<number>((resolve) => provider.on('connection-close', (e) => e && resolve(e.code)));
	const synced = new Promise<void>((resolve) => provider.once('sync', () => resolve()));
	return { doc, provider, synced, closed, destroy: () => provider.destroy() };
}

/** Add a defect the way the tile page does (one transaction, a Y.Map of plain fields). */
export function addDefect(doc: Y.Doc, id: string, fields: Record<string, unknown>): void {
	doc.transact(() => {
		const m = new Y.Map<unknown>();
		for (const [k, v] of Object.entries(fields)) m.set(k, v);
		doc.getMap('defects').set(id, m);
	});
}

/** Wait until `cond` holds (polling), or fail after `ms`. */
export async function until(cond: () => boolean, ms = 10_000, what = 'condition'): Promise<void> {
	const end = Date.now() + ms;
	while (!cond()) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 10));
	}
}

/** Poll an async read until it satisfies `ok` (returns the last value), or fail after `ms`. */
export async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, ms = 5_000, what = 'condition'): Promise<T> {
	const end = Date.now() + ms;
	for (;;) {
		const value = await read();
		if (ok(value)) return value;
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value).slice(0, 300)}`);
		await new Promise((r) => setTimeout(r, 20));
	}
}
