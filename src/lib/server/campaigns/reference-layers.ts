/**
 * A campaign's reference layers: web map services (XYZ, WMS, WMTS) a manager adds so that reviewers
 * can switch them on over the imagery — IGN Plan, the cadastre, commune boundaries… Nothing is
 * fetched unless a layer is configured here: the app stays offline by default, and a campaign page's
 * Content-Security-Policy allows exactly these layers' origins (src/lib/server/access/csp.ts).
 */
import { z } from 'zod';
import { imageryOrigin, serviceTileUrls } from '../../geo/services.ts';
import { audit, type Actor } from '../audit/audit.service.ts';
import type { Db } from '../db/db.ts';
import { InputError, NotFoundError } from '../errors.ts';
import { requireCampaign } from './campaigns.service.ts';

export type ReferenceLayerKind = 'xyz' | 'wms' | 'wmts';

/** One reference layer as the API gives it: what was configured, and the URL templates MapLibre fills in. */
export interface ReferenceLayer {
	id: number;
	kind: ReferenceLayerKind;
	url: string;
	layer: string | null;
	label: string;
	/** Plain text (shown escaped, linked only to the service's own address). */
	attribution: string;
	/** MapLibre raster-source URL templates. */
	tiles: string[];
	createdAt: string;
}

/** A campaign holds at most this many reference layers (each one is a switch on the tile page). */
export const MAX_REFERENCE_LAYERS = 20;

/** `POST /api/campaigns/:id/reference-layers`. Messages are "English|French" (see describeIssues). */
export const referenceLayerSchema = z
	.object({
		kind: z.enum(['xyz', 'wms', 'wmts'], 'Choose the kind of service: xyz, wms or wmts.|Choisissez le type de service : xyz, wms ou wmts.'),
		url: z
			.string('Give the service’s address.|Indiquez l’adresse du service.')
			.trim()
			.min(1, 'Give the service’s address.|Indiquez l’adresse du service.')
			.max(2000, 'The address is too long (2,000 characters at most).|L’adresse est trop longue (2 000 caractères au plus).'),
		layer: z
			.string()
			.trim()
			.max(200, 'The layer name is too long (200 characters at most).|Le nom de couche est trop long (200 caractères au plus).')
			.optional()
			.nullable(),
		label: z
			.string('Give the layer a name.|Donnez un nom à la couche.')
			.trim()
			.min(1, 'Give the layer a name.|Donnez un nom à la couche.')
			.max(100, 'The name is too long (100 characters at most).|Le nom est trop long (100 caractères au plus).'),
		attribution: z
			.string()
			.trim()
			.max(300, 'The attribution is too long (300 characters at most).|L’attribution est trop longue (300 caractères au plus).')
			.optional()
	})
	.strict();

export type ReferenceLayerInput = z.infer<typeof referenceLayerSchema>;

interface Row {
	id: number;
	kind: ReferenceLayerKind;
	url: string;
	layer: string | null;
	label: string;
	attribution: string;
	created_at: number;
}

function toLayer(r: Row): ReferenceLayer {
	return {
		id: r.id,
		kind: r.kind,
		url: r.url,
		layer: r.layer,
		label: r.label,
		attribution: r.attribution,
		// Reference layers are plans and overlays (transparent): PNG, which WMTS publish them in.
		tiles: serviceTileUrls({ kind: r.kind, url: r.url, layer: r.layer, format: 'image/png' }),
		createdAt: new Date(r.created_at).toISOString()
	};
}

/** The campaign's reference layers, in the order they were added. */
export function listReferenceLayers(db: Db, campaignId: number): ReferenceLayer[] {
	requireCampaign(db, campaignId);
	const rows = db.$client
		.prepare('SELECT id, kind, url, layer, label, attribution, created_at FROM reference_layers WHERE campaign_id = ? ORDER BY id')
		.all(campaignId) as Row[];
	return rows.map(toLayer);
}

/**
 * Add a reference layer (managers). The address must be an http(s) URL whose host is a plain host
 * name or IP address — the one kind of origin a page's Content-Security-Policy can allow — and an XYZ
 * template must carry {z}, {x} and {y}; WMS, and WMTS without a template, need the layer's name.
 */
export function addReferenceLayer(db: Db, campaignId: number, input: ReferenceLayerInput, actor: Actor): ReferenceLayer {
	requireCampaign(db, campaignId);
	const url = input.url;
	if (!/^https?:\/\//i.test(url) || imageryOrigin(url) === null) {
		throw new InputError('reference_layer_url', {
			en: `"${short(url)}" is not an http:// or https:// address of a map service.`,
			fr: `« ${short(url)} » n’est pas une adresse http:// ou https:// de service cartographique.`
		});
	}
	const layer = input.layer?.trim() || null;
	const template = /\{(z|TileMatrix)\}/.test(url);
	if (input.kind === 'xyz' && !(/\{z\}/.test(url) && /\{x\}/.test(url) && /\{y\}/.test(url))) {
		throw new InputError('reference_layer_template', {
			en: 'An XYZ address must contain {z}, {x} and {y} (e.g. https://tiles.example.org/{z}/{x}/{y}.png).',
			fr: 'Une adresse XYZ doit contenir {z}, {x} et {y} (par exemple https://tuiles.exemple.fr/{z}/{x}/{y}.png).'
		});
	}
	if (!layer && (input.kind === 'wms' || (input.kind === 'wmts' && !template))) {
		throw new InputError('reference_layer_layer', {
			en: `A ${input.kind.toUpperCase()} service needs the name of the layer to show (as its capabilities list it).`,
			fr: `Un service ${input.kind.toUpperCase()} a besoin du nom de la couche à afficher (tel que ses capacités le donnent).`
		});
	}
	return db.$client.transaction(() => {
		const count = db.$client.prepare('SELECT count(*) FROM reference_layers WHERE campaign_id = ?').pluck().get(campaignId) as number;
		if (count >= MAX_REFERENCE_LAYERS) {
			throw new InputError(
				'reference_layer_limit',
				{
					en: `A campaign has at most ${MAX_REFERENCE_LAYERS} reference layers: remove one first.`,
					fr: `Une campagne a au plus ${MAX_REFERENCE_LAYERS} couches de référence : retirez-en une d’abord.`
				},
				409
			);
		}
		const row = db.$client
			.prepare(
				`INSERT INTO reference_layers (campaign_id, kind, url, layer, label, attribution, created_by, created_at)
				 VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, kind, url, layer, label, attribution, created_at`
			)
			.get(campaignId, input.kind, url, layer, input.label, input.attribution ?? '', actor.id, Date.now()) as Row;
		audit(db, actor, 'reference_layer.add', { layerId: row.id, label: row.label, kind: row.kind, origin: imageryOrigin(url) }, campaignId);
		return toLayer(row);
	})();
}

/** Remove one of the campaign's reference layers (managers). */
export function removeReferenceLayer(db: Db, campaignId: number, layerId: number, actor: Actor): void {
	requireCampaign(db, campaignId);
	db.$client.transaction(() => {
		const row = db.$client.prepare('SELECT label FROM reference_layers WHERE id = ? AND campaign_id = ?').get(layerId, campaignId) as { label: string } | undefined;
		if (!row) {
			throw new NotFoundError({
				en: `Reference layer ${layerId} is not in this campaign.`,
				fr: `La couche de référence ${layerId} ne fait pas partie de cette campagne.`
			});
		}
		db.$client.prepare('DELETE FROM reference_layers WHERE id = ?').run(layerId);
		audit(db, actor, 'reference_layer.remove', { layerId, label: row.label }, campaignId);
	})();
}

/** A value quoted in a message, shortened (it may be anything a person pasted). */
function short(text: string): string {
	return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}
