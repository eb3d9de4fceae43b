import { describe, expect, it } from 'vitest';
import { en } from '$lib/i18n/en.ts';
import { fr, type MessageKey } from '$lib/i18n/fr.ts';
import { renderMessage, type Params } from '$lib/i18n/translate.ts';
import { describeAuditEvent } from './audit-text.ts';
import type { AuditEntry } from '../../api/types.ts';

const inFrench = (key: MessageKey, params?: Params) => renderMessage(fr[key], 'fr', params);
const inEnglish = (key: MessageKey, params?: Params) => renderMessage(en[key], 'en', params);
const event = (action: string, details: Record<string, unknown>): AuditEntry => ({ id: 1, at: 0, actorId: 1, actorEmail: 'm@example.org', campaignId: 3, campaignName: 'R', action, details, ip: null, subject: null, organisation: null, organisations: {} });

describe('audit sentences of positional accuracy', () => {
	it('says what happened to which checkpoints, in both languages', () => {
		expect(describeAuditEvent(event('checkpoints.import', { file: 'points.csv', count: 24, completed: 1 }), inFrench)).toBe('a importé 24 points de contrôle de position depuis points.csv, dont 1 point proposé qui a reçu ses coordonnées levées');
		expect(describeAuditEvent(event('checkpoints.import', { file: 'pc.gpkg', count: 1 }), inEnglish)).toBe('imported 1 checkpoint from pc.gpkg');
		expect(describeAuditEvent(event('checkpoint.propose', { code: 'P-3' }), inFrench)).toBe('a proposé le point de contrôle de position P-3');
		expect(describeAuditEvent(event('checkpoint.delete', { code: 'PC12' }), inEnglish)).toBe('deleted the checkpoint PC12 and its measures');
		expect(describeAuditEvent(event('checkpoint.decide', { count: 3, kept: 2, rejected: 1 }), inEnglish)).toBe('decided on 3 checkpoint measures (2 kept, 1 rejected)');
		// Events recorded before the author was kept as `userId` (the server names them then).
		expect(describeAuditEvent(event('seam.delete', { seamId: 4, author: 7 }), inFrench)).toBe('a supprimé la mesure de raccord d’un relecteur');
		expect(describeAuditEvent(event('checkpoint.decide', { count: 2, kept: 0, rejected: 0, pending: 2 }), inFrench)).toBe('a statué sur 2 mesures de points de contrôle de position (2 remises en attente)');
	});
});
