/**
 * A manager's decisions on tiles: validate one (its review is closed: nobody changes it) or reopen
 * it (its status follows its document again). Live connections are re-checked by the request's
 * end (live-access.ts), so reviewers on a validated tile become read-only at once.
 */
import type { Rooms } from '../../../../server/collab/rooms.ts';
import type { TileStatus } from '../../review/status.ts';
import { audit, type Actor } from '../audit/audit.service.ts';
import type { Db } from '../db/db.ts';
import { InputError, NotFoundError } from '../errors.ts';
import * as repo from './review.repo.ts';
import { deriveTileStatus, rederiveCampaign, requiredVerdicts } from './tile-status.ts';

function tileRow(db: Db, campaignId: number, tileId: number): { name: string; status: TileStatus } {
	const row = repo.tileOfCampaign(db, campaignId, tileId);
	if (!row) throw new NotFoundError({ en: `Tile ${tileId} is not in this campaign.`, fr: `La tuile ${tileId} ne fait pas partie de cette campagne.` });
	return row;
}

export function validateTile(db: Db, rooms: Pick<Rooms, 'announce'>, scope: { campaignId: number; tileId: number }, actor: Actor): { status: TileStatus } {
	db.transaction(() => {
		const t = tileRow(db, scope.campaignId, scope.tileId);
		if (t.status === 'validated') throw new InputError('already_validated', { en: `Tile ${t.name} is validated already.`, fr: `La tuile ${t.name} est déjà validée.` }, 409);
		repo.markValidated(db, scope.tileId, actor.id, new Date());
		audit(db, actor, 'tile.validate', { tileId: scope.tileId, name: t.name, from: t.status }, scope.campaignId);
	});
	rooms.announce({ ...scope, status: 'validated' });
	return { status: 'validated' };
}

export function reopenTile(db: Db, rooms: Pick<Rooms, 'announce'>, scope: { campaignId: number; tileId: number }, actor: Actor): { status: TileStatus } {
	const status = db.transaction(() => {
		const t = tileRow(db, scope.campaignId, scope.tileId);
		if (t.status !== 'validated') throw new InputError('not_validated', { en: `Tile ${t.name} is not validated.`, fr: `La tuile ${t.name} n’est pas validée.` }, 409);
		repo.clearValidation(db, scope.tileId);
		const { status } = deriveTileStatus(db).get(requiredVerdicts(db, scope.campaignId), scope.tileId)!;
		audit(db, actor, 'tile.reopen', { tileId: scope.tileId, name: t.name, to: status }, scope.campaignId);
		return status;
	});
	rooms.announce({ ...scope, status });
	return { status };
}

/** After the number of verdicts a tile needs changed: every tile's status follows, and listeners hear of it. */
export function rederiveStatuses(db: Db, rooms: Pick<Rooms, 'announce'>, campaignId: number): void {
	for (const change of rederiveCampaign(db, campaignId, requiredVerdicts(db, campaignId))) rooms.announce({ campaignId, ...change });
}
