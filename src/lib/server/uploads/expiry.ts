/**
 * Uploads nobody uses expire, so the uploads folder cannot grow without bound (one hostile probe left
 * 598 MB). An upload is deleted once it has not been used for RECETTE_UPLOAD_MAX_AGE_HOURS (24 by
 * default: uploaded to, inspected, or imported from), unless a campaign reads files from it (its
 * orthophotos stay in the upload folder for the campaign's whole life) or an import still running
 * was given one of its files. Checked at start-up and then every hour.
 */
import { readdirSync, realpathSync, rmdirSync, rmSync, statSync, type Stats } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { Db } from '../db/db.ts';
import type { Uploads } from './uploads.service.ts';
import * as repo from './uploads.repo.ts';

const HOUR = 3600_000;

/** RECETTE_UPLOAD_MAX_AGE_HOURS in milliseconds (a positive number of hours, fractions allowed; default 24). */
export function uploadMaxAgeMs(env: NodeJS.ProcessEnv = process.env): number {
	const hours = Number(env.RECETTE_UPLOAD_MAX_AGE_HOURS ?? 24);
	return (Number.isFinite(hours) && hours > 0 ? hours : 24) * HOUR;
}

/**
 * Ids of the uploads something still reads: a campaign's orthophotos (imagery_sources.location is the
 * file's absolute path) or the request of an import not finished yet.
 */
export function uploadsInUse(db: Db, root: string): Set<string> {
	const texts = [...repo.orthophotoPaths(db), ...repo.openImportRequests(db)];
	const roots = new Set([resolve(root)]);
	try {
		roots.add(realpathSync(root));
	} catch {
		/* no uploads folder yet */
	}
	const ids = new Set<string>();
	for (const r of roots) {
		const pattern = new RegExp(`${(r + sep).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([0-9a-f]{32})`, 'g');
		for (const text of texts) for (const m of text.matchAll(pattern)) ids.add(m[1]);
	}
	return ids;
}

export interface ExpiryReport {
	/** Uploads deleted (owner file and folder). */
	expired: string[];
	/** Partial files removed: left by a server stopped during an upload. */
	partials: number;
}

/**
 * Delete the uploads of `uploads.root` unused since `now - maxAgeMs` and not in `inUse`, and the
 * partial files no upload of this process is writing. An upload's last use is the newest modification
 * time of its owner file (touched on every use), its folder and its files. Never throws: a file it
 * cannot delete is reported in the log and tried again next time.
 */
export function expireUploads(uploads: Uploads, inUse: Set<string>, { now = Date.now(), maxAgeMs = uploadMaxAgeMs() } = {}): ExpiryReport {
	const report: ExpiryReport = { expired: [], partials: 0 };
	let entries: string[];
	try {
		entries = readdirSync(uploads.root);
	} catch {
		return report; // no upload yet
	}
	const ids = new Set<string>();
	for (const e of entries) {
		const m = /^([0-9a-f]{32})(\.owner)?$/.exec(e);
		if (m) ids.add(m[1]);
	}
	for (const id of ids) {
		// A file of it is being written: in use right now, whatever its age.
		if (uploads.isWriting(id)) continue;
		try {
			const folder = join(uploads.root, id);
			const owner = statOrNull(join(uploads.root, `${id}.owner`));
			const dir = statOrNull(folder);
			const files = dir?.isDirectory() ? readdirSync(folder) : [];
			let lastUse = Math.max(owner?.mtimeMs ?? 0, dir?.mtimeMs ?? 0);
			for (const f of files) {
				if (isPartial(f)) {
					// Not being written (checked above): what a stopped server left.
					rmSync(join(folder, f), { force: true });
					report.partials++;
				} else lastUse = Math.max(lastUse, statOrNull(join(folder, f))?.mtimeMs ?? 0);
			}
			if (now - lastUse > maxAgeMs && !inUse.has(id)) {
				// The owner file last: an upload stays known until its files are gone.
				rmSync(folder, { recursive: true, force: true });
				rmSync(join(uploads.root, `${id}.owner`), { force: true });
				report.expired.push(id);
			} else if (dir?.isDirectory() && readdirSync(folder).length === 0) {
				// An upload holds a folder only while it holds a file (see Uploads.save).
				rmdirSync(folder);
			}
		} catch (e) {
			console.error(`uploads: could not clean up ${id}: ${(e as Error).message}`);
		}
	}
	return report;
}

/** `.<name>.part`, as Uploads.save names the file it is writing (no upload's name starts with a dot). */
function isPartial(file: string): boolean {
	return file.startsWith('.') && file.endsWith('.part');
}

function statOrNull(path: string): Stats | null {
	try {
		return statSync(path);
	} catch {
		return null;
	}
}

/**
 * Expire uploads now (start-up: also removes what a stopped server left half-written) and then every
 * hour, or more often when the age is shorter. Returns a function that stops the timer.
 */
export function scheduleUploadExpiry(uploads: Uploads, db: Db, maxAgeMs = uploadMaxAgeMs()): () => void {
	const run = () => {
		const { expired, partials } = expireUploads(uploads, uploadsInUse(db, uploads.root), { maxAgeMs });
		if (expired.length || partials) console.log(`Uploads: ${expired.length} unused for ${maxAgeMs / HOUR} h deleted, ${partials} partial file(s) removed.`);
	};
	run();
	const timer = setInterval(run, Math.max(60_000, Math.min(HOUR, maxAgeMs / 4)));
	timer.unref();
	return () => clearInterval(timer);
}
