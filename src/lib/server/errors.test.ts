import { describe, expect, it } from 'vitest';
import { AuthRequiredError, ForbiddenError, InputError, NotFoundError } from './errors.ts';

describe('InputError across module copies', () => {
	it('is recognised by kind, the way a route in SvelteKit’s bundle recognises an error thrown by server/', async () => {
		// A second, independent copy of the module, as tsx and the bundle each have one.
		const other = (await import(/* @vite-ignore */ `${new URL('./errors.ts', import.meta.url).href}?copy=2`)) as typeof import('./errors.ts');
		expect(other.InputError).not.toBe(InputError);
		const e = new other.NotFoundError({ en: 'x', fr: 'x' });
		expect(e instanceof InputError).toBe(true);
		expect(e instanceof NotFoundError).toBe(true);
		expect(e instanceof ForbiddenError).toBe(false);
		expect(e instanceof Error).toBe(true);
		expect(new other.InputError('c', 'm') instanceof NotFoundError).toBe(false);
		expect(new AuthRequiredError() instanceof other.InputError).toBe(true);
	});

	it('recognises nothing else as an InputError', () => {
		for (const v of [new Error('x'), null, undefined, 'InputError', { code: 'x', status: 400 }, Object.create(InputError.prototype)]) {
			expect(v instanceof InputError).toBe(false);
		}
	});
});
