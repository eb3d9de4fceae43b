import { audit, type Actor } from '../audit/audit.service.ts';
import type { Db } from '../db/db.ts';
import { InputError, NotFoundError } from '../errors.ts';
import * as repo from './campaigns.repo.ts';

/**
 * Delete a campaign and everything it owns (tiles, land cover, members, assignments, invitations:
 * foreign keys cascade), in one transaction with its audit event. The person must type the
 * campaign's name: deleting is not undoable. The audit trail keeps the event (its campaign id is a
 * plain number), so the site-wide trail still says who deleted what and when.
 * Delivered files stay where they are (a CLI import reads them in place); web uploads stay in uploads/
 * until no campaign uses them, then expire like any unused upload (uploads/expiry.ts).
 */
export function deleteCampaign(
	db: Db,
	campaignId: number,
	confirmName: unknown,
	actor: Actor,
	{ demoMode, onDeleting }: { demoMode: boolean; /** Runs once the deletion is confirmed, just before it (close live connections). */ onDeleting?: () => void }
): { name: string } {
	return db.transaction(() => {
		const c = repo.campaignToDelete(db, campaignId);
		if (!c) throw new NotFoundError({ en: `Campaign ${campaignId} does not exist.`, fr: `La campagne ${campaignId} n’existe pas.` });
		if (c.isDemo && demoMode) {
			throw new InputError('demo_campaign', {
				en: 'The demo campaign cannot be deleted while the server runs in demo mode (everyone shares it).',
				fr: 'La campagne de démonstration ne peut pas être supprimée en mode démonstration (tout le monde la partage).'
			}, 409);
		}
		if (typeof confirmName !== 'string' || confirmName.trim() !== c.name) {
			throw new InputError('confirm_name', {
				en: `To delete, type the campaign's exact name: ${c.name}`,
				fr: `Pour supprimer, saisissez le nom exact de la campagne : ${c.name}`
			});
		}
		onDeleting?.();
		audit(db, actor, 'campaign.delete', { name: c.name, tiles: c.tiles }, campaignId);
		repo.deleteCampaign(db, campaignId);
		return { name: c.name };
	});
}
