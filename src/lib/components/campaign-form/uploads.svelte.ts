/**
 * Browser-side file uploads of the create form: one upload session (POST /api/uploads) holding every
 * file, each sent with PUT and XMLHttpRequest so the user sees per-file progress (fetch() has no
 * upload progress events).
 */
import type { InspectResult, NewUpload } from '$lib/api/types.ts';
import { readErrorMessage } from '$lib/api/client.ts';
import { uniqueName, type FileGroup } from './form.ts';

export type UploadStatus = 'uploading' | 'done' | 'failed';

/** One file being sent or sent, with reactive progress. */
export class UploadItem {
	/** Name on the server (unique within the session). */
	readonly name: string;
	readonly file: File;
	readonly group: FileGroup;
	loaded = $state(0);
	status = $state<UploadStatus>('uploading');
	/** Why the upload failed (server `message` or network error), for display. */
	error = $state<string | null>(null);
	#request: XMLHttpRequest | null = null;

	constructor(name: string, file: File, group: FileGroup) {
		this.name = name;
		this.file = file;
		this.group = group;
	}

	/** 0..1 */
	get progress(): number {
		if (this.status === 'done') return 1;
		return this.file.size > 0 ? Math.min(1, this.loaded / this.file.size) : 0;
	}

	/** Stops a running upload (removing the file from the form). */
	abort(): void {
		this.#request?.abort();
	}

	/**
	 * Sends the file; resolves when the server stored it, rejects with a user-readable message (or
	 * the codes 'aborted' / 'too_large' the field translates). A file over the server's limit is not
	 * sent at all: the server would refuse it, and for a big file it can only drop the connection
	 * (it will not read gigabytes to answer), which the browser reports as a bare network error.
	 */
	send(uploadId: string, limitBytes?: number): Promise<void> {
		this.status = 'uploading';
		this.loaded = 0;
		this.error = null;
		if (limitBytes !== undefined && this.file.size > limitBytes) {
			return new Promise((_, reject) => this.fail('too_large', reject));
		}
		return new Promise((resolve, reject) => {
			const request = new XMLHttpRequest();
			this.#request = request;
			request.open('PUT', fileUrl(uploadId, this.name));
			request.setRequestHeader('content-type', 'application/octet-stream');
			request.upload.onprogress = (event) => {
				this.loaded = event.loaded;
			};
			request.onload = () => {
				this.#request = null;
				if (request.status >= 200 && request.status < 300) {
					this.loaded = this.file.size;
					this.status = 'done';
					resolve();
				} else {
					this.fail(messageOf(request), reject);
				}
			};
			request.onerror = () => this.fail(null, reject);
			request.onabort = () => this.fail('aborted', reject);
			request.send(this.file);
		});
	}

	private fail(message: string | null, reject: (e: Error) => void) {
		this.#request = null;
		this.status = 'failed';
		this.error = message;
		reject(new Error(message ?? 'network'));
	}
}

function messageOf(request: XMLHttpRequest): string {
	try {
		const body = JSON.parse(request.responseText) as { message?: unknown };
		if (typeof body.message === 'string' && body.message) return body.message;
	} catch {
		// Not JSON: fall through to the status line.
	}
	return `${request.status} ${request.statusText}`.trim();
}

function fileUrl(uploadId: string, name: string): string {
	return `/api/uploads/${encodeURIComponent(uploadId)}/files/${encodeURIComponent(name)}`;
}

/** The upload session of one form: created lazily on the first file, shared by all inputs. */
export class UploadSession {
	id = $state<string | null>(null);
	/** Largest file the server accepts (from POST /api/uploads). */
	limitBytes = $state<number | undefined>(undefined);
	#creating: Promise<string> | null = null;
	#names = new Set<string>();

	/** The session id, creating the session on first use. */
	ensure(): Promise<string> {
		if (this.id) return Promise.resolve(this.id);
		this.#creating ??= (async () => {
			const response = await fetch('/api/uploads', { method: 'POST' });
			if (!response.ok) {
				this.#creating = null;
				throw new Error(await readErrorMessage(response));
			}
			const { uploadId, limitBytes } = (await response.json()) as NewUpload;
			this.limitBytes = limitBytes;
			this.id = uploadId;
			return uploadId;
		})();
		return this.#creating;
	}

	/** Starts sending `file`; the returned item tracks it. The promise settles when it is stored. */
	add(file: File, group: FileGroup): { item: UploadItem; done: Promise<void> } {
		const item = new UploadItem(uniqueName(file.name, this.#names), file, group);
		this.#names.add(item.name);
		const done = this.ensure().then(
			(id) => item.send(id, this.limitBytes),
			(error: Error) => {
				item.status = 'failed';
				item.error = error.message;
				throw error;
			}
		);
		return { item, done };
	}

	/** Sends a failed item again. */
	retry(item: UploadItem): Promise<void> {
		return this.ensure().then((id) => item.send(id, this.limitBytes));
	}

	/** Forgets an item (its name becomes free again; a re-added file with that name overwrites it). */
	release(item: UploadItem): void {
		item.abort();
		this.#names.delete(item.name);
	}

	/** Reads fields, CRS and feature count of an uploaded land-cover file. */
	async inspect(item: UploadItem): Promise<InspectResult> {
		const id = await this.ensure();
		const response = await fetch(`${fileUrl(id, item.name)}/inspect`);
		if (!response.ok) throw new Error(await readErrorMessage(response));
		return (await response.json()) as InspectResult;
	}
}
