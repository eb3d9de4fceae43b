import { describe, expect, it } from 'vitest';
import { linkOrigin, linkOriginFor } from './links.ts';

describe('linkOrigin', () => {
	it('uses the configured ORIGIN, whatever else is known', () => {
		expect(linkOrigin({ origin: 'https://recette.example.fr/', demoMode: false, host: '0.0.0.0', port: 3000 })).toBe('https://recette.example.fr');
		expect(linkOrigin({ origin: 'https://recette.example.fr:8443/sub', demoMode: true, host: '127.0.0.1', port: 3000 })).toBe('https://recette.example.fr:8443');
	});

	it('refuses to make a link without ORIGIN outside demo mode, saying what to set', () => {
		expect(() => linkOrigin({ origin: undefined, demoMode: false, host: '0.0.0.0', port: 3000 })).toThrow(/set ORIGIN \(e\.g\. ORIGIN=https:\/\/recette\.example\.fr\)/);
		expect(() => linkOrigin({ origin: '', demoMode: false, host: undefined, port: 3000 })).toThrow(expect.objectContaining({ status: 503, code: 'origin_not_configured' }));
		expect(() => linkOrigin({ origin: 'javascript:alert(1)', demoMode: true, host: undefined, port: 3000 })).toThrow(/not an http\(s\) address/);
		expect(() => linkOrigin({ origin: 'recette.example.fr', demoMode: true, host: undefined, port: 3000 })).toThrow(/not an http\(s\) address/);
	});

	it('in demo mode, uses the address the server listens on', () => {
		expect(linkOrigin({ origin: undefined, demoMode: true, host: undefined, port: 3000 })).toBe('http://localhost:3000');
		expect(linkOrigin({ origin: undefined, demoMode: true, host: '0.0.0.0', port: 4000 })).toBe('http://localhost:4000');
		expect(linkOrigin({ origin: undefined, demoMode: true, host: '::', port: 4000 })).toBe('http://localhost:4000');
		expect(linkOrigin({ origin: undefined, demoMode: true, host: '192.168.1.20', port: 80 })).toBe('http://192.168.1.20:80');
		expect(linkOrigin({ origin: undefined, demoMode: true, host: '::1', port: 3000 })).toBe('http://[::1]:3000');
	});

	it('takes the port from the connection the request came in on (PORT=0 picks one), never from Host', () => {
		const event = (demoMode: boolean, localPort?: number) => ({ locals: { services: { demoMode } }, platform: localPort ? { req: { socket: { localPort } } } : undefined });
		expect(linkOriginFor(event(true, 41234), { HOST: '127.0.0.1', PORT: '0' })).toBe('http://127.0.0.1:41234');
		expect(linkOriginFor(event(true), { PORT: '5000' })).toBe('http://localhost:5000');
		expect(linkOriginFor(event(false, 41234), { ORIGIN: 'https://recette.example.fr' })).toBe('https://recette.example.fr');
	});
});
