/**
 * Pointing a checkpoint on the orthophoto: the pure part, shared by the page (keys, zoom, nudges) and
 * the server (the blind view's centre, the spread of several reviewers' measures, residual arrows).
 * Coordinates are in the campaign's projected CRS, metres; nothing here ever rounds them to a pixel.
 */
import { cyrb128, sfc32 } from '../sampling/random.ts';

/** A position in the campaign's CRS, metres. */
export interface XY {
	x: number;
	y: number;
}

/** Highest zoom the maps allow (map/utils.ts MAX_ZOOM: MapLibre's limit we configure). */
export const POINTING_MAX_ZOOM = 22;

/** A nudge moves the mark by this share of the orthophoto's pixel; Shift+arrow by a whole pixel. */
export const NUDGE_FRACTION = 0.1;

/** Pixel size assumed when the imagery does not say (an external service): a 20 cm orthophoto. */
export const DEFAULT_PIXEL_SIZE = 0.2;

/** Screen pixels per orthophoto pixel when pointing: each image pixel is a clearly visible square. */
export const SCREEN_PIXELS_PER_IMAGE_PIXEL = 8;

/** Equatorial circumference of Web Mercator's sphere, metres. */
const EARTH_CIRCUMFERENCE = 2 * Math.PI * 6378137;

/** Ground metres per CSS pixel of a MapLibre map (512-pixel world at zoom 0) at latitude `lat`. */
export function metresPerScreenPixel(zoom: number, lat: number): number {
	return (EARTH_CIRCUMFERENCE * Math.cos((lat * Math.PI) / 180)) / (512 * 2 ** zoom);
}

/**
 * The zoom at which one orthophoto pixel spans {@link SCREEN_PIXELS_PER_IMAGE_PIXEL} screen pixels
 * (« full resolution » and a bit more, so a click lands inside a pixel), at most the maps' limit.
 */
export function pointingZoom(pixelSize: number | null, lat: number): number {
	const px = pixelSize && pixelSize > 0 ? pixelSize : DEFAULT_PIXEL_SIZE;
	const target = px / SCREEN_PIXELS_PER_IMAGE_PIXEL;
	const z = Math.log2((EARTH_CIRCUMFERENCE * Math.cos((lat * Math.PI) / 180)) / (512 * target));
	return Math.max(0, Math.min(POINTING_MAX_ZOOM, z));
}

/** How far one arrow press moves the mark, metres: a tenth of a pixel (a whole pixel with Shift). */
export function nudgeStep(pixelSize: number | null, large = false): number {
	const px = pixelSize && pixelSize > 0 ? pixelSize : DEFAULT_PIXEL_SIZE;
	return large ? px : px * NUDGE_FRACTION;
}

/** The mark moved by one arrow key (north is up: ↑ adds to y), or null for another key. */
export function nudge(mark: XY, key: string, step: number): XY | null {
	switch (key) {
		case 'ArrowUp':
			return { x: mark.x, y: mark.y + step };
		case 'ArrowDown':
			return { x: mark.x, y: mark.y - step };
		case 'ArrowRight':
			return { x: mark.x + step, y: mark.y };
		case 'ArrowLeft':
			return { x: mark.x - step, y: mark.y };
		default:
			return null;
	}
}

export type PointingKey = { kind: 'nudge'; key: string; large: boolean } | { kind: 'keep' } | { kind: 'next' } | { kind: 'prev' };

/**
 * What a key press asks of the pointing page. `where`: 'text' in a field where one types (no
 * shortcut), 'control' on a widget that uses the arrows itself (a slider, radio group: letters only),
 * 'other' anywhere else — the map included, whose own keyboard panning is turned off while pointing.
 */
export function pointingKey(event: { key: string; shiftKey: boolean; altKey: boolean; ctrlKey: boolean; metaKey: boolean }, where: 'text' | 'control' | 'other'): PointingKey | null {
	if (event.altKey || event.ctrlKey || event.metaKey || where === 'text') return null;
	if (event.key.startsWith('Arrow')) return where === 'control' ? null : { kind: 'nudge', key: event.key, large: event.shiftKey };
	if (event.key === 'Enter') return where === 'control' ? null : { kind: 'keep' };
	if (event.key === 'n' || event.key === 'N') return { kind: 'next' };
	if (event.key === 'p' || event.key === 'P') return { kind: 'prev' };
	return null;
}

/**
 * Centre of the blind view: the reference moved by 5 to 20 orthophoto pixels in a direction drawn from
 * `seed` (secret, per checkpoint and reviewer), so the point is on screen but the screen's centre does
 * not tell where the survey puts it. The same seed always gives the same view.
 */
export function blindCentre(reference: XY, seed: string, pixelSize: number | null): XY {
	const px = pixelSize && pixelSize > 0 ? pixelSize : DEFAULT_PIXEL_SIZE;
	const rng = sfc32(...cyrb128(seed));
	const angle = rng() * 2 * Math.PI;
	const radius = (5 + rng() * 15) * px;
	return { x: reference.x + radius * Math.cos(angle), y: reference.y + radius * Math.sin(angle) };
}

export interface MeasureSpread {
	n: number;
	/** Mean position of the measures. */
	mean: XY | null;
	/** Root mean square distance of the measures to their mean, metres (0 for one). */
	rms: number | null;
	/** Largest distance between two measures, metres (0 for one). */
	maxApart: number | null;
}

/** How far apart several reviewers put the same point. */
export function measureSpread(points: readonly XY[]): MeasureSpread {
	const n = points.length;
	if (n === 0) return { n, mean: null, rms: null, maxApart: null };
	const mean = { x: points.reduce((s, p) => s + p.x, 0) / n, y: points.reduce((s, p) => s + p.y, 0) / n };
	const rms = Math.sqrt(points.reduce((s, p) => s + (p.x - mean.x) ** 2 + (p.y - mean.y) ** 2, 0) / n);
	let maxApart = 0;
	for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) maxApart = Math.max(maxApart, Math.hypot(points[i].x - points[j].x, points[i].y - points[j].y));
	return { n, mean, rms, maxApart };
}

/**
 * Exaggeration of residual arrows on a map of `extentSize` metres: a 1–2–5 number making the largest
 * residual about a twentieth of the map, at least 1. Residuals are centimetres on kilometres of map:
 * drawn true they would be invisible.
 */
export function residualExaggeration(maxResidual: number, extentSize: number): number {
	if (!(maxResidual > 0) || !(extentSize > 0)) return 1;
	const wanted = (0.05 * extentSize) / maxResidual;
	if (wanted <= 1) return 1;
	const decade = 10 ** Math.floor(Math.log10(wanted));
	const steps = [5, 2, 1];
	for (const s of steps) if (s * decade <= wanted) return s * decade;
	return decade;
}

/**
 * An arrow from `from` along the residual (dx, dy) × `k`: the shaft and a head of two barbs (25° off
 * the shaft, a quarter of its length), as line strings in the same CRS. A zero residual gives the shaft
 * alone (a point-long line) — the reference is still drawn.
 */
export function residualArrow(from: XY, dx: number, dy: number, k: number): XY[][] {
	const to = { x: from.x + k * dx, y: from.y + k * dy };
	const length = Math.hypot(to.x - from.x, to.y - from.y);
	if (length === 0) return [[from, to]];
	const back = Math.atan2(from.y - to.y, from.x - to.x);
	const barb = 0.25 * length;
	const side = (25 * Math.PI) / 180;
	const wing = (a: number) => ({ x: to.x + barb * Math.cos(a), y: to.y + barb * Math.sin(a) });
	return [
		[from, to],
		[wing(back + side), to, wing(back - side)]
	];
}
