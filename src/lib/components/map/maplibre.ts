/**
 * Browser-only loading of MapLibre GL JS and map bookkeeping shared by the map components.
 * Only this folder touches maplibre-gl; the library is imported dynamically so it never runs during
 * server rendering and stays out of the initial bundle of pages without a map.
 */
import type { Map as MapLibreMap, MapOptions, StyleSpecification } from 'maplibre-gl';
// maplibre-gl 6 derives its worker URL from its own module URL, which Vite's bundling rewrites; the
// worker is a self-contained file, so we ship it as an asset and point MapLibre at it explicitly.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { t } from '../../i18n/index.svelte.ts';
import { attributionHtml, bboxToBounds, IDS, mapUiStrings, MAX_ZOOM, referenceLayerId, referenceRasterLayer, referenceRasterSource, type ReferenceLayerView } from './utils.ts';
import type { LngLatBBox } from '$lib/api/types.ts';

type MapLibreModule = typeof import('maplibre-gl');

declare global {
	interface Window {
		/** Live maps keyed by role ('campaign', 'tile', 'tile-previous'), for end-to-end tests. */
		__recetteMaps?: Record<string, MapLibreMap>;
	}
}

let loading: Promise<MapLibreModule> | null = null;

/** Loads maplibre-gl once per page (browser only). */
export function loadMaplibre(): Promise<MapLibreModule> {
	loading ??= import('maplibre-gl').then((module) => {
		module.setWorkerUrl(workerUrl);
		return module;
	});
	return loading;
}

export interface CreateMapOptions {
	container: HTMLElement;
	style: StyleSpecification;
	/** Initial extent (WGS84). */
	bbox?: LngLatBBox | null;
	/** Extra attribution (e.g. the campaign's), shown next to the sources' own: plain text, never HTML. */
	attribution?: string;
	/** Padding around `bbox`, in CSS pixels. */
	padding?: number;
	/** The map's accessible name (its canvas's); "Carte" / "Map" when not given. */
	label?: string;
}

/**
 * Creates a map with Recette's defaults (compact attribution, no logo, high max zoom), its controls
 * and accessible name in the UI's language (`localizeMap` follows a later change of language).
 */
export async function createMap(options: CreateMapOptions): Promise<MapLibreMap> {
	const maplibre = await loadMaplibre();
	const mapOptions: MapOptions = {
		container: options.container,
		style: options.style,
		maxZoom: MAX_ZOOM,
		attributionControl: {
			compact: true,
			// MapLibre renders attributions as HTML; a campaign's is text typed by a manager (escaped).
			...(options.attribution?.trim() ? { customAttribution: attributionHtml(options.attribution) } : {})
		},
		// Keeps the last frame readable (canvas.toDataURL) for end-to-end pixel checks and exports.
		canvasContextAttributes: { preserveDrawingBuffer: true },
		dragRotate: false,
		pitchWithRotate: false,
		locale: mapUiStrings(t, options.label)
	};
	if (options.bbox) {
		mapOptions.bounds = bboxToBounds(options.bbox);
		mapOptions.fitBoundsOptions = { padding: options.padding ?? 24 };
	} else {
		mapOptions.center = [2.35, 46.6];
		mapOptions.zoom = 5;
	}
	const map = new maplibre.Map(mapOptions);
	map.addControl(new maplibre.NavigationControl({ showCompass: false }), 'top-right');
	map.addControl(new maplibre.ScaleControl({ unit: 'metric' }), 'bottom-left');
	map.touchZoomRotate.disableRotation();
	return map;
}

/**
 * Puts MapLibre's own words in the UI's current language on an existing map (the FR / EN switch
 * changes the language without a reload): its control tooltips and accessible labels, and the
 * canvas's accessible name (`label`). MapLibre reads its words when it builds a control, so the
 * controls already built are relabelled here.
 */
export function localizeMap(map: MapLibreMap, label?: string): void {
	const strings = mapUiStrings(t, label);
	map._locale = { ...map._locale, ...strings };
	const container = map.getContainer();
	const relabel = (selector: string, text: string) => {
		for (const element of container.querySelectorAll<HTMLElement>(selector)) {
			element.title = text;
			element.setAttribute('aria-label', text);
		}
	};
	relabel('.maplibregl-ctrl-zoom-in', strings['NavigationControl.ZoomIn']);
	relabel('.maplibregl-ctrl-zoom-out', strings['NavigationControl.ZoomOut']);
	relabel('.maplibregl-ctrl-compass', strings['NavigationControl.ResetBearing']);
	relabel('.maplibregl-ctrl-attrib-button', strings['AttributionControl.ToggleAttribution']);
	map.getCanvas().setAttribute('aria-label', strings['Map.Title']);
}

/** Publishes a map under `role` in `window.__recetteMaps`; returns the function that withdraws it. */
export function registerMap(role: string, map: MapLibreMap): () => void {
	window.__recetteMaps ??= {};
	window.__recetteMaps[role] = map;
	return () => {
		if (window.__recetteMaps?.[role] === map) delete window.__recetteMaps[role];
	};
}

/** Resolves once the style is loaded (immediately when it already is). */
export function styleLoaded(map: MapLibreMap): Promise<void> {
	if (map.isStyleLoaded()) return Promise.resolve();
	return new Promise((resolve) => map.once('load', () => resolve()));
}

/** What a component's map needs from `mountMap`. */
export interface MapMount {
	/** The name tests find the map under (`window.__recetteMaps[name]`). */
	name: string;
	/** Builds the map (usually `createMap`). */
	create: () => Promise<MapLibreMap>;
	/** Right after creation, before the style loads: controls, camera. */
	created?: (map: MapLibreMap) => void;
	/** The base imagery's tile errors, told as a message for the page (no imagery: leave out). */
	imageryProblem?: (message: string) => void;
	/** Once the style is loaded: add the component's sources and layers, then hand the map over. */
	setup: (map: MapLibreMap) => void;
	/** The map could not be built (WebGL missing, a style error…). */
	failed: (message: string) => void;
	/** The component is gone: forget the map. */
	destroyed?: () => void;
}

/**
 * The life of a map inside a component, for `onMount`: create it, watch its imagery, publish it for
 * the tests, wait for its style, then let the component add its layers — unless the component was
 * destroyed meanwhile (a quick navigation), in which case the map is removed and nothing else runs.
 * Returns the cleanup `onMount` calls.
 */
export function mountMap({ name, create, created, imageryProblem, setup, failed, destroyed }: MapMount): () => void {
	let disposed = false;
	let map: MapLibreMap | undefined;
	let unregister: (() => void) | undefined;
	(async () => {
		map = await create();
		if (disposed) return map.remove();
		created?.(map);
		if (imageryProblem) watchImageryErrors(map, IDS.imagery, imageryProblem);
		unregister = registerMap(name, map);
		await styleLoaded(map);
		if (disposed) return;
		setup(map);
	})().catch((error: Error) => failed(error.message));
	return () => {
		disposed = true;
		unregister?.();
		map?.remove();
		destroyed?.();
	};
}

/**
 * Calls `onLoaded` at the next 'idle' event, i.e. once every requested tile and GeoJSON source of the
 * current view has loaded and rendered. Returns a canceller.
 */
export function whenIdle(map: MapLibreMap, onLoaded: () => void): () => void {
	const handler = () => onLoaded();
	map.once('idle', handler);
	// Nothing may be pending (e.g. data identical to what is shown): force a frame so 'idle' fires.
	map.triggerRepaint();
	return () => map.off('idle', handler);
}

/**
 * Runs a clean-up step against a map that may already have been removed (effect tear-downs can run
 * after the component's `onMount` clean-up called `map.remove()`); such calls would throw.
 */
export function safely(step: () => void): void {
	try {
		step();
	} catch {
		// The map is gone: there is nothing left to clean.
	}
}

/**
 * Report imagery tiles the server could not render (a delivered file missing or damaged): the
 * server answers such tiles with JSON `{ message }`, which is what the reviewer needs to read.
 * Calls `onProblem` once per distinct message.
 */
export function watchImageryErrors(map: MapLibreMap, sourceId: string, onProblem: (message: string) => void): void {
	const seen = new Set<string>();
	map.on('error', async (event: { sourceId?: string; error?: { status?: number; body?: Blob; message?: string } }) => {
		if (event.sourceId !== sourceId || !event.error) return;
		let message = event.error.message ?? 'HTTP error';
		try {
			const text = await event.error.body?.text?.();
			if (text) message = (JSON.parse(text) as { message?: string }).message ?? message;
		} catch {
			// Not JSON: keep MapLibre's own message.
		}
		if (seen.has(message)) return;
		seen.add(message);
		onProblem(message);
	});
}

/**
 * Make the map's reference layers those of `layers`, bottom to top, just under `beforeId` (the land
 * cover): layers switched off are removed with their sources (their tiles are no longer fetched),
 * new ones added, and all put in order.
 */
export function syncReferenceLayers(map: MapLibreMap, layers: readonly ReferenceLayerView[], origin: string, beforeId: string): void {
	const wanted = new Set(layers.map((l) => referenceLayerId(l.id)));
	for (const layer of map.getStyle().layers ?? []) {
		if (!layer.id.startsWith('reference-') || wanted.has(layer.id)) continue;
		map.removeLayer(layer.id);
		if (map.getSource(layer.id)) map.removeSource(layer.id);
	}
	const before = map.getLayer(beforeId) ? beforeId : undefined;
	for (const layer of layers) {
		const id = referenceLayerId(layer.id);
		if (!map.getSource(id)) map.addSource(id, referenceRasterSource(layer, origin));
		if (!map.getLayer(id)) map.addLayer(referenceRasterLayer(layer.id), before);
		else map.moveLayer(id, before);
	}
}
