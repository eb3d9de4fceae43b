import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/en.ts';
import { fr } from '../../i18n/fr.ts';
import type { MessageKey } from '../../i18n/fr.ts';
import { renderMessage, type Params } from '../../i18n/translate.ts';
import { describeHistoryEntry, historyActor, olderPageCursor, quote, type HistoryContext, type HistoryEntry } from './history.ts';

const translator = (locale: 'fr' | 'en') => (key: MessageKey, params?: Params) => renderMessage((locale === 'fr' ? fr : en)[key], locale, params);
const ctx = (locale: 'fr' | 'en'): HistoryContext => ({
	t: translator(locale),
	category: (code) => ({ blur: locale === 'fr' ? 'Flou' : 'Blur', haze: locale === 'fr' ? 'Voile' : 'Haze' })[code] ?? code,
	className: (code) => ({ 'CS1.2.2': locale === 'fr' ? 'Surfaces d’eau' : 'Water', 'CS2.2.1': locale === 'fr' ? 'Formations herbacées' : 'Herbaceous' })[code] ?? code,
	person: (id) => ({ 7: 'Léa Bernard', 9: 'Hugo Martin' })[id] ?? `#${id}`
});

const defect = { geometry: { type: 'Point', coordinates: [2, 48] }, category: 'blur', severity: 'minor', comment: 'flou au nord', author: 7, createdAt: '2026-01-01T10:00:00Z' };
const entry = (e: Partial<HistoryEntry>): HistoryEntry => ({ id: 1, user: { id: 7, name: 'Léa Bernard' }, at: '2026-01-02T10:00:00Z', target: 'defect', key: 'd1', action: 'create', before: null, after: null, restorable: false, ...e });
const fr_ = (e: Partial<HistoryEntry>) => describeHistoryEntry(entry(e), ctx('fr'));
const en_ = (e: Partial<HistoryEntry>) => describeHistoryEntry(entry(e), ctx('en'));

describe('describeHistoryEntry', () => {
	it('tells a defect reported, deleted, restored', () => {
		expect(fr_({ action: 'create', after: defect })).toBe('a signalé un défaut « Flou » (mineur)');
		expect(en_({ action: 'create', after: defect })).toBe('reported a defect “Blur” (minor)');
		expect(fr_({ action: 'delete', before: defect })).toBe('a supprimé son défaut « Flou »');
		expect(fr_({ action: 'delete', before: defect, user: { id: 1, name: 'Responsable' } })).toBe('a supprimé le défaut « Flou » signalé par Léa Bernard');
		expect(en_({ action: 'delete', before: defect, user: { id: 1, name: 'Manager' } })).toBe('deleted the defect “Blur” reported by Léa Bernard');
		expect(fr_({ action: 'restore', after: defect })).toBe('a rétabli le défaut « Flou »');
	});

	it('lists what changed in a defect', () => {
		const moved = { ...defect, geometry: { type: 'Point', coordinates: [2.1, 48] } };
		expect(fr_({ action: 'update', before: defect, after: { ...defect, severity: 'major', category: 'haze' } })).toBe(
			'a modifié le défaut « Voile » : catégorie « Flou » → « Voile », gravité mineur → majeur'
		);
		expect(fr_({ action: 'update', before: defect, after: moved })).toBe('a modifié le défaut « Flou » : déplacé ou redessiné');
		expect(en_({ action: 'update', before: defect, after: { ...defect, comment: 'now\nclearer' } })).toBe('changed the defect “Blur”: comment “now clearer”');
		expect(fr_({ action: 'update', before: defect, after: { ...defect, comment: '' } })).toBe('a modifié le défaut « Flou » : commentaire effacé');
		expect(fr_({ action: 'update', before: defect, after: { ...defect, updatedAt: 'x' } })).toBe('a enregistré le défaut « Flou » sans changement visible');
	});

	it('tells verdicts given, changed, withdrawn', () => {
		const v = (verdict: string, comment = '') => ({ verdict, comment, at: 'x' });
		expect(fr_({ target: 'verdict', key: '7', action: 'create', after: v('accepted') })).toBe('a donné son avis : Acceptée');
		expect(fr_({ target: 'verdict', key: '7', action: 'update', before: v('rejected'), after: v('accepted') })).toBe('a changé son avis : Refusée → Acceptée');
		expect(fr_({ target: 'verdict', key: '7', action: 'update', before: v('rejected'), after: v('rejected', 'vu') })).toBe('a modifié le commentaire de son avis (Refusée)');
		expect(en_({ target: 'verdict', key: '7', action: 'delete', before: v('cannot_tell') })).toBe('withdrew their verdict (Cannot tell)');
	});

	it('tells class corrections and walk answers with the classes by name', () => {
		const c = { featureId: 42, from: 'CS1.2.2', to: 'CS2.2.1', comment: '', author: 7, at: 'x' };
		expect(fr_({ target: 'correction', key: '42:7', action: 'create', after: c })).toBe('a proposé la classe Formations herbacées pour le polygone 42 (classé Surfaces d’eau)');
		expect(en_({ target: 'correction', key: '42:7', action: 'delete', before: c })).toBe('withdrew their class proposal for polygon 42');
		expect(fr_({ target: 'walk', key: '42:7', action: 'create', after: { featureId: 42, answer: 'other_class', to: 'CS2.2.1' } })).toBe(
			'a répondu « autre classe : Formations herbacées » pour le polygone 42 (parcours)'
		);
		expect(en_({ target: 'walk', key: '42:7', action: 'update', after: { featureId: 42, answer: 'correct' } })).toBe('answered “correct” for polygon 42 (feature walk)');
	});

	it('quotes messages, and says whose message a manager removed', () => {
		const m = { author: 9, text: 'Qui regarde la mare au nord ?', at: '2026-01-01T10:00:00Z' };
		expect(fr_({ target: 'message', key: m.at, action: 'create', after: m })).toBe('a écrit : « Qui regarde la mare au nord ? »');
		expect(fr_({ target: 'message', key: m.at, action: 'delete', before: m })).toBe('a supprimé le message de Hugo Martin : « Qui regarde la mare au nord ? »');
		expect(fr_({ target: 'message', key: m.at, action: 'delete', before: m, user: { id: 9, name: 'Hugo Martin' } })).toBe('a supprimé son message : « Qui regarde la mare au nord ? »');
	});

	it('stays readable for what it does not know', () => {
		expect(fr_({ target: 'thing' as HistoryEntry['target'], action: 'create' })).toBe('create (thing)');
		expect(fr_({ action: 'create', after: null })).toBe('a signalé un défaut «  » ()');
	});
});

describe('helpers', () => {
	it('quotes on one line, cut at 120 characters', () => {
		expect(quote('a\n\n b ')).toBe('a b');
		expect(quote('x'.repeat(200))).toHaveLength(120);
		expect(quote('x'.repeat(200)).endsWith('…')).toBe(true);
		expect(quote(42)).toBe('');
	});
	it('names the actor, or the server for a change nobody signed', () => {
		expect(historyActor(entry({}), translator('fr'))).toBe('Léa Bernard');
		expect(historyActor(entry({ user: null }), translator('fr'))).toBe('Le serveur');
	});
	it('pages back from the oldest entry of a full page', () => {
		const page = [entry({ id: 9 }), entry({ id: 5 })];
		expect(olderPageCursor(page, 2)).toBe(5);
		expect(olderPageCursor(page, 200)).toBeNull();
		expect(olderPageCursor([], 0)).toBeNull();
	});
});
