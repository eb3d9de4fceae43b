/**
 * Messages of positional accuracy (checkpoints, pointing, seams, figures), kept in their own module so
 * the feature's words stay together; spread into `fr.ts` and `en.ts`, whose types check them like any
 * other key (same keys in both languages).
 */
import type { Message } from './translate.ts';

export const positionalFr = {
	'audit.checkpoints.import': { one: 'a importé {count} point de contrôle ({file})', other: 'a importé {count} points de contrôle ({file})' },
	'audit.checkpoint.propose': 'a proposé le point de contrôle {code}',
	'audit.checkpoint.edit': 'a modifié le point de contrôle {code}',
	'audit.checkpoint.delete': 'a supprimé le point de contrôle {code}',
	'audit.checkpoint.decide': { one: 'a statué sur {count} mesure de point de contrôle ({kept} retenue(s), {rejected} écartée(s))', other: 'a statué sur {count} mesures de points de contrôle ({kept} retenue(s), {rejected} écartée(s))' },
	'audit.seam.delete': 'a supprimé la mesure de raccord d’un relecteur'
} satisfies Record<string, Message>;

export const positionalEn: { readonly [K in keyof typeof positionalFr]: Message } = {
	'audit.checkpoints.import': { one: 'imported {count} checkpoint ({file})', other: 'imported {count} checkpoints ({file})' },
	'audit.checkpoint.propose': 'proposed the checkpoint {code}',
	'audit.checkpoint.edit': 'edited the checkpoint {code}',
	'audit.checkpoint.delete': 'deleted the checkpoint {code}',
	'audit.checkpoint.decide': { one: 'decided on {count} checkpoint measure ({kept} kept, {rejected} rejected)', other: 'decided on {count} checkpoint measures ({kept} kept, {rejected} rejected)' },
	'audit.seam.delete': 'deleted a reviewer’s seam measure'
};
