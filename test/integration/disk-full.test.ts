/**
 * Uploads when the disk cannot take them: the real server with its data folder on a 8 MB tmpfs (full
 * disk: ENOSPC), and with a per-process file size limit (EFBIG, another write failure). Either way the
 * answer comes at once with a message, and nothing of the failed upload stays on disk.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readdirSync, rmdirSync, rmSync, statfsSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server.ts';

/** Mounting a tmpfs needs root (CI and the project's machines run tests as root). */
function canMount(): boolean {
	if (process.getuid?.() !== 0) return false;
	const probe = mkdtempSync(join(tmpdir(), 'recette-mount-probe-'));
	try {
		execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe]);
		execFileSync('umount', [probe]);
		return true;
	} catch {
		return false;
	} finally {
		rmdirSync(probe);
	}
}
const mountable = canMount();
if (!mountable) console.warn('disk-full.test.ts skipped: mounting a small tmpfs needs root (mount -t tmpfs).');

let disk: string;
let server: RunningServer;
let cookie = '';
const headers = (lang = 'en') => ({ 'accept-language': lang, cookie, origin: server.url, 'content-type': 'application/octet-stream' });
const free = () => statfsSync(disk).bavail * statfsSync(disk).bsize;

async function newUpload(): Promise<Response> {
	return fetch(server.url + '/api/uploads', { method: 'POST', headers: headers() });
}
const put = (uploadId: string, name: string, body: Uint8Array, lang = 'en') =>
	fetch(`${server.url}/api/uploads/${uploadId}/files/${name}`, { method: 'PUT', body: new Blob([body as Uint8Array<ArrayBuffer>]), headers: headers(lang) });

/** Everything under the uploads folder, as paths relative to it. */
function uploadsTree(): string[] {
	const root = join(disk, 'uploads');
	if (!existsSync(root)) return [];
	return readdirSync(root, { recursive: true, encoding: 'utf8' }).sort();
}

describe.skipIf(!mountable)('uploads on a full disk', () => {
	beforeAll(async () => {
		disk = mkdtempSync(join(tmpdir(), 'recette-full-'));
		execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', disk]);
		server = await startServer({ RECETTE_DB: join(disk, 'recette.db'), RECETTE_DEMO: '0' });
		const setup = await fetch(server.url + '/api/auth/setup', {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: server.url },
			body: JSON.stringify({ email: 'admin@region.fr', password: 'correct horse battery' })
		});
		expect(setup.status, await setup.clone().text()).toBe(201);
		cookie = setup.headers.getSetCookie().find((c) => c.startsWith('recette_session='))!.split(';')[0];
	}, 120_000);
	afterAll(async () => {
		await server?.stop();
		if (disk) {
			execFileSync('umount', [disk]);
			rmdirSync(disk);
		}
	});

	it('answers 507 with a message at once, and keeps nothing of the file', async () => {
		const { uploadId } = await (await newUpload()).json();
		const before = free();
		const message = 'The server’s disk is full: "ortho.tif" could not be saved and nothing of it was kept. Contact the administrator.';
		// Announced larger than the free space (Content-Length): refused before anything is written.
		const announced = await put(uploadId, 'ortho.tif', new Uint8Array(16 << 20).fill(7));
		expect(announced.status).toBe(507);
		expect(await announced.json()).toEqual({ code: 'disk_full', message });
		expect(uploadsTree()).toEqual([`${uploadId}.owner`]);

		// Sent without a length (chunked): the disk fills up while writing.
		const chunk = new Uint8Array(256 * 1024).fill(7);
		let sent = 0;
		const body = new ReadableStream<Uint8Array>({
			pull(controller) {
				if (sent++ === 64) return controller.close(); // 16 MB
				controller.enqueue(chunk);
			}
		});
		const chunked = await fetch(`${server.url}/api/uploads/${uploadId}/files/ortho.tif`, { method: 'PUT', body, duplex: 'half', headers: headers() } as RequestInit);
		expect(chunked.status).toBe(507);
		expect(await chunked.json()).toEqual({ code: 'disk_full', message });
		// No partial file, and no empty folder for an upload that holds nothing; the space is free again.
		expect(uploadsTree()).toEqual([`${uploadId}.owner`]);
		expect(free()).toBeGreaterThanOrEqual(before);

		const fr = await put(uploadId, 'ortho.tif', new Uint8Array(16 << 20), 'fr');
		expect(fr.status).toBe(507);
		expect((await fr.json()).message).toBe('Le disque du serveur est plein : « ortho.tif » n’a pas pu être enregistré et rien n’en a été conservé. Contactez l’administrateur.');

		// A file that fits is stored.
		const small = await put(uploadId, 'zones.geojson', new Uint8Array(100_000).fill(32));
		expect(small.status).toBe(201);
		expect(uploadsTree()).toEqual([uploadId, `${uploadId}.owner`, join(uploadId, 'zones.geojson')]);
	}, 30_000);

	it('refuses to start an upload, or to store a small file, when the disk is already full', async () => {
		const { uploadId } = await (await newUpload()).json();
		const treeBefore = uploadsTree();
		// Fill the disk to its last byte.
		const filler = join(disk, 'filler');
		const fd = openSync(filler, 'w');
		try {
			const block = Buffer.alloc(64 * 1024);
			for (;;) writeSync(fd, block);
		} catch (e) {
			expect((e as NodeJS.ErrnoException).code).toBe('ENOSPC');
		} finally {
			closeSync(fd);
		}
		try {
			const start = await newUpload();
			expect(start.status).toBe(507);
			expect((await start.json()).message).toMatch(/^The server’s disk is full.*Contact the administrator\.$/);
			const file = await put(uploadId, 'small.csv', new Uint8Array(10_000).fill(65));
			expect(file.status).toBe(507);
			expect(uploadsTree()).toEqual(treeBefore);
		} finally {
			rmSync(filler);
		}
		expect((await newUpload()).status).toBe(201);
	}, 30_000);

	it('cleans up after any other write failure (here: the file size limit, EFBIG) and keeps serving', async () => {
		const { uploadId } = await (await newUpload()).json();
		const treeBefore = uploadsTree();
		execFileSync('prlimit', [`--pid=${server.child.pid}`, '--fsize=1048576:unlimited']);
		try {
			const r = await put(uploadId, 'ortho.tif', new Uint8Array(3 << 20).fill(1));
			expect(r.status).toBe(500);
			const body = await r.json();
			expect(body.code).toBe('upload_write_failed');
			expect(body.message).toMatch(/^The server could not save "ortho\.tif" \(EFBIG\).*Contact the administrator\.$/);
			expect(uploadsTree()).toEqual(treeBefore);
		} finally {
			execFileSync('prlimit', [`--pid=${server.child.pid}`, '--fsize=unlimited:unlimited']);
		}
		expect((await put(uploadId, 'ortho.tif', new Uint8Array(1000).fill(1))).status).toBe(201);
		expect(server.child.exitCode).toBe(null);
	}, 30_000);
});
