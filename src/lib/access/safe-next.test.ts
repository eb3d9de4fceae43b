import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next.ts';

describe('safeNext (open-redirect protection after sign-in)', () => {
	it.each([
		['/campaigns/1', '/campaigns/1'],
		['/campaigns/1/tiles/4?x=1#map', '/campaigns/1/tiles/4?x=1#map'],
		['/invite/abc.def', '/invite/abc.def'],
		['/', '/']
	])('follows the same-site path %s', (next, expected) => {
		expect(safeNext(next)).toBe(expected);
	});

	it.each([
		[null],
		[undefined],
		[''],
		['//evil.example'],
		['//evil.example/login'],
		['/\\evil.example'],
		['/\t/evil.example'],
		['https://evil.example/'],
		['javascript:alert(1)'],
		['campaigns/1'],
		['\n/evil']
	])('refuses %j and goes home', (next) => {
		expect(safeNext(next)).toBe('/');
	});
});
