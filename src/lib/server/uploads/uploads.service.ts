import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statfsSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError, type Localized } from '../errors.ts';
import { inspectOrtho, kindByName, type Inspection } from './inspect.ts';
import { offThread } from './off-thread.ts';

/** POST /api/uploads: where to PUT the files, and how large each may be. */
export interface NewUpload {
	uploadId: string;
	/** Per-file limit in bytes. */
	limitBytes: number;
}

/** Per-file upload limit in bytes (RECETTE_UPLOAD_LIMIT_MB, default 4 GiB): larger deliveries go through the CLI. */
export function uploadLimitBytes(): number {
	const mb = Number(process.env.RECETTE_UPLOAD_LIMIT_MB ?? 4096);
	return (Number.isFinite(mb) && mb > 0 ? mb : 4096) * 1024 * 1024;
}

const UPLOAD_ID = /^[0-9a-f]{32}$/;
const SAFE_NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._()+-]{0,199}$/u;

/** Bytes of a refused body (too large, disk full, name busy) read and dropped, so a client still sending gets our answer (see save()). */
const DRAIN_ALLOWANCE = 16 << 20;

/** The same "does not exist" answer for an unknown, expired or someone else's upload. */
function unknownUpload(): InputError {
	return new InputError('unknown_upload', {
		en: 'This upload does not exist or has expired: start again from the form.',
		fr: 'Cet envoi de fichiers n’existe pas ou a expiré : recommencez depuis le formulaire.'
	}, 404);
}

/** 409 for a second upload of a name while the first is still being written. */
function uploadInProgress(name: string): InputError {
	return new InputError('upload_in_progress', {
		en: `"${name}" is already being uploaded: wait for that upload to finish, or send this file under another name.`,
		fr: `« ${name} » est déjà en cours d’envoi : attendez la fin de cet envoi, ou envoyez ce fichier sous un autre nom.`
	}, 409);
}

/** Node's error for a failed system call (it names the call and its code). */
function isSystemError(e: unknown): e is NodeJS.ErrnoException & { code: string } {
	return e instanceof Error && typeof (e as NodeJS.ErrnoException).syscall === 'string' && typeof (e as NodeJS.ErrnoException).code === 'string';
}

/** A failure of our own disk access, told apart from a client that went away while sending. */
class DiskError extends Error {
	constructor(readonly cause: NodeJS.ErrnoException & { code: string }) {
		super(cause.message);
	}
}

/** Runs file-system calls, marking their system errors as DiskError. */
async function onDisk<T>(fn: () => Promise<T>): Promise<T> {
	try {
		return await fn();
	} catch (e) {
		throw isSystemError(e) ? new DiskError(e) : e;
	}
}

/** 507: the disk cannot take the file. Logged: only the administrator can free space. */
function diskFull(what: Localized): InputError {
	console.error(`upload: the disk is full, ${what.en} was refused`);
	return new InputError('disk_full', {
		en: `The server’s disk is full: ${what.en} could not be saved and nothing of it was kept. Contact the administrator.`,
		fr: `Le disque du serveur est plein : ${what.fr} n’a pas pu être enregistré et rien n’en a été conservé. Contactez l’administrateur.`
	}, 507);
}

/** Bytes an unprivileged process may still write where `path` lives (Infinity when unknown). */
function freeBytes(path: string): number {
	try {
		const fs = statfsSync(path);
		return fs.bavail * fs.bsize;
	} catch {
		return Infinity;
	}
}

/**
 * A failed disk write as the user should hear it: a full disk (or quota) is 507 and names the cure
 * (the administrator frees space); any other failure is the server's fault, 500, with the system's
 * code for the administrator. Both are logged: only the administrator can act on them.
 */
function writeFailure(e: NodeJS.ErrnoException & { code: string }, what: Localized): InputError {
	if (e.code === 'ENOSPC' || e.code === 'EDQUOT') return diskFull(what);
	console.error(`upload: ${e.code} while saving ${what.en}: ${e.message}`);
	return new InputError('upload_write_failed', {
		en: `The server could not save ${what.en} (${e.code}) and kept nothing of it. Contact the administrator.`,
		fr: `Le serveur n’a pas pu enregistrer ${what.fr} (${e.code}) et n’en a rien conservé. Contactez l’administrateur.`
	}, 500);
}

/**
 * Browser uploads: `<data>/uploads/<uploadId>.owner` (who may use it) and, from its first stored file
 * on, the folder `<data>/uploads/<uploadId>/`. A campaign created from an upload keeps reading its
 * orthophotos from that folder; uploads nothing uses expire (expiry.ts).
 *
 * A file is written to a hidden partial file (`.<name>.part`, a name no upload can have) and renamed
 * once complete, so an interrupted upload never looks like a finished file; one writer per name at a
 * time (a second one gets 409), and a failed write leaves nothing behind.
 */
export class Uploads {
	/** `<uploadId>/<name>` of the files being written by this process. */
	private writing = new Set<string>();

	constructor(readonly root: string) {}

	/** Start an upload owned by a user: only they may add files to it, inspect it or import it. */
	create(ownerId: number): string {
		const id = randomBytes(16).toString('hex');
		const ownerFile = join(this.root, `${id}.owner`);
		try {
			mkdirSync(this.root, { recursive: true });
			writeFileSync(ownerFile, String(ownerId), { flag: 'wx' });
		} catch (e) {
			// A full disk can let the file be created and then refuse its content.
			rmSync(ownerFile, { force: true });
			if (isSystemError(e)) throw writeFailure(e, { en: 'the upload', fr: 'l’envoi' });
			throw e;
		}
		return id;
	}

	/**
	 * The same "does not exist" answer for someone else's upload as for an unknown one. Using an upload
	 * counts as activity: it postpones its expiry.
	 */
	assertOwner(uploadId: string, userId: number): void {
		const ownerFile = join(this.root, `${uploadId}.owner`);
		if (!UPLOAD_ID.test(uploadId) || !existsSync(ownerFile) || readFileSync(ownerFile, 'utf8') !== String(userId)) throw unknownUpload();
		try {
			const now = new Date();
			utimesSync(ownerFile, now, now);
		} catch {
			/* only delays expiry: never worth failing the request */
		}
	}

	/** The upload's folder (which exists only once a file was stored in it). */
	dir(uploadId: string): string {
		if (!UPLOAD_ID.test(uploadId) || !existsSync(join(this.root, `${uploadId}.owner`))) throw unknownUpload();
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

	/** Is a file of this upload being written right now (by this process)? */
	isWriting(uploadId: string, name?: string): boolean {
		if (name !== undefined) return this.writing.has(`${uploadId}/${name}`);
		for (const key of this.writing) if (key.startsWith(`${uploadId}/`)) return true;
		return false;
	}

	/**
	 * Stream a request body to disk, counting bytes: over the limit, the partial file is removed and a
	 * 413 tells the user the limit (never buffer a multi-GB orthophoto in memory). A second upload of a
	 * name still being written gets a 409; a full disk a 507.
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
		// A file announced larger than the free space would fail anyway, and filling the disk to its
		// last byte on the way would make every other write of the server fail meanwhile.
		if (declaredLength !== undefined && declaredLength > freeBytes(this.root)) {
			return refuseUpload(body, diskFull({ en: `"${name}"`, fr: `« ${name} »` }));
		}
		const key = `${uploadId}/${name}`;
		// Two writers of one file would interleave their bodies: the first one keeps the name.
		if (this.writing.has(key)) return refuseUpload(body, uploadInProgress(name));
		this.writing.add(key);
		try {
			return await this.write(uploadId, name, target, body, limit, tooBig, empty);
		} finally {
			this.writing.delete(key);
		}
	}

	/** save() once the name is ours: write `.<name>.part`, then rename it; on any failure, remove what was written. */
	private async write(
		uploadId: string,
		name: string,
		target: string,
		body: ReadableStream<Uint8Array>,
		limit: number,
		tooBig: () => InputError,
		empty: () => InputError
	): Promise<{ name: string; size: number }> {
		const folder = join(this.root, uploadId);
		const partial = join(folder, `.${name}.part`);
		// Read the body ourselves rather than piping it: past the limit we stop reading WITHOUT
		// cancelling the request stream (cancelling makes SvelteKit destroy the socket, and a client
		// sending a chunked body would then get a connection reset instead of our 413 message).
		const reader = body.getReader();
		let file: FileHandle | undefined;
		let created = false;
		let size = 0;
		try {
			await onDisk(async () => {
				mkdirSync(folder, { recursive: true });
				// 'wx': never share a partial file with another writer (another server process on the same data).
				file = await open(partial, 'wx');
			});
			created = true;
			for (;;) {
				const { done, value } = await reader.read();
				if (done) break;
				size += value.length;
				if (size > limit) {
					// Read on (discarding) a little so a client still sending a chunked body receives
					// the 413 message instead of a connection reset; past this allowance the socket may be dropped.
					await discard(reader, DRAIN_ALLOWANCE);
					throw tooBig();
				}
				// A write may store only part of the chunk (the disk filling up): write the rest, which
				// then fails with the reason instead of silently losing bytes.
				await onDisk(async () => {
					for (let at = 0; at < value.length; ) at += (await file!.write(value, at, value.length - at)).bytesWritten;
				});
			}
			await onDisk(() => file!.close());
			file = undefined;
			if (size === 0) throw empty();
			// Rename only once complete, so an interrupted upload never looks like a finished file.
			await onDisk(async () => renameSync(partial, target));
			return { name, size };
		} catch (e) {
			await file?.close().catch(() => {});
			if (created) rmSync(partial, { force: true });
			removeIfEmpty(folder);
			if (!(e instanceof DiskError)) throw e;
			const error = e.cause.code === 'EEXIST' && !created ? uploadInProgress(name) : writeFailure(e.cause, { en: `"${name}"`, fr: `« ${name} »` });
			// The client is probably still sending: read a little of the rest so it gets the message.
			await discard(reader, DRAIN_ALLOWANCE).catch(() => {});
			throw error;
		} finally {
			reader.releaseLock();
		}
	}

	/** The upload's stored files (not those still being written). */
	list(uploadId: string): { name: string; size: number }[] {
		const dir = this.dir(uploadId);
		if (!existsSync(dir)) return [];
		return readdirSync(dir)
			.filter((f) => !f.startsWith('.') && !f.endsWith('.part'))
			.map((f) => ({ name: f, size: statSync(join(dir, f)).size }));
	}

	/**
	 * What the create form needs to know about an uploaded file (fields for the class attribute, CRS…).
	 * Land cover is read in a worker thread: a GeoJSON is parsed whole, which must not stall other requests.
	 */
	inspect(uploadId: string, name: string): Promise<Inspection> {
		const path = this.existing(uploadId, name);
		const kind = kindByName(path);
		if (kind === 'ortho') return inspectOrtho(path);
		if (kind === 'nomenclature') return Promise.resolve({ kind });
		return offThread('inspect', { path });
	}
}

/** Removes an upload folder that holds nothing (an upload exists without one until its first file). */
function removeIfEmpty(folder: string): void {
	try {
		rmdirSync(folder);
	} catch {
		/* not empty (another file of the upload), or already gone */
	}
}

/**
 * Refuse an upload whose body is still coming: read (and drop) a little of it first, so a client still
 * sending receives the answer on a connection it may go on using, instead of a reset.
 */
export async function refuseUpload(body: ReadableStream<Uint8Array> | null, error: InputError): Promise<never> {
	if (body) await discard(body.getReader(), DRAIN_ALLOWANCE).catch(() => {});
	throw error;
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
