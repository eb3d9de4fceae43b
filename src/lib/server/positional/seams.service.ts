/**
 * Offsets across tile and mosaic seams: a reviewer clicks the same feature (a road marking, a kerb) on
 * both sides of a seam; the vector between the clicks is how far the two images disagree there
 * (article 8.5 of the decree of 16 September 2003, « qualité géométrique du mosaïquage »). Reviewers
 * add and delete their own; a manager may delete any (recorded in the audit trail).
 */
import { seamOffset } from '../../stats/positional.ts';
import { audit, type Actor } from '../audit/audit.service.ts';
import type { Db } from '../db/db.ts';
import { ForbiddenError, InputError, NotFoundError } from '../errors.ts';
import { campaignFrame, mayPointOn, tilesAt, type Viewer } from './checkpoints.service.ts';
import * as repo from './checkpoints.repo.ts';

/** Longest offset accepted, metres: two clicks further apart are not on the same feature. */
export const MAX_SEAM_OFFSET = 50;

export interface SeamInput {
	a: { x: number; y: number };
	b: { x: number; y: number };
	comment?: string;
}

export interface SeamView {
	id: number;
	userId: number;
	name: string;
	organisation: string | null;
	a: { x: number; y: number };
	b: { x: number; y: number };
	dx: number;
	dy: number;
	distance: number;
	azimuthDeg: number | null;
	tile: { id: number; name: string } | null;
	comment: string;
	at: string;
}

function seamView(s: repo.SeamWithPeople): SeamView {
	const o = seamOffset({ id: String(s.id), a: { x: s.ax, y: s.ay }, b: { x: s.bx, y: s.by } });
	return {
		id: s.id,
		userId: s.userId,
		name: s.userName || s.userEmail || `#${s.userId}`,
		organisation: s.organisationName,
		a: { x: s.ax, y: s.ay },
		b: { x: s.bx, y: s.by },
		dx: o.dx,
		dy: o.dy,
		distance: o.distance,
		azimuthDeg: o.azimuthDeg,
		tile: s.tileId !== null && s.tileName !== null ? { id: s.tileId, name: s.tileName } : null,
		comment: s.comment,
		at: s.at.toISOString()
	};
}

/** Every seam measure of the campaign, oldest first. */
export function listSeams(db: Db, campaignId: number): SeamView[] {
	campaignFrame(db, campaignId);
	return repo.listSeams(db, campaignId).map(seamView);
}

/**
 * Record a seam offset. Both clicks must be on the campaign's tiles, one of them on a tile the
 * reviewer reviews, and at most {@link MAX_SEAM_OFFSET} apart.
 */
export function addSeam(db: Db, campaignId: number, viewer: Viewer, input: SeamInput): SeamView {
	const frame = campaignFrame(db, campaignId);
	const at = (p: { x: number; y: number }) => (Number.isFinite(p.x) && Number.isFinite(p.y) ? tilesAt(frame.tiles, p.x, p.y) : []);
	const ta = at(input.a);
	const tb = at(input.b);
	if (!ta.length || !tb.length) {
		throw new InputError('outside_tiles', {
			en: `Both clicks must be on the campaign's tiles (coordinates in EPSG:${frame.crs.epsg}).`,
			fr: `Les deux clics doivent être sur les tuiles de la campagne (coordonnées en EPSG:${frame.crs.epsg}).`
		});
	}
	const distance = Math.hypot(input.b.x - input.a.x, input.b.y - input.a.y);
	if (distance > MAX_SEAM_OFFSET) {
		throw new InputError('seam_too_long', {
			en: `The two clicks are ${Math.round(distance)} m apart: a seam offset joins the same feature on both sides (at most ${MAX_SEAM_OFFSET} m).`,
			fr: `Les deux clics sont à ${Math.round(distance)} m l’un de l’autre : un décalage de raccord relie le même objet de part et d’autre (${MAX_SEAM_OFFSET} m au plus).`
		});
	}
	if (!mayPointOn(db, campaignId, viewer.grant, [...ta, ...tb].map((t) => t.id))) {
		throw new ForbiddenError({ en: 'This seam is not on a tile you review.', fr: 'Ce raccord n’est pas sur une tuile que vous relisez.' }, 'not_your_tile');
	}
	const comment = (input.comment ?? '').trim();
	if ([...comment].length > 2000) throw new InputError('text_too_long', { en: 'The comment is longer than 2000 characters.', fr: 'Le commentaire dépasse 2000 caractères.' });
	const id = repo.insertSeam(db, {
		campaignId,
		userId: viewer.userId,
		organisationId: viewer.grant.organisationIds[0] ?? null,
		ax: input.a.x,
		ay: input.a.y,
		bx: input.b.x,
		by: input.b.y,
		tileId: ta[0].id,
		comment,
		at: new Date()
	});
	return listSeams(db, campaignId).find((s) => s.id === id)!;
}

/** Delete a seam measure: its author, or a manager (audited). */
export function deleteSeam(db: Db, campaignId: number, id: number, viewer: Viewer, actor: Actor): void {
	const seam = repo.getSeam(db, campaignId, id);
	if (!seam) throw new NotFoundError({ en: `Seam measure ${id} does not exist in this campaign.`, fr: `La mesure de raccord ${id} n’existe pas dans cette campagne.` });
	const manager = viewer.grant.isAdmin || viewer.grant.role === 'manager';
	if (seam.userId !== viewer.userId && !manager) {
		throw new ForbiddenError({ en: 'Only its author or a manager may delete a seam measure.', fr: 'Seuls son auteur ou un gestionnaire peuvent supprimer une mesure de raccord.' });
	}
	db.$client.transaction(() => {
		repo.deleteSeam(db, campaignId, id);
		if (seam.userId !== viewer.userId) audit(db, actor, 'seam.delete', { seamId: id, userId: seam.userId }, campaignId);
	})();
}
