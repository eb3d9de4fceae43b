import { describe, expect, it } from 'vitest';
import { CLOSE } from '../../collab/protocol.ts';
import { en } from '../../i18n/en.ts';
import { fr } from '../../i18n/fr.ts';
import { closeReasonKey } from './close-reasons.ts';

describe('closeReasonKey', () => {
	it('explains every close code the server documents, in French and English', () => {
		const codes = [CLOSE.invalid, CLOSE.sessionEnded, CLOSE.forbidden, CLOSE.gone, CLOSE.tooLarge, CLOSE.tooFast, CLOSE.storageFailed, CLOSE.tooSlow, CLOSE.goingAway];
		const keys = codes.map((c) => closeReasonKey(c));
		expect(new Set(keys).size).toBe(codes.length);
		for (const key of keys) {
			expect(key).not.toBeNull();
			expect(fr[key!], key!).toBeTruthy();
			expect(en[key!], key!).toBeTruthy();
			// Never the server's English words in the French sentence.
			expect(fr[key!]).not.toMatch(/access withdrawn|not allowed|session ended/i);
		}
	});
	it('says a refusal on a validated tile is because of the validation', () => {
		expect(closeReasonKey(CLOSE.forbidden, { validated: true })).toBe('review.close.validated');
		expect(closeReasonKey(CLOSE.forbidden)).toBe('review.close.forbidden');
	});
	it('has nothing to explain for a normal close or a lost network', () => {
		for (const code of [1000, 1005, 1006, null, undefined]) expect(closeReasonKey(code)).toBeNull();
	});
});
