import { describe, expect, it } from 'vitest';
import { bodyLimitFor, CSV_BODY_MAX_BYTES, JSON_BODY_MAX_BYTES } from './body-limits.ts';

describe('bodyLimitFor', () => {
	it.each([
		['PUT', '/api/uploads/0123456789abcdef0123456789abcdef/files/ortho 2020.tif', null],
		['POST', '/api/campaigns/12/assignments/csv', CSV_BODY_MAX_BYTES],
		['POST', '/api/auth/login', JSON_BODY_MAX_BYTES],
		['POST', '/api/campaigns/12/assignments', JSON_BODY_MAX_BYTES],
		['POST', '/login', JSON_BODY_MAX_BYTES],
		// Only a PUT to a file of an upload streams; anything near it is capped.
		['POST', '/api/uploads/abc/files/x.tif', JSON_BODY_MAX_BYTES],
		['PUT', '/api/uploads/abc/files/x.tif/', JSON_BODY_MAX_BYTES],
		['PUT', '/api/uploads/abc/files', JSON_BODY_MAX_BYTES],
		['PUT', '/api/uploads/abc/files/x/y', JSON_BODY_MAX_BYTES],
		['PUT', '/x/api/uploads/abc/files/y', JSON_BODY_MAX_BYTES],
		['PUT', '/api/campaigns/12/assignments/csv', JSON_BODY_MAX_BYTES]
	])('%s %s → %s', (method, path, bytes) => {
		expect(bodyLimitFor(method, path)?.maxBytes ?? null).toBe(bytes);
	});

	it('says the limit in the refusal', () => {
		expect(bodyLimitFor('POST', '/api/auth/login')!.tooLarge()).toMatchObject({ status: 413, code: 'body_too_large', messages: { en: expect.stringContaining('2 MB'), fr: expect.stringContaining('2 Mo') } });
		expect(bodyLimitFor('POST', '/api/campaigns/1/assignments/csv')!.tooLarge()).toMatchObject({ status: 413, code: 'csv_too_large' });
	});
});
