/**
 * The state of the positional accuracy page: the checkpoint list, the one being pointed, the
 * reviewer's mark (campaign CRS, full precision), a seam measure in progress, a proposal. The page and
 * its panels read it; every change to the server goes through its methods.
 */
import type { CheckpointList, CheckpointSummary, CheckpointView, ImportResult } from '$lib/server/positional/checkpoints.service.ts';
import type { SeamView } from '$lib/server/positional/seams.service.ts';
import { t } from '$lib/i18n/index.svelte.ts';
import { nudge, nudgeStep, pointingZoom, type XY } from '$lib/positional/pointing.ts';
import { projection, type Projection } from '$lib/positional/projection.ts';
import { send } from '../../api/client.ts';

export type PanelMode = 'point' | 'seam' | 'propose' | 'none';

export interface Notice {
	kind: 'error' | 'success' | 'info';
	text: string;
}

export class PositionalSession {
	readonly campaignId: number;
	list = $state.raw<CheckpointList>({ crs: { epsg: 0, name: '', proj4: '' }, pixelSize: null, checkpoints: [] });
	/** The checkpoint being pointed, as the server describes it to this viewer. */
	detail = $state.raw<CheckpointView | null>(null);
	/** The reviewer's mark, not saved yet (or moved since it was), in the campaign's CRS. */
	mark = $state<XY | null>(null);
	mode = $state<PanelMode>('point');
	busy = $state(false);
	notice = $state<Notice | null>(null);
	seams = $state.raw<SeamView[]>([]);
	seamA = $state<XY | null>(null);
	seamB = $state<XY | null>(null);
	seamComment = $state('');
	/** The point a reviewer is proposing. */
	candidate = $state<XY | null>(null);
	#projection: Projection | null = null;

	constructor(campaignId: number, list: CheckpointList | null) {
		this.campaignId = campaignId;
		if (list) this.setList(list);
	}

	get projection(): Projection | null {
		return this.#projection;
	}

	/** Checkpoints this viewer may point, in identifier order. */
	get pointable(): CheckpointSummary[] {
		return this.list.checkpoints.filter((c) => c.mayPoint);
	}

	/** Position of the current checkpoint in `pointable` (−1 when none). */
	get index(): number {
		const id = this.detail?.id;
		return id === undefined ? -1 : this.pointable.findIndex((c) => c.id === id);
	}

	/** How far one arrow press moves a mark, metres. */
	step(large = false): number {
		return nudgeStep(this.list.pixelSize, large);
	}

	/** The map view for the current checkpoint: its blind centre, zoomed to full resolution. */
	get view(): { key: string; lng: number; lat: number; zoom: number } | null {
		const d = this.detail;
		if (!d) return null;
		return { key: `checkpoint-${d.id}`, lng: d.view.lng, lat: d.view.lat, zoom: pointingZoom(this.list.pixelSize, d.view.lat) };
	}

	toLngLat(p: XY): { lng: number; lat: number } | null {
		if (!this.#projection) return null;
		const [lng, lat] = this.#projection.toLngLat(p.x, p.y);
		return { lng, lat };
	}

	setList(list: CheckpointList): void {
		this.list = list;
		if (!this.#projection && list.crs.proj4) this.#projection = projection(list.crs.proj4);
	}

	async refreshList(): Promise<void> {
		this.setList(await send<CheckpointList>('GET', `/api/campaigns/${this.campaignId}/checkpoints`));
	}

	async #run<T>(work: () => Promise<T>, success?: (result: T) => string): Promise<T | undefined> {
		this.busy = true;
		try {
			const result = await work();
			this.notice = success ? { kind: 'success', text: success(result) } : null;
			return result;
		} catch (e) {
			this.notice = { kind: 'error', text: (e as Error).message };
			return undefined;
		} finally {
			this.busy = false;
		}
	}

	/** Open a checkpoint for pointing; its mark is the viewer's saved measure, if any. */
	async select(id: number): Promise<void> {
		const d = await this.#run(() => send<CheckpointView>('GET', `/api/campaigns/${this.campaignId}/checkpoints/${id}`));
		if (!d) return;
		this.detail = d;
		this.mark = null;
		this.notice = null;
	}

	async move(delta: 1 | -1): Promise<void> {
		const list = this.pointable;
		if (!list.length) return;
		const next = this.index < 0 ? (delta > 0 ? 0 : list.length - 1) : this.index + delta;
		if (next < 0 || next >= list.length) return;
		await this.select(list[next].id);
	}

	/** A click on the map, in the map's longitude/latitude: where it lands depends on the mode. */
	clickAt(lng: number, lat: number): void {
		if (!this.#projection) return;
		const p = this.#projection.fromLngLat(lng, lat);
		if (this.mode === 'point' && this.detail?.mayPoint) this.mark = p;
		else if (this.mode === 'seam') {
			if (!this.seamA || this.seamB) {
				this.seamA = p;
				this.seamB = null;
			} else this.seamB = p;
		} else if (this.mode === 'propose') this.candidate = p;
	}

	/** An arrow key: moves the mark (or the last seam click, or the candidate) by a tenth of a pixel. */
	nudge(key: string, large: boolean): boolean {
		const step = this.step(large);
		if (this.mode === 'point') {
			const from = this.mark ?? this.savedPosition;
			const moved = from && nudge(from, key, step);
			if (moved) this.mark = moved;
			return !!moved;
		}
		if (this.mode === 'seam') {
			const which = this.seamB ? 'seamB' : 'seamA';
			const moved = this[which] && nudge(this[which]!, key, step);
			if (moved) this[which] = moved;
			return !!moved;
		}
		if (this.mode === 'propose' && this.candidate) {
			const moved = nudge(this.candidate, key, step);
			if (moved) this.candidate = moved;
			return !!moved;
		}
		return false;
	}

	/** The viewer's saved position for the current checkpoint. */
	get savedPosition(): XY | null {
		const mine = this.detail?.mine;
		return mine && mine.status === 'pointed' && mine.x !== null && mine.y !== null ? { x: mine.x, y: mine.y } : null;
	}

	/** Save the mark as the viewer's measure (Enter). */
	async keep(): Promise<void> {
		const d = this.detail;
		const mark = this.mark;
		if (!d || !mark || this.busy) return;
		const saved = await this.#run(() => send<CheckpointView>('PUT', `/api/campaigns/${this.campaignId}/checkpoints/${d.id}/measure`, { x: mark.x, y: mark.y }), () => t('positional.point.saved', { code: d.code }));
		if (saved) await this.#afterMeasure(saved);
	}

	async notVisible(): Promise<void> {
		const d = this.detail;
		if (!d || this.busy) return;
		const saved = await this.#run(() => send<CheckpointView>('PUT', `/api/campaigns/${this.campaignId}/checkpoints/${d.id}/measure`, { notVisible: true }), () => t('positional.point.savedNotVisible', { code: d.code }));
		if (saved) await this.#afterMeasure(saved);
	}

	async #afterMeasure(saved: CheckpointView): Promise<void> {
		this.detail = saved;
		this.mark = null;
		await this.refreshList();
	}

	/** Manager: keep or reject measures (one, or all pending ones). */
	async decide(decisions: { checkpointId: number; userId: number; decision: 'kept' | 'rejected' | 'pending' }[]): Promise<void> {
		if (!decisions.length) return;
		const done = await this.#run(() => send('POST', `/api/campaigns/${this.campaignId}/checkpoints/decisions`, { decisions }), () => t('positional.decide.done', { count: decisions.length }));
		if (done === undefined) return;
		await this.refreshList();
		if (this.detail) this.detail = await send<CheckpointView>('GET', `/api/campaigns/${this.campaignId}/checkpoints/${this.detail.id}`);
	}

	async loadSeams(): Promise<void> {
		this.seams = (await this.#run(() => send<SeamView[]>('GET', `/api/campaigns/${this.campaignId}/seams`))) ?? this.seams;
	}

	async saveSeam(): Promise<void> {
		const [a, b] = [this.seamA, this.seamB];
		if (!a || !b || this.busy) return;
		const saved = await this.#run(() => send<SeamView>('POST', `/api/campaigns/${this.campaignId}/seams`, { a, b, comment: this.seamComment }), (s) => t('positional.seam.saved', { cm: Math.round(s.distance * 1000) / 10 }));
		if (!saved) return;
		this.seamA = this.seamB = null;
		this.seamComment = '';
		await this.loadSeams();
	}

	async deleteSeam(id: number): Promise<void> {
		const done = await this.#run(() => send('DELETE', `/api/campaigns/${this.campaignId}/seams/${id}`));
		if (done !== undefined) await this.loadSeams();
	}

	async propose(description: string): Promise<boolean> {
		const c = this.candidate;
		if (!c) return false;
		const made = await this.#run(() => send<{ id: number; code: string }>('POST', `/api/campaigns/${this.campaignId}/checkpoints`, { x: c.x, y: c.y, description }), (r) => t('positional.propose.done', { code: r.code }));
		if (!made) return false;
		this.candidate = null;
		await this.refreshList();
		return true;
	}

	/** Manager: import a CSV or GeoPackage (sent as the body; `epsg` for a CSV in another CRS). */
	async importFile(file: File, epsg: string, layer: string): Promise<boolean> {
		const params = new URLSearchParams({ name: file.name });
		if (epsg.trim()) params.set('epsg', epsg.trim());
		if (layer.trim()) params.set('layer', layer.trim());
		const r = await this.#run(
			() => send<ImportResult>('POST', `/api/campaigns/${this.campaignId}/checkpoints/import?${params}`, file, 'application/octet-stream'),
			(r) => t('positional.import.done', { count: r.imported + r.completed, crs: `EPSG:${r.crs.epsg}` })
		);
		if (!r) return false;
		await this.refreshList();
		return true;
	}

	async deleteCheckpoint(id: number): Promise<void> {
		const done = await this.#run(() => send('DELETE', `/api/campaigns/${this.campaignId}/checkpoints/${id}`));
		if (done === undefined) return;
		if (this.detail?.id === id) this.detail = null;
		await this.refreshList();
	}

	/** Manager: give a proposed point its surveyed position (campaign CRS). */
	async survey(id: number, x: number, y: number): Promise<void> {
		const done = await this.#run(() => send('PATCH', `/api/campaigns/${this.campaignId}/checkpoints/${id}`, { x, y }), () => t('positional.survey.done'));
		if (done !== undefined) await this.refreshList();
	}
}
