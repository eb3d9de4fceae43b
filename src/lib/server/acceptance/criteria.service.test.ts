/**
 * The acceptance criteria as `PUT …/acceptance-criteria` takes them, through the route's own body
 * reader (jsonBody + criteriaSchema): the positional criteria « precision class ≤ N cm » and
 * « RMSE radial ≤ x m » are validated with a sentence per language, stored with the others and audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb } from '../../../../test/helpers/db.ts';
import { listAudit } from '../audit/audit.service.ts';
import { importDemoCampaign } from '../demo/campaign.ts';
import type { Db } from '../db/db.ts';
import { InputError } from '../errors.ts';
import { jsonBody } from '../http.ts';
import { campaignCriteria, criteriaSchema, setCriteria } from './criteria.service.ts';

const read = (body: unknown) => jsonBody(new Request('http://x/', { method: 'PUT', body: JSON.stringify(body) }), criteriaSchema);

async function refusal(body: unknown): Promise<InputError> {
	try {
		await read(body);
	} catch (e) {
		if (e instanceof InputError) return e;
		throw e;
	}
	throw new Error(`accepted ${JSON.stringify(body)}`);
}

describe('positional criteria in the body of PUT …/acceptance-criteria', () => {
	it('takes a whole number of centimetres and a length in metres, and leaves them out by default', async () => {
		expect(await read({ precisionClassCm: 20, rmseRadialMax: 0.25 })).toMatchObject({ precisionClassCm: 20, rmseRadialMax: 0.25 });
		expect(await read({ precisionClassCm: 1, rmseRadialMax: 0.001 })).toMatchObject({ precisionClassCm: 1, rmseRadialMax: 0.001 });
		expect(await read({ overallAccuracy: 0.9 })).toMatchObject({ precisionClassCm: null, rmseRadialMax: null });
		expect(await read({ precisionClassCm: null, rmseRadialMax: null })).toMatchObject({ precisionClassCm: null, rmseRadialMax: null });
	});

	it.each([
		['a class of 0 cm', { precisionClassCm: 0 }],
		['a negative class', { precisionClassCm: -5 }],
		['a class in millimetres (12.5)', { precisionClassCm: 12.5 }],
		['a class as text', { precisionClassCm: '20' }],
		['a class beyond 100 m', { precisionClassCm: 10_001 }]
	])('refuses %s, naming the field and the expected value in both languages', async (_, body) => {
		const e = await refusal(body);
		expect(e.status).toBe(400);
		expect(e.code).toBe('invalid_request');
		expect(e.messages.en).toBe('precisionClassCm: a whole number of centimetres from 1 to 10 000 (20 for the 20 cm class)');
		expect(e.messages.fr).toBe('precisionClassCm : un nombre entier de centimètres de 1 à 10 000 (20 pour la classe 20 cm)');
	});

	it.each([
		['0 m', { rmseRadialMax: 0 }],
		['a negative length', { rmseRadialMax: -0.1 }],
		['a length as text', { rmseRadialMax: '0,25' }],
		['more than 1 km', { rmseRadialMax: 1001 }]
	])('refuses an RMSE limit of %s', async (_, body) => {
		const e = await refusal(body);
		expect(e.status).toBe(400);
		expect(e.messages.en).toBe('rmseRadialMax: a length in metres, more than 0 and at most 1 000 (0.25 for 25 cm)');
		expect(e.messages.fr).toBe('rmseRadialMax : une longueur en mètres, plus de 0 et au plus 1 000 (0,25 pour 25 cm)');
	});
});

describe('storing and auditing them', () => {
	let db: Db;
	let cleanup: () => void;
	let campaignId: number;
	beforeAll(async () => {
		({ db, cleanup } = freshDb());
		campaignId = await importDemoCampaign(db);
	}, 60_000);
	afterAll(() => cleanup());

	it('reads criteria stored before the positional ones existed as not part of the contract', () => {
		db.$client.prepare('INSERT INTO acceptance_criteria (campaign_id, criteria, updated_at, updated_by) VALUES (?, ?, ?, NULL)').run(campaignId, JSON.stringify({ overallAccuracy: 0.9 }), Date.now());
		expect(campaignCriteria(db, campaignId).criteria).toMatchObject({ overallAccuracy: 0.9, precisionClassCm: null, rmseRadialMax: null });
	});

	it('stores them with the other criteria and records them in the audit trail', async () => {
		const input = await read({ overallAccuracy: 0.9, precisionClassCm: 20, rmseRadialMax: 0.15 });
		const view = setCriteria(db, campaignId, input, { id: 1, email: 'manager@demo.local' });
		expect(view).toMatchObject({ isDefault: false, criteria: { overallAccuracy: 0.9, precisionClassCm: 20, rmseRadialMax: 0.15 } });
		expect(campaignCriteria(db, campaignId).criteria).toMatchObject({ precisionClassCm: 20, rmseRadialMax: 0.15 });
		const [last] = listAudit(db, { campaignId });
		expect(last.action).toBe('acceptance.criteria');
		expect(last.details).toMatchObject({ precisionClassCm: 20, rmseRadialMax: 0.15 });
	});
});
