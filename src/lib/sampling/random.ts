/**
 * Seeded pseudo-random numbers for reproducible sampling.
 *
 * A campaign's sample must be re-derivable from its seed forever, so the algorithms here are FROZEN: changing
 * any constant changes every sample ever drawn. random.test.ts pins the first outputs.
 *
 * - Seed hashing: cyrb128 (bryc's 128-bit string hash, public domain), fed with the UTF-8 BYTES of the seed
 *   (for ASCII seeds this equals the usual charCodeAt formulation; UTF-8 makes non-ASCII seeds re-derivable
 *   from other languages).
 * - Generator: sfc32 (Chris Doty-Humphrey's "Small Fast Counting" 32-bit generator from PractRand), whose
 *   128-bit state is the 4 words of the cyrb128 hash. Output: 32-bit word / 2^32, in [0, 1).
 */

const utf8 = new TextEncoder();

/** cyrb128 of the UTF-8 bytes of `s`: four unsigned 32-bit words. */
export function cyrb128(s: string): [number, number, number, number] {
	const bytes = utf8.encode(s);
	let h1 = 1779033703;
	let h2 = 3144134277;
	let h3 = 1013904242;
	let h4 = 2773480762;
	for (let i = 0; i < bytes.length; i++) {
		const k = bytes[i];
		h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
		h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
		h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
		h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
	}
	h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
	h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
	h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
	h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
	h1 ^= h2 ^ h3 ^ h4;
	h2 ^= h1;
	h3 ^= h1;
	h4 ^= h1;
	return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** sfc32 generator over the given 128-bit state; returns floats in [0, 1). */
export function sfc32(a: number, b: number, c: number, d: number): () => number {
	a |= 0;
	b |= 0;
	c |= 0;
	d |= 0;
	return () => {
		const t = (((a + b) | 0) + d) | 0;
		d = (d + 1) | 0;
		a = b ^ (b >>> 9);
		b = (c + (c << 3)) | 0;
		c = (c << 21) | (c >>> 11);
		c = (c + t) | 0;
		return (t >>> 0) / 4294967296;
	};
}

/**
 * A deterministic random stream for a seed string: sfc32 seeded with cyrb128(UTF-8 bytes of seed).
 * Same seed ⇒ same sequence, on every platform, forever.
 */
export function seededRandom(seed: string): () => number {
	const [a, b, c, d] = cyrb128(seed);
	return sfc32(a, b, c, d);
}

/** Uniform integer in [0, n) from a [0, 1) stream (bias ≤ n/2^32, negligible for sampling). */
export function randomInt(rng: () => number, n: number): number {
	return Math.floor(rng() * n);
}
