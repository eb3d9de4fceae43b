/**
 * The tile page's display settings — land cover shown or not, its opacity, outlines only, the
 * comparison mode, whether the delivered imagery shows, which reference layers are on — kept in the
 * browser (localStorage) so that they survive a reload and follow the reviewer from tile to tile.
 * Pure: reading checks every value (storage is anyone's to edit) and falls back to the defaults.
 */
import { clamp, COMPARE_MODES, type CompareMode, type LandcoverDisplay } from './utils.ts';

export interface DisplaySettings {
	landcover: LandcoverDisplay;
	mode: CompareMode;
	/** The delivered orthophoto under everything (off: only the reference layers, e.g. IGN Plan). */
	imagery: boolean;
	/** Reference layers switched on, per campaign (layer ids). */
	references: Record<string, number[]>;
}

export const DISPLAY_SETTINGS_KEY = 'recette.tile.display';

export function defaultDisplaySettings(): DisplaySettings {
	return { landcover: { visible: true, opacity: 0.45, outlineOnly: false, outlineOpacity: 1 }, mode: 'single', imagery: true, references: {} };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Settings from what storage holds (a JSON string, or null): anything unreadable gives the default. */
export function parseDisplaySettings(raw: string | null | undefined): DisplaySettings {
	const out = defaultDisplaySettings();
	if (!raw) return out;
	let value: unknown;
	try {
		value = JSON.parse(raw);
	} catch {
		return out;
	}
	if (!isRecord(value)) return out;
	const lc = value.landcover;
	if (isRecord(lc)) {
		if (typeof lc.visible === 'boolean') out.landcover.visible = lc.visible;
		if (typeof lc.opacity === 'number' && Number.isFinite(lc.opacity)) out.landcover.opacity = clamp(lc.opacity, 0, 1);
		if (typeof lc.outlineOnly === 'boolean') out.landcover.outlineOnly = lc.outlineOnly;
		if (typeof lc.outlineOpacity === 'number' && Number.isFinite(lc.outlineOpacity)) out.landcover.outlineOpacity = clamp(lc.outlineOpacity, 0, 1);
	}
	if (typeof value.mode === 'string' && (COMPARE_MODES as readonly string[]).includes(value.mode)) out.mode = value.mode as CompareMode;
	if (typeof value.imagery === 'boolean') out.imagery = value.imagery;
	if (isRecord(value.references)) {
		for (const [campaign, ids] of Object.entries(value.references)) {
			if (!/^\d+$/.test(campaign) || !Array.isArray(ids)) continue;
			const valid = ids.filter((id): id is number => Number.isSafeInteger(id) && id > 0);
			if (valid.length) out.references[campaign] = [...new Set(valid)];
		}
	}
	return out;
}

/** What to store (a plain copy: the page's settings are Svelte state proxies). */
export function serializeDisplaySettings(settings: DisplaySettings): string {
	return JSON.stringify({
		landcover: {
			visible: settings.landcover.visible,
			opacity: settings.landcover.opacity,
			outlineOnly: settings.landcover.outlineOnly,
			outlineOpacity: settings.landcover.outlineOpacity ?? 1
		},
		mode: settings.mode,
		imagery: settings.imagery,
		references: settings.references
	});
}

/** Reads the stored settings (defaults without storage: private mode, blocked, server rendering). */
export function loadDisplaySettings(storage: Pick<Storage, 'getItem'> | null | undefined): DisplaySettings {
	try {
		return parseDisplaySettings(storage?.getItem(DISPLAY_SETTINGS_KEY));
	} catch {
		return defaultDisplaySettings();
	}
}

/** Stores the settings; a storage that refuses (full, private mode) only loses the memory of them. */
export function saveDisplaySettings(storage: Pick<Storage, 'setItem'> | null | undefined, settings: DisplaySettings): void {
	try {
		storage?.setItem(DISPLAY_SETTINGS_KEY, serializeDisplaySettings(settings));
	} catch {
		// Not remembered; still applies to this page.
	}
}
