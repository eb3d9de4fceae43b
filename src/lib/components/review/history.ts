/**
 * A tile's history (`GET /api/campaigns/:id/tiles/:tileId/history`) as sentences a manager reads:
 * "a signalé un défaut « Flou » (majeur)", "a changé son avis : Refusée → Acceptée"… The person who
 * acted is shown beside the sentence. Pure: translation and names are parameters, so the page and the
 * unit tests share this code.
 */
import type { MessageKey } from '../../i18n/fr.ts';
import type { Params } from '../../i18n/translate.ts';

/** One entry of the history endpoint. */
export interface HistoryEntry {
	id: number;
	user: { id: number; name: string } | null;
	at: string;
	target: 'defect' | 'verdict' | 'correction' | 'walk' | 'message';
	key: string;
	action: 'create' | 'update' | 'delete' | 'restore';
	before: unknown;
	after: unknown;
	/** A deleted defect that is not back yet: a manager may restore it. */
	restorable: boolean;
}

export type Translate = (key: MessageKey, params?: Params) => string;

export interface HistoryContext {
	t: Translate;
	/** A defect category's label in the UI language. */
	category: (code: string) => string;
	/** A land-cover class's label in the UI language. */
	className: (code: string) => string;
	/** Someone's name, from their user id. */
	person: (id: number) => string;
}

const VERDICTS = new Set(['accepted', 'accepted_with_reservations', 'rejected', 'cannot_tell']);
const SEVERITIES = new Set(['minor', 'major', 'blocking']);
const WALK_ANSWERS = new Set(['correct', 'other_class', 'geometry_error', 'cannot_tell']);
/** Quoted text (comments, messages) is cut to this many characters. */
const QUOTE_LENGTH = 120;

const record = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Text quoted in a sentence, on one line and cut with an ellipsis. */
export function quote(value: unknown): string {
	const line = text(value).replace(/\s+/g, ' ').trim();
	return line.length > QUOTE_LENGTH ? `${line.slice(0, QUOTE_LENGTH - 1)}…` : line;
}

/** What the person did, as a sentence without its subject ("a supprimé le défaut « Flou »…"). */
export function describeHistoryEntry(entry: HistoryEntry, ctx: HistoryContext): string {
	const { t } = ctx;
	const before = record(entry.before);
	const after = record(entry.after);
	const value = entry.action === 'delete' ? before : after;
	const severity = (v: unknown) => (typeof v === 'string' && SEVERITIES.has(v) ? t(`review.severity.${v}` as MessageKey).toLocaleLowerCase() : text(v));
	const verdict = (v: unknown) => (typeof v === 'string' && VERDICTS.has(v) ? t(`review.verdict.${v}` as MessageKey) : text(v));
	const category = (v: unknown) => ctx.category(text(v));
	const feature = () => String(value.featureId ?? entry.key.split(':')[0]);

	switch (entry.target) {
		case 'defect':
			switch (entry.action) {
				case 'create':
					return t('review.history.defect.create', { category: category(after.category), severity: severity(after.severity) });
				case 'restore':
					return t('review.history.defect.restore', { category: category(after.category) });
				case 'delete':
					return typeof before.author === 'number' && entry.user?.id !== before.author
						? t('review.history.defect.deleteOf', { category: category(before.category), author: ctx.person(before.author) })
						: t('review.history.defect.delete', { category: category(before.category) });
				case 'update': {
					const changes: string[] = [];
					if (before.category !== after.category) changes.push(t('review.history.change.category', { from: category(before.category), to: category(after.category) }));
					if (before.severity !== after.severity) changes.push(t('review.history.change.severity', { from: severity(before.severity), to: severity(after.severity) }));
					if (before.comment !== after.comment) changes.push(after.comment ? t('review.history.change.comment', { text: quote(after.comment) }) : t('review.history.change.commentRemoved'));
					if (JSON.stringify(before.geometry) !== JSON.stringify(after.geometry)) changes.push(t('review.history.change.geometry'));
					const category_ = category(after.category);
					return changes.length
						? t('review.history.defect.update', { category: category_, changes: changes.join(t('review.history.separator')) })
						: t('review.history.defect.touched', { category: category_ });
				}
			}
			break;
		case 'verdict':
			switch (entry.action) {
				case 'create':
				case 'restore':
					return t('review.history.verdict.create', { verdict: verdict(after.verdict) });
				case 'update':
					return before.verdict === after.verdict
						? t('review.history.verdict.comment', { verdict: verdict(after.verdict) })
						: t('review.history.verdict.update', { from: verdict(before.verdict), to: verdict(after.verdict) });
				case 'delete':
					return t('review.history.verdict.delete', { verdict: verdict(before.verdict) });
			}
			break;
		case 'correction':
			switch (entry.action) {
				case 'create':
				case 'restore':
					return t('review.history.correction.create', { feature: feature(), from: ctx.className(text(after.from)), to: ctx.className(text(after.to)) });
				case 'update':
					return t('review.history.correction.update', { feature: feature(), to: ctx.className(text(after.to)) });
				case 'delete':
					return t('review.history.correction.delete', { feature: feature() });
			}
			break;
		case 'walk': {
			if (entry.action === 'delete') return t('review.history.walk.delete', { feature: feature() });
			const answer = text(after.answer);
			const said = WALK_ANSWERS.has(answer) ? t(`review.history.walk.${answer}` as MessageKey, { to: ctx.className(text(after.to)) }) : answer;
			return t('review.history.walk.answer', { feature: feature(), answer: said });
		}
		case 'message':
			if (entry.action === 'delete') {
				return typeof before.author === 'number' && entry.user?.id !== before.author
					? t('review.history.message.deleteOf', { author: ctx.person(before.author), text: quote(before.text) })
					: t('review.history.message.delete', { text: quote(before.text) });
			}
			return t('review.history.message.create', { text: quote(after.text) });
	}
	return t('review.history.unknown', { action: entry.action, target: entry.target });
}

/** The person who acted, or who the server says it was (a removed account, the server itself). */
export function historyActor(entry: HistoryEntry, t: Translate): string {
	return entry.user ? entry.user.name : t('review.history.system');
}

/** The id to ask the next (older) page with (`?before=`), or null when this page was the last. */
export function olderPageCursor(page: readonly HistoryEntry[], pageSize: number): number | null {
	return page.length >= pageSize && page.length > 0 ? page[page.length - 1].id : null;
}
