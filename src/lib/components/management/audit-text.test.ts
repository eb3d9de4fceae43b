import { describe, expect, it } from 'vitest';
import { en } from '$lib/i18n/en.ts';
import { fr, type MessageKey } from '$lib/i18n/fr.ts';
import { renderMessage, type Params } from '$lib/i18n/translate.ts';
import { describeAuditEvent } from './audit-text.ts';
import type { AuditEntry } from '$lib/api/types.ts';

const inFrench = (key: MessageKey, params?: Params) => renderMessage(fr[key], 'fr', params);
const inEnglish = (key: MessageKey, params?: Params) => renderMessage(en[key], 'en', params);

function event(action: string, details: Record<string, unknown>, extra: Partial<AuditEntry> = {}): AuditEntry {
	return { id: 1, at: 0, actorId: 1, actorEmail: 'manager@example.org', campaignId: 3, campaignName: 'Recette 2025', action, details, ip: null, subject: null, organisation: null, organisations: {}, ...extra };
}

const communeX = { organisation: { id: 7, name: 'Commune X' } };
const lea = { subject: { id: 12, email: 'lea@example.org', name: 'Léa Bernard' } };

describe('audit sentences', () => {
	it('says how many tiles went to which organisation, in both languages', () => {
		const e = event('assignment.assign', { tiles: 12, organisationId: 7 }, communeX);
		expect(describeAuditEvent(e, inFrench)).toBe('a attribué 12 tuiles à Commune X');
		expect(describeAuditEvent(e, inEnglish)).toBe('assigned 12 tiles to Commune X');
		expect(describeAuditEvent(event('assignment.assign', { tileIds: [4], organisationId: 7 }, communeX), inFrench)).toBe('a attribué 1 tuile à Commune X');
	});

	it('reads assignments as the server records them, events stored before this version included', () => {
		// Map selection as recorded until now: no organisation at the top, the tally in byOrganisation.
		const stored = event('assignment.assign', { source: 'map', requested: 7, byOrganisation: [{ organisationId: 9, name: 'DDT (ancien nom)', tiles: 7, added: 7 }], added: 7 }, { organisations: { 9: 'DDT Démo (État)' } });
		expect(describeAuditEvent(stored, inFrench)).toBe('a attribué 7 tuiles à DDT Démo (État)');
		// The organisation deleted since: the name it had then.
		expect(describeAuditEvent({ ...stored, organisations: {} }, inFrench)).toBe('a attribué 7 tuiles à DDT (ancien nom)');
		const removed = event('assignment.unassign', { source: 'map', organisationId: 9, name: 'DDT Démo (État)', requested: 1, removed: 1 }, { organisation: { id: 9, name: 'DDT Démo (État)' } });
		expect(describeAuditEvent(removed, inFrench)).toBe('a retiré 1 tuile à DDT Démo (État)');
		expect(describeAuditEvent(removed, inEnglish)).toBe('unassigned 1 tile from DDT Démo (État)');
		// The demo seed: a count and an organisation id.
		expect(describeAuditEvent(event('assignment.assign', { tiles: 15, organisationId: 7, demo: true }, communeX), inFrench)).toBe('a attribué 15 tuiles à Commune X');
	});

	it('names the person and the roles of a role change, roles in lower case', () => {
		const e = event('member.role_change', { userId: 12, from: 'observer', to: 'reviewer' }, lea);
		expect(describeAuditEvent(e, inFrench)).toBe('a changé le rôle de Léa Bernard : observateur → relecteur');
		expect(describeAuditEvent(e, inEnglish)).toBe('changed the role of Léa Bernard: observer → reviewer');
	});

	it('tells personal and team invitation links apart', () => {
		const single = event('invitation.create', { role: 'reviewer', organisationId: 7, maxUses: 1, expiresInDays: 14 }, communeX);
		expect(describeAuditEvent(single, inFrench)).toBe('a créé un lien d’invitation personnel : relecteur pour Commune X, valable 14 jours');
		const team = event('invitation.create', { role: 'observer', organisationId: null, maxUses: null, expiresInDays: 30 });
		expect(describeAuditEvent(team, inEnglish)).toBe('created a team invitation link: observer, valid 30 days');
	});

	it('falls back on the recorded e-mail, then on "a deleted account"', () => {
		expect(describeAuditEvent(event('member.add', { userId: 99, email: 'old@example.org', role: 'manager' }), inEnglish)).toBe('added old@example.org as manager');
		expect(describeAuditEvent(event('member.remove', { userId: 99, role: 'reviewer' }), inFrench)).toBe('a retiré un compte supprimé (relecteur) de la campagne');
	});

	it('words the control points and acceptance events', () => {
		expect(describeAuditEvent(event('control_points.generate', { strata: 'classes', seed: 's', points: 120 }), inFrench)).toBe('a tiré 120 points de contrôle, stratifiés par classe (graine « s »)');
		expect(describeAuditEvent(event('control_points.adjudicate', { pointId: 9, ordinal: 4, classCode: 'CS2.2.1' }), inEnglish)).toBe('adjudicated control point #4: reference class CS2.2.1');
		expect(describeAuditEvent(event('control_points.adjudicate', { pointId: 9, ordinal: 4, classCode: null, withdrawn: true }), inFrench)).toBe('a retiré son arbitrage du point de contrôle n° 4');
		expect(describeAuditEvent(event('acceptance.criteria', { overallAccuracy: 0.9 }), inEnglish)).toBe('set the acceptance criteria: overall accuracy ≥ 90%');
		// The positional criteria of issue 16: the class in centimetres, the RMSE (stored in metres) too.
		expect(describeAuditEvent(event('acceptance.criteria', { precisionClassCm: 20, rmseRadialMax: 0.25 }), inFrench)).toBe('a fixé les critères de recette : classe de précision planimétrique ≤ 20 cm ; EMQ radiale ≤ 25 cm');
	});
	it('names the reference layer added or removed', () => {
		expect(describeAuditEvent(event('reference_layer.add', { layerId: 3, label: 'Plan IGN', kind: 'wmts' }), inFrench)).toBe('a ajouté la couche de référence « Plan IGN »');
		expect(describeAuditEvent(event('reference_layer.remove', { layerId: 3, label: 'Cadastre' }), inEnglish)).toBe('removed the reference layer “Cadastre”');
	});

	it('keeps an unknown action readable', () => {
		expect(describeAuditEvent(event('tile.reviewed', {}), inEnglish)).toBe('action “tile.reviewed”');
	});

	it('tells the contractor loop: releases, answers, disputes, rounds', () => {
		expect(describeAuditEvent(event('defects.release', { releaseId: 3, added: 2, updated: 1, unchanged: 4, filter: {} }), inFrench)).toBe('a transmis 7 défauts au prestataire');
		expect(describeAuditEvent(event('defects.release', { added: 1, updated: 0, unchanged: 0 }), inEnglish)).toBe('released 1 defect to the contractor');
		const answer = event('defect.answer', { releasedId: 12, defectId: 'd1', tileId: 4, name: '0650_6862', answer: 'fixed' });
		expect(describeAuditEvent(answer, inFrench)).toBe('a répondu « Corrigé dans une nouvelle livraison » au défaut transmis n° 12 (tuile 0650_6862)');
		expect(describeAuditEvent(answer, inEnglish)).toBe('answered “Fixed in a new delivery” to released defect no. 12 (tile 0650_6862)');
		const closed = event('defect.dispute_close', { releasedId: 12, tileId: 4, name: '0650_6862', outcome: 'maintained' });
		expect(describeAuditEvent(closed, inFrench)).toBe('a clos la contestation du défaut n° 12 (tuile 0650_6862) : Défaut maintenu');
		expect(describeAuditEvent(event('round.open', { round: 2, tiles: 3 }), inFrench)).toBe('a ouvert le tour de relecture 2 sur 3 tuiles');
		expect(describeAuditEvent(event('round.open', { round: 2, tiles: 1 }), inEnglish)).toBe('opened review round 2 on 1 tile');
	});
});
