import { describe, expect, it } from 'vitest';
import { defaultDisplaySettings, loadDisplaySettings, parseDisplaySettings, saveDisplaySettings, serializeDisplaySettings, type DisplaySettings } from './display-settings.ts';

describe('display settings', () => {
	it('come back as they were stored', () => {
		const settings: DisplaySettings = { landcover: { visible: false, opacity: 0.8, outlineOnly: true, outlineOpacity: 0.6 }, mode: 'side', imagery: false, references: { '3': [5, 9] } };
		expect(parseDisplaySettings(serializeDisplaySettings(settings))).toEqual(settings);
	});

	it('are the defaults when nothing or nothing readable is stored', () => {
		for (const raw of [null, undefined, '', 'not json', '42', '[]', 'null', '"text"']) expect(parseDisplaySettings(raw), String(raw)).toEqual(defaultDisplaySettings());
	});

	it('keep each valid value and drop the others', () => {
		const parsed = parseDisplaySettings(
			JSON.stringify({
				landcover: { visible: 'yes', opacity: 7, outlineOnly: true, outlineOpacity: '1' },
				mode: 'upside-down',
				imagery: 0,
				references: { '3': [5, -1, 'x', 5, 2.5, 8], abc: [1], '4': 'all', '6': [] }
			})
		);
		expect(parsed).toEqual({ landcover: { visible: true, opacity: 1, outlineOnly: true, outlineOpacity: 1 }, mode: 'single', imagery: true, references: { '3': [5, 8] } });
		expect(parseDisplaySettings('{"landcover":{"opacity":-3}}').landcover.opacity).toBe(0);
		expect(parseDisplaySettings('{"landcover":{"opacity":null}}').landcover.opacity).toBe(0.45);
	});

	it('survive a storage that refuses or throws', () => {
		const throwing = {
			getItem: () => {
				throw new Error('SecurityError');
			},
			setItem: () => {
				throw new Error('QuotaExceededError');
			}
		};
		expect(loadDisplaySettings(throwing)).toEqual(defaultDisplaySettings());
		expect(() => saveDisplaySettings(throwing, defaultDisplaySettings())).not.toThrow();
		expect(loadDisplaySettings(null)).toEqual(defaultDisplaySettings());
	});

	it('are saved and loaded through a storage', () => {
		const memory = new Map<string, string>();
		const storage = { getItem: (k: string) => memory.get(k) ?? null, setItem: (k: string, v: string) => void memory.set(k, v) };
		const settings = defaultDisplaySettings();
		settings.landcover.opacity = 0.2;
		settings.mode = 'swipe';
		saveDisplaySettings(storage, settings);
		expect(loadDisplaySettings(storage)).toEqual(settings);
	});
});
