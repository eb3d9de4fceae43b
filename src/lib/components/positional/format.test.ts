import { describe, expect, it } from 'vitest';
import { bearing, centimetres, coordinate, sketchHref } from './format.ts';

const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('positional formatting', () => {
	it('writes lengths in centimetres and coordinates to the millimetre, in each language', () => {
		expect(plain(centimetres(0.0312, 'fr'))).toBe('3,1 cm');
		expect(plain(centimetres(0.0312, 'en'))).toBe('3.1 cm');
		expect(centimetres(null, 'fr')).toBe('–');
		expect(plain(coordinate(652027.5123, 'fr'))).toBe('652 027,512');
		expect(coordinate(6862000, 'en')).toBe('6,862,000.000');
	});

	it('links a photo-sketch only when it is a web address', () => {
		expect(sketchHref('https://example.fr/pc1.jpg')).toBe('https://example.fr/pc1.jpg');
		expect(sketchHref('javascript:alert(1)')).toBeNull();
		expect(sketchHref('PC1.pdf')).toBeNull();
		expect(bearing(359.7)).toBe('0°');
		expect(bearing(null)).toBe('–');
	});
});
