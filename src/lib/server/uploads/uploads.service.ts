import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { once } from 'node:events';
import { InputError } from '../errors.ts';
import { openLandcover } from '../landcover/open.ts';

/** Per-file upload limit in bytes (RECETTE_UPLOAD_LIMIT_MB, default 4 GiB): larger deliveries go through the CLI. */
export function uploadLimitBytes(): number {
	const mb = Number(process.env.RECETTE_UPLOAD_LIMIT_MB ?? 4096);
	return (Number.isFinite(mb) && mb > 0 ? mb : 4096) * 1024 * 1024;
}

const UPLOAD_ID = /^[0-9a-f]{32}$/;
const SAFE_NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._()+-]{0,199}$/u;

/** Bytes read and discarded after the limit is crossed, so the client gets our answer (see save()). */
const DRAIN_ALLOWANCE = 16 << 20;

/**
 * Browser uploads land in <data>/uploads/<uploadId>/ and stay there: a campaign created from them
 * keeps reading its orthophotos from that folder.
 */
export class Uploads {
	constructor(private root: string) {}

	/** Start an upload owned by a user: only they may add files to it, inspect it or import it. */
	create(ownerId: number): string {
		const id = randomBytes(16).toString('hex');
		mkdirSync(join(this.root, id), { recursive: true });
		writeFileSync(join(this.root, `${id}.owner`), String(ownerId));
		return id;
	}

	/** The same "does not exist" answer for someone else's upload as for an unknown one. */
	assertOwner(uploadId: string, userId: number): void {
		const ownerFile = join(this.root, `${uploadId}.owner`);
		if (!UPLOAD_ID.test(uploadId) || !existsSync(ownerFile) || readFileSync(ownerFile, 'utf8') !== String(userId)) {
			throw new InputError('unknown_upload', {
				en: 'This upload does not exist or has expired: start again from the form.',
				fr: 'Cet envoi de fichiers n’existe pas ou a expiré : recommencez depuis le formulaire.'
			}, 404);
		}
	}

	dir(uploadId: string): string {
		if (!UPLOAD_ID.test(uploadId) || !existsSync(join(this.root, uploadId))) {
			throw new InputError('unknown_upload', {
				en: 'This upload does not exist or has expired: start again from the form.',
				fr: 'Cet envoi de fichiers n’existe pas ou a expiré : recommencez depuis le formulaire.'
			}, 404);
		}
		return join(this.root, uploadId);
	}

	/** Absolute path of an uploaded file, refusing names that could escape the upload folder. */
	path(uploadId: string, name: string): string {
		if (!SAFE_NAME.test(name) || name.includes('..')) {
			throw new InputError('bad_file_name', {
				en: `"${name}" is not an acceptable file name (letters, digits, spaces, . _ - ( ) + only).`,
				fr: `« ${name} » n’est pas un nom de fichier accepté (lettres, chiffres, espaces et . _ - ( ) + uniquement).`
			});
		}
		return join(this.dir(uploadId), name);
	}

	/** Path of a file that must already have been uploaded. */
	existing(uploadId: string, name: string): string {
		const p = this.path(uploadId, name);
		if (!existsSync(p)) {
			throw new InputError('file_not_uploaded', {
				en: `The file "${name}" was not uploaded (or its upload did not finish).`,
				fr: `Le fichier « ${name} » n’a pas été envoyé (ou son envoi ne s’est pas terminé).`
			});
		}
		return p;
	}

	/**
	 * Stream a request body to disk, counting bytes: over the limit, the partial file is removed and a
	 * 413 tells the user the limit (never buffer a multi-GB orthophoto in memory).
	 */
	async save(uploadId: string, name: string, body: ReadableStream<Uint8Array> | null, declaredLength?: number): Promise<{ name: string; size: number }> {
		const limit = uploadLimitBytes();
		const target = this.path(uploadId, name);
		const mb = Math.round(limit / 1048576);
		const tooBig = () =>
			new InputError('upload_too_large', {
				en: `"${name}" is larger than the upload limit of ${mb} MB: import a delivery this large with the command line (recette import … --ortho <folder>).`,
				fr: `« ${name} » dépasse la taille maximale d’envoi (${mb} Mo) : importez une livraison aussi volumineuse en ligne de commande (recette import … --ortho <dossier>).`
			}, 413);
		const empty = () => new InputError('empty_upload', { en: `"${name}" is empty.`, fr: `Le fichier « ${name} » est vide.` });
		if (declaredLength !== undefined && declaredLength > limit) {
			// Refuse without writing anything; read a small overage through so the client, still
			// sending, receives the message rather than a reset. A big one is not read: answering
			// early may then reach the client as a dropped connection, which is why the browser
			// form checks the limit before sending.
			if (body && declaredLength - limit <= DRAIN_ALLOWANCE) await discard(body.getReader(), declaredLength);
			throw tooBig();
		}
		if (!body) throw empty();
		// Read the body ourselves rather than piping it: past the limit we stop reading WITHOUT
		// cancelling the request stream (cancelling makes SvelteKit destroy the socket, and a client
		// sending a chunked body would then get a connection reset instead of our 413 message).
		const partial = `${target}.part`;
		const out = createWriteStream(partial);
		// Destroying the file stream while a write is still in flight makes it emit 'error'; without
		// a listener that error would take the whole server down. Failures surface through the
		// awaited drain/end below, so the listener only has to exist.
		let writeError: Error | undefined;
		out.on('error', (e) => (writeError ??= e));
		const reader = body.getReader();
		let size = 0;
		try {
			for (;;) {
				const { done, value } = await reader.read();
				if (done) break;
				size += value.length;
				if (size > limit) {
					// Read on (discarding) a little so a client still sending a chunked body receives
					// the 413 message instead of a connection reset when it comes while the client is
					// still writing; past this allowance the socket may be dropped.
					out.destroy();
					await discard(reader, DRAIN_ALLOWANCE);
					throw tooBig();
				}
				if (!out.write(value)) await once(out, 'drain');
			}
			await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
			if (writeError) throw writeError;
		} catch (e) {
			reader.releaseLock();
			// Remove the partial file only once the stream has closed: the file may still be opening
			// (a body that fails at once), and an open finishing after the removal would recreate it.
			if (!out.closed) {
				const closed = new Promise<void>((resolve) => out.once('close', () => resolve()));
				out.destroy();
				await closed;
			}
			rmSync(partial, { force: true });
			throw e;
		}
		if (size === 0) {
			rmSync(partial, { force: true });
			throw empty();
		}
		// Rename only once complete, so an interrupted upload never looks like a finished file.
		const { renameSync } = await import('node:fs');
		renameSync(partial, target);
		return { name, size };
	}

	list(uploadId: string): { name: string; size: number }[] {
		const dir = this.dir(uploadId);
		return readdirSync(dir)
			.filter((f) => !f.endsWith('.part'))
			.map((f) => ({ name: f, size: statSync(join(dir, f)).size }));
	}

	/** What the create form needs to know about an uploaded file (fields for the class attribute, CRS…). */
	async inspect(uploadId: string, name: string) {
		const path = this.existing(uploadId, name);
		const ext = extname(name).toLowerCase();
		if (ext === '.tif' || ext === '.tiff') {
			// Lazy for the same reason as in campaigns/imagery.service.ts (geotiff → web-worker).
			const { openOrtho } = await import('../imagery/geotiff.ts');
			const o = await openOrtho(path);
			return { kind: 'ortho' as const, crs: { epsg: o.crs.epsg, name: o.crs.name }, width: o.width, height: o.height, bands: o.bands };
		}
		if (ext === '.csv' || (ext === '.json' && !/geo/i.test(name))) return { kind: 'nomenclature' as const };
		const ds = await openLandcover(path, {});
		try {
			const sampleValues: Record<string, string[]> = {};
			for (const f of ds.fields.slice(0, 30)) sampleValues[f] = ds.sampleValues(f, 8);
			return {
				kind: 'landcover' as const,
				format: ds.format,
				fields: ds.fields,
				crs: { epsg: ds.crs.epsg, name: ds.crs.name },
				featureCount: ds.featureCount,
				sampleValues
			};
		} finally {
			ds.close?.();
		}
	}
}

/** Reads and drops up to `max` more bytes of a request body (so the client sees our answer). */
async function discard(reader: ReadableStreamDefaultReader<Uint8Array>, max: number): Promise<void> {
	let discarded = 0;
	while (discarded < max) {
		const next = await reader.read();
		if (next.done) break;
		discarded += next.value.length;
	}
}
