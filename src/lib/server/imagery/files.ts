/**
 * File-handle pool for opened orthophotos: at most MAX_OPEN_FILES files stay open across all of them;
 * the least recently used idle one is closed when another must open. A delivery of thousands of
 * 1 km² tiles would otherwise exhaust the process's file descriptors.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { InputError } from '../errors.ts';
import type { OrthoHandle } from './geotiff.ts';

const MAX_OPEN_FILES = 64;
const openHandles = new Map<number, OrthoHandle>(); // insertion order = LRU order

async function acquire(h: OrthoHandle): Promise<FileHandle> {
	h.busy++;
	openHandles.delete(h.id);
	openHandles.set(h.id, h);
	try {
		if (h.fh) return h.fh;
		h.opening ??= open(h.path, 'r');
		const fh = await h.opening;
		h.fh = fh;
		h.opening = null;
		if (openHandles.size > MAX_OPEN_FILES) {
			for (const [id, other] of openHandles) {
				if (openHandles.size <= MAX_OPEN_FILES) break;
				if (other.busy === 0 && other.fh) {
					openHandles.delete(id);
					const f = other.fh;
					other.fh = null;
					f.close().catch(() => {});
				}
			}
		}
		return fh;
	} catch (e) {
		h.busy--;
		h.opening = null;
		const name = h.info.fileName;
		const why = (e as Error).message;
		throw new InputError('file_unreadable', { en: `${name} can no longer be read (${why}).`, fr: `Le fichier « ${name} » ne peut plus être lu (${why}).` }, 500);
	}
}

/**
 * Read `length` bytes at `position` of an opened orthophoto's file.
 * @returns the number of bytes read (less than length only at the end of the file)
 */
export async function readFileBytes(h: OrthoHandle, buf: Uint8Array, length: number, position: number): Promise<number> {
	const fh = await acquire(h);
	try {
		return (await fh.read(buf, 0, length, position)).bytesRead;
	} finally {
		h.busy--;
	}
}

/** Close the file now if no read is in progress (a later read reopens it). */
export async function releaseFile(h: OrthoHandle): Promise<void> {
	if (h.busy === 0 && h.fh) {
		openHandles.delete(h.id);
		const f = h.fh;
		h.fh = null;
		await f.close().catch(() => {});
	}
}

/** Number of orthophoto files currently open (for tests). */
export function openFileCount(): number {
	let n = 0;
	for (const h of openHandles.values()) if (h.fh) n++;
	return n;
}
