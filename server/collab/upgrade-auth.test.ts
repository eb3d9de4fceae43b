import { describe, expect, it } from 'vitest';
import { fromOurOrigin, roomOf } from './upgrade-auth.ts';

describe('the websocket door’s origin check', () => {
	it.each([
		[undefined, 'localhost:3000', undefined, true], // not a browser
		['http://localhost:3000', 'localhost:3000', undefined, true],
		['https://localhost:3000', 'localhost:3000', undefined, true],
		['http://evil.example', 'localhost:3000', undefined, false],
		['null', 'localhost:3000', undefined, false],
		['', 'localhost:3000', undefined, false],
		['file://', 'localhost:3000', undefined, false],
		['http://[', 'localhost:3000', undefined, false],
		// behind a proxy that rewrites Host: the public ORIGIN is ours
		['https://recette.example.fr', '127.0.0.1:3000', 'https://recette.example.fr', true],
		['https://recette.example.fr.evil.example', '127.0.0.1:3000', 'https://recette.example.fr', false],
		['http://recette.example.fr', '127.0.0.1:3000', 'https://recette.example.fr', false]
	])('Origin %j on Host %j (ORIGIN %j) → %s', (origin, host, publicOrigin, ok) => {
		expect(fromOurOrigin(origin, host, publicOrigin)).toBe(ok);
	});

	it('reads rooms from origin-form and absolute-form targets', () => {
		expect(roomOf('/collab/campaigns/2/tiles/9')).toEqual({ campaignId: 2, tileId: 9 });
		expect(roomOf('http://h/collab/campaigns/2/tiles/9?x=1')).toEqual({ campaignId: 2, tileId: 9 });
		expect(roomOf('http://[/collab')).toBe('malformed');
		expect(roomOf('/collab/campaigns/2')).toBeNull();
	});
});
