import { describe, expect, it } from 'vitest';
import {
	blindCentre,
	measureSpread,
	metresPerScreenPixel,
	nudge,
	nudgeStep,
	pointingKey,
	pointingZoom,
	residualArrow,
	residualExaggeration
} from './pointing.ts';

const key = (k: string, mods: Partial<{ shiftKey: boolean; altKey: boolean; ctrlKey: boolean; metaKey: boolean }> = {}) => ({ key: k, shiftKey: false, altKey: false, ctrlKey: false, metaKey: false, ...mods });

describe('zoom and nudges', () => {
	it('zooms so an orthophoto pixel spans 8 screen pixels, within the maps’ limit', () => {
		const lat = 46.5;
		const z = pointingZoom(0.5, lat);
		expect(metresPerScreenPixel(z, lat)).toBeCloseTo(0.5 / 8, 12);
		expect(pointingZoom(0.05, lat)).toBe(22); // a 5 cm pixel would need z 22.9
		expect(pointingZoom(null, lat)).toBeCloseTo(pointingZoom(0.2, lat), 12);
	});

	it('nudges by a tenth of a pixel, a whole pixel with Shift, north up', () => {
		expect(nudgeStep(0.2)).toBeCloseTo(0.02, 15);
		expect(nudgeStep(0.2, true)).toBe(0.2);
		const m = { x: 652000.123, y: 6862000.456 };
		expect(nudge(m, 'ArrowUp', 0.02)).toEqual({ x: 652000.123, y: 6862000.456 + 0.02 });
		expect(nudge(m, 'ArrowDown', 0.02)).toEqual({ x: 652000.123, y: 6862000.456 - 0.02 });
		expect(nudge(m, 'ArrowRight', 0.02)).toEqual({ x: 652000.123 + 0.02, y: 6862000.456 });
		expect(nudge(m, 'ArrowLeft', 0.02)).toEqual({ x: 652000.123 - 0.02, y: 6862000.456 });
		expect(nudge(m, 'a', 0.02)).toBeNull();
	});

	it('maps keys: arrows nudge, Enter keeps, N/P move on; nothing while typing or with a modifier', () => {
		expect(pointingKey(key('ArrowLeft', { shiftKey: true }), 'other')).toEqual({ kind: 'nudge', key: 'ArrowLeft', large: true });
		expect(pointingKey(key('Enter'), 'other')).toEqual({ kind: 'keep' });
		expect(pointingKey(key('N'), 'other')).toEqual({ kind: 'next' });
		expect(pointingKey(key('p'), 'control')).toEqual({ kind: 'prev' });
		expect(pointingKey(key('ArrowUp'), 'control')).toBeNull();
		expect(pointingKey(key('Enter'), 'control')).toBeNull();
		expect(pointingKey(key('n'), 'text')).toBeNull();
		expect(pointingKey(key('ArrowUp', { ctrlKey: true }), 'other')).toBeNull();
	});
});

describe('blindCentre', () => {
	it('is 5 to 20 pixels from the reference, the same for the same seed, elsewhere for another', () => {
		const ref = { x: 652000, y: 6862000 };
		const dists = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((s) => {
			const c = blindCentre(ref, s, 0.2);
			return Math.hypot(c.x - ref.x, c.y - ref.y);
		});
		for (const d of dists) {
			expect(d).toBeGreaterThanOrEqual(5 * 0.2 - 1e-9);
			expect(d).toBeLessThanOrEqual(20 * 0.2 + 1e-9);
		}
		expect(blindCentre(ref, 'seed', 0.2)).toEqual(blindCentre(ref, 'seed', 0.2));
		expect(blindCentre(ref, 'seed', 0.2)).not.toEqual(blindCentre(ref, 'other', 0.2));
	});
});

describe('measureSpread', () => {
	it('gives the mean, the RMS distance to it and the largest gap (hand computation)', () => {
		// (0,0), (0.04,0), (0.02,0.03): mean (0.02, 0.01); squared distances 0.0005, 0.0005, 0.0004 → rms √(0.0014/3)
		const s = measureSpread([{ x: 0, y: 0 }, { x: 0.04, y: 0 }, { x: 0.02, y: 0.03 }]);
		expect(s.mean!.x).toBeCloseTo(0.02, 15);
		expect(s.mean!.y).toBeCloseTo(0.01, 15);
		expect(s.rms).toBeCloseTo(Math.sqrt(0.0014 / 3), 15);
		expect(s.maxApart).toBeCloseTo(0.04, 15);
		expect(measureSpread([{ x: 5, y: 6 }])).toEqual({ n: 1, mean: { x: 5, y: 6 }, rms: 0, maxApart: 0 });
		expect(measureSpread([])).toEqual({ n: 0, mean: null, rms: null, maxApart: null });
	});
});

describe('residual arrows', () => {
	it('picks a 1–2–5 exaggeration putting the largest residual near 5 % of the map', () => {
		expect(residualExaggeration(0.1, 2000)).toBe(1000); // wanted 1000
		expect(residualExaggeration(0.07, 2000)).toBe(1000); // wanted 1428
		expect(residualExaggeration(0.3, 2000)).toBe(200); // wanted 333
		expect(residualExaggeration(50, 2000)).toBe(2); // wanted 2
		expect(residualExaggeration(500, 2000)).toBe(1);
		expect(residualExaggeration(0, 2000)).toBe(1);
	});

	it('draws the shaft to reference + k × residual and a head of two barbs at its tip', () => {
		const [shaft, head] = residualArrow({ x: 100, y: 200 }, 0.03, 0.04, 100);
		expect(shaft[0]).toEqual({ x: 100, y: 200 });
		expect(shaft[1].x).toBeCloseTo(103, 12);
		expect(shaft[1].y).toBeCloseTo(204, 12);
		expect(head[1]).toEqual(shaft[1]);
		for (const barb of [head[0], head[2]]) expect(Math.hypot(barb.x - shaft[1].x, barb.y - shaft[1].y)).toBeCloseTo(1.25, 12);
		expect(residualArrow({ x: 1, y: 1 }, 0, 0, 100)).toEqual([[{ x: 1, y: 1 }, { x: 1, y: 1 }]]);
	});
});
