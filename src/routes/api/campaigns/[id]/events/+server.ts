import { allows } from '$lib/access/permissions.ts';
import { api, CAMPAIGN, guard, idParam } from '$lib/server/http.ts';
import type { StatusEvent } from '../../../../../../server/collab/rooms.ts';

/**
 * The overview's live feed (Server-Sent Events): `status` `{tileId, status}` whenever a tile's status
 * changes, and — for those who may read reviews — `presence` `{tiles}` whenever someone arrives on a
 * tile, leaves it or claims it. A comment every 25 s keeps proxies from closing the stream.
 */
export const GET = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	const grant = guard(event, 'campaign.view', { campaignId });
	const withPresence = allows(grant, 'reviews.read');
	const { rooms } = event.locals.services;
	const encoder = new TextEncoder();
	let stop = () => {};
	const stream = new ReadableStream<Uint8Array>({
		start(controller) {
			const send = (name: string, data: unknown) => {
				try {
					controller.enqueue(encoder.encode(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`));
				} catch {
					stop();
				}
			};
			const onStatus = (e: StatusEvent) => {
				if (e.campaignId === campaignId) send('status', { tileId: e.tileId, status: e.status });
			};
			// Presence changes come in bursts (a tab opening several tiles): send the state at most 4 times a second.
			let pending: NodeJS.Timeout | null = null;
			const onPresence = (e: { campaignId: number }) => {
				if (e.campaignId !== campaignId || pending) return;
				pending = setTimeout(() => {
					pending = null;
					send('presence', { tiles: rooms.presence(campaignId) });
				}, 250);
			};
			const heartbeat = setInterval(() => {
				try {
					controller.enqueue(encoder.encode(': keep-alive\n\n'));
				} catch {
					stop();
				}
			}, 25_000);
			rooms.on('status', onStatus);
			if (withPresence) {
				rooms.on('presence', onPresence);
				send('presence', { tiles: rooms.presence(campaignId) });
			}
			stop = () => {
				clearInterval(heartbeat);
				if (pending) clearTimeout(pending);
				rooms.off('status', onStatus);
				rooms.off('presence', onPresence);
			};
			event.request.signal.addEventListener('abort', () => {
				stop();
				try {
					controller.close();
				} catch {
					// already closed
				}
			});
		},
		cancel() {
			stop();
		}
	});
	return new Response(stream, { headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store', 'x-accel-buffering': 'no' } });
});
