/** Type-level: these fail `npm run check` (svelte-check) when Jsonify stops matching what JSON does. */
import { describe, expectTypeOf, it } from 'vitest';
import type { Jsonify } from './jsonify.ts';

describe('Jsonify', () => {
	it('turns dates into strings and number keys into string keys', () => {
		expectTypeOf<Jsonify<{ at: Date; tiles: Record<number, number[]> }>>().toEqualTypeOf<{ at: string; tiles: { [x: string]: number[] } }>();
	});

	it('keeps tuples, unions, null, optional properties and unknown values', () => {
		type Server = { bbox: [number, number, number, number]; status: 'a' | 'b'; name: string | null; bounds?: [number, number] | null; details: Record<string, unknown> };
		expectTypeOf<Jsonify<Server>>().toEqualTypeOf<Server>();
	});

	it('reads through arrays and nested objects', () => {
		expectTypeOf<Jsonify<{ events: { at: Date }[] }>>().toEqualTypeOf<{ events: { at: string }[] }>();
	});
});
