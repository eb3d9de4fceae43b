/**
 * The review as the HTTP API gives it: defects (GeoJSON), verdicts, a tile's history, and a manager's
 * restore of a deleted defect. Reads come from the projections; changes go through the rooms
 * registry, like a reviewer's, so they are stored before anyone sees them.
 */
import * as Y from 'yjs';
import type { Rooms } from '../../../../server/collab/rooms.ts';
import type { DefectGeometry } from '../../review/document.ts';
import type { Severity } from '../../review/catalogue.ts';
import { audit, type Actor } from '../audit/audit.service.ts';
import type { Db } from '../db/db.ts';
import { InputError, NotFoundError } from '../errors.ts';
import * as repo from './review.repo.ts';

export interface DefectProperties {
	tileId: number;
	tileName: string;
	category: string;
	severity: Severity;
	comment: string;
	author: { id: number; name: string; organisation: string | null };
	createdAt: string;
	updatedAt: string | null;
}

export interface DefectFeature {
	type: 'Feature';
	id: string;
	geometry: DefectGeometry;
	properties: DefectProperties;
}

/** `GET /api/campaigns/:id/defects`: every defect of the campaign (or of one tile), WGS84. */
export function defectsGeoJson(db: Db, campaignId: number, tileId?: number): { type: 'FeatureCollection'; features: DefectFeature[] } {
	return {
		type: 'FeatureCollection',
		features: repo.listDefects(db, campaignId, tileId).map((d) => ({
			type: 'Feature',
			id: d.id,
			geometry: JSON.parse(d.geometry) as DefectGeometry,
			properties: {
				tileId: d.tileId,
				tileName: d.tileName,
				category: d.category,
				severity: d.severity,
				comment: d.comment,
				author: { id: d.authorId, name: d.authorName || d.authorEmail || `#${d.authorId}`, organisation: d.organisation },
				createdAt: d.createdAt,
				updatedAt: d.updatedAt
			}
		}))
	};
}

export interface VerdictEntry {
	tileId: number;
	userId: number;
	organisation: string | null;
	verdict: string;
	comment: string;
	at: string;
}

/** `GET /api/campaigns/:id/verdicts`. */
export function verdictList(db: Db, campaignId: number): VerdictEntry[] {
	return repo.listVerdicts(db, campaignId);
}

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

/** `GET /api/campaigns/:id/tiles/:tileId/history`: newest first. */
export function tileHistory(db: Db, tileId: number, before?: number): HistoryEntry[] {
	return repo.tileHistory(db, tileId, before).map((h) => ({
		id: h.id,
		user: h.userId === null ? null : { id: h.userId, name: h.userName ?? `#${h.userId}` },
		at: new Date(h.at).toISOString(),
		target: h.target,
		key: h.key,
		action: h.action,
		before: h.before,
		after: h.after,
		restorable: h.target === 'defect' && h.action === 'delete' && !repo.defectExists(db, tileId, h.key)
	}));
}

/**
 * Bring a deleted defect back, as it was just before its deletion. Recorded in the history as a
 * restore by the manager; stored, then relayed to everyone on the tile.
 */
export async function restoreDefect(db: Db, rooms: Rooms, scope: { campaignId: number; tileId: number }, defectId: string, actor: Actor): Promise<void> {
	if (repo.defectExists(db, scope.tileId, defectId)) {
		throw new InputError('defect_present', { en: 'This defect is on the tile already.', fr: 'Ce défaut est déjà sur la tuile.' }, 409);
	}
	const value = repo.lastDeletedDefect(db, scope.tileId, defectId);
	if (!value) throw new NotFoundError({ en: `No deleted defect "${defectId}" on this tile.`, fr: `Aucun défaut supprimé « ${defectId} » sur cette tuile.` });
	await rooms.change(
		scope,
		actor.id,
		(maps) => {
			const entry = new Y.Map<unknown>();
			for (const [k, v] of Object.entries(value)) entry.set(k, v);
			maps.defects.set(defectId, entry);
		},
		true
	);
	const name = repo.tileName(db, scope.tileId);
	audit(db, actor, 'defect.restore', { tileId: scope.tileId, name, defectId, category: value.category }, scope.campaignId);
}
