import { describe, expect, it } from 'vitest';
import { isCollabPath, parseRoomPath, roomPath, roomServerPath, roomServerUrl } from './room.ts';

describe('room addresses', () => {
	it('builds the path a y-websocket client reaches (server URL + "/" + tile id)', () => {
		expect(roomPath({ campaignId: 3, tileId: 41 })).toBe('/collab/campaigns/3/tiles/41');
		expect(`${roomServerPath(3)}/41`).toBe(roomPath({ campaignId: 3, tileId: 41 }));
		expect(roomServerUrl('https://recette.example.fr', 3)).toBe('wss://recette.example.fr/collab/campaigns/3/tiles');
		expect(roomServerUrl('http://localhost:3000', 3)).toBe('ws://localhost:3000/collab/campaigns/3/tiles');
	});

	it('parses what it builds, with a query string or a trailing slash', () => {
		for (const target of ['/collab/campaigns/3/tiles/41', '/collab/campaigns/3/tiles/41/', '/collab/campaigns/3/tiles/41?acks=1', '/collab/campaigns/3/tiles/41#x']) {
			expect(parseRoomPath(target), target).toEqual({ campaignId: 3, tileId: 41 });
		}
	});

	it.each([
		undefined,
		null,
		'',
		'/',
		'/collab',
		'/collab/campaigns/3/tiles',
		'/collab/campaigns/3/tiles/',
		'/collab/campaigns/0/tiles/1',
		'/collab/campaigns/03/tiles/1',
		'/collab/campaigns/-3/tiles/1',
		'/collab/campaigns/3/tiles/1.5',
		'/collab/campaigns/3/tiles/1e3',
		'/collab/campaigns/3/tiles/41/extra',
		'/collab/campaigns/3/tile/41',
		'/collab/campaigns/99999999999999999999/tiles/1',
		'http://[/collab',
		'//collab/campaigns/3/tiles/41',
		'/collab/campaigns/%33/tiles/41',
		'/api/campaigns/3/tiles/41'
	])('refuses %j without throwing', (target) => {
		expect(parseRoomPath(target as string)).toBeNull();
	});

	it('tells collaboration paths from the rest', () => {
		expect(isCollabPath('/collab/campaigns/3/tiles/4')).toBe(true);
		expect(isCollabPath('/collab')).toBe(true);
		expect(isCollabPath('/collaborate')).toBe(false);
		expect(isCollabPath('http://[/collab')).toBe(false);
		expect(isCollabPath(undefined)).toBe(false);
	});
});
