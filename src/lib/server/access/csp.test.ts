import { describe, expect, it } from 'vitest';
import { imageryOrigin } from '../../geo/services.ts';

describe('imageryOrigin', () => {
	it('gives the origin of an http(s) service template', () => {
		expect(imageryOrigin('https://tiles.example.org/{z}/{x}/{y}.png')).toBe('https://tiles.example.org');
		expect(imageryOrigin('http://wms.example:8080/ows?bbox={bbox-epsg-3857}')).toBe('http://wms.example:8080');
		expect(imageryOrigin('https://[2001:db8::1]/wmts')).toBe('https://[2001:db8::1]');
	});

	it('allows nothing for other schemes, or for host names that could add CSP directives', () => {
		for (const bad of ['javascript:alert(1)', 'data:image/png,x', '/api/x', 'not a url', "https://a.example;script-src 'unsafe-inline'/{z}", "https://a.example'unsafe-eval'/x", 'https://a.example,b/x'])
			expect(imageryOrigin(bad), bad).toBeNull();
	});
});
