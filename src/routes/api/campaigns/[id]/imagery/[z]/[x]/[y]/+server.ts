import { json } from '@sveltejs/kit';
import type { Vintage } from '$lib/server/campaigns/imagery.service.ts';
import { InputError } from '$lib/server/errors.ts';
import { api, apiLocale, CAMPAIGN, guard, idParam } from '$lib/server/http.ts';

const Y = /^(\d+)(?:\.(png|webp))?$/;

/**
 * Web-Mercator XYZ tile of the delivered orthophotos: /imagery/{z}/{x}/{y}[.png|.webp]
 * ?vintage=current|previous or ?round=<n> (a later review round's files) &size=256|512
 * (&format=png|webp when there is no extension).
 */
export const GET = api(async (event) => {
	const { params, url, locals } = event;
	const campaignId = idParam(params.id, CAMPAIGN);
	guard(event, 'campaign.view', { campaignId });
	const m = Y.exec(params.y ?? '');
	const z = Number(params.z);
	const x = Number(params.x);
	if (!m || !/^\d+$/.test(params.z ?? '') || !/^\d+$/.test(params.x ?? '') || z > 24) {
		throw new InputError('bad_tile', {
			en: 'Tile coordinates must be /{z}/{x}/{y} with whole numbers (z ≤ 24).',
			fr: 'Les coordonnées de la tuile doivent être de la forme /{z}/{x}/{y}, en nombres entiers (z ≤ 24).'
		});
	}
	const y = Number(m[1]);
	const n = 2 ** z;
	if (x >= n || y >= n) {
		throw new InputError('bad_tile', {
			en: `Tile ${z}/${x}/${y} does not exist: at zoom ${z}, x and y go up to ${n - 1}.`,
			fr: `La tuile ${z}/${x}/${y} n’existe pas : au niveau de zoom ${z}, x et y vont jusqu’à ${n - 1}.`
		});
	}
	const format = (m[2] ?? url.searchParams.get('format') ?? 'png') as string;
	if (format !== 'png' && format !== 'webp') {
		throw new InputError('bad_format', { en: 'Image format must be png or webp.', fr: 'Le format d’image doit être png ou webp.' });
	}
	const size = Number(url.searchParams.get('size') ?? 256);
	if (size !== 256 && size !== 512) {
		throw new InputError('bad_size', { en: 'Tile size must be 256 or 512.', fr: 'La taille de la tuile doit être 256 ou 512.' });
	}
	let vintage: Vintage = (url.searchParams.get('vintage') ?? 'current') as Vintage;
	if (vintage !== 'current' && vintage !== 'previous') {
		throw new InputError('bad_vintage', {
			en: 'vintage must be current or previous.',
			fr: 'Le paramètre vintage (millésime) doit valoir current (millésime actuel) ou previous (millésime précédent).'
		});
	}
	// ?round=2: the files a later review round brought (src/lib/server/rounds/rounds.service.ts).
	const round = url.searchParams.get('round');
	if (round !== null) {
		if (!/^[2-9]$|^[1-9]\d{1,3}$/.test(round) || url.searchParams.has('vintage')) {
			throw new InputError('bad_round', {
				en: 'round must be the number of a review round from 2 on, without vintage.',
				fr: 'Le paramètre round doit être le numéro d’un tour de relecture à partir de 2, sans le paramètre vintage.'
			});
		}
		vintage = `round-${Number(round)}`;
	}

	let img: Buffer | null;
	try {
		img = await locals.services.imagery.tile(campaignId, vintage, z, x, y, size, format);
	} catch (e) {
		// A missing or damaged delivery file: say which, so the manager can fix it; never crash.
		const locale = apiLocale(event);
		if (e instanceof InputError) return json({ message: e.localized(locale), code: e.code }, { status: e.status === 404 ? 404 : 422 });
		const err = e as NodeJS.ErrnoException;
		if (err.code === 'ENOENT' || err.code === 'EACCES') {
			const message = {
				en: `An orthophoto file of this campaign cannot be read: ${err.message}`,
				fr: `Un fichier d’orthophoto de cette campagne ne peut pas être lu : ${err.message}`
			};
			return json({ message: message[locale], code: 'imagery_unreadable' }, { status: 422 });
		}
		throw e;
	}
	const headers = { 'cache-control': 'private, max-age=3600' };
	if (!img) return new Response(null, { status: 204, headers });
	return new Response(new Uint8Array(img), { headers: { ...headers, 'content-type': `image/${format}` } });
});
