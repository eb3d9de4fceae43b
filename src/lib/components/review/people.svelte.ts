/**
 * Names of the people whose work shows on a tile. The tile document stores user ids only; names and
 * organisations come from the server: the campaign's members (`GET /api/campaigns/:id/people`), the
 * authors of its stored defects (someone who has left the campaign since), and the presence of those
 * connected now (stamped by the server from their session).
 */
import { SvelteMap } from 'svelte/reactivity';

export interface KnownPerson {
	id: number;
	name: string | null;
	organisation: string | null;
	color: string | null;
}

export class People {
	#known = new SvelteMap<number, KnownPerson>();
	#loading = false;
	/** The members list has been read (until then, an unknown id may just not be loaded yet). */
	loaded = $state(false);

	/** Remember what is known about someone (missing facts keep what was known). */
	learn(person: { id: number; name?: string | null; organisation?: string | null; color?: string | null }): void {
		const before = this.#known.get(person.id);
		const next: KnownPerson = {
			id: person.id,
			name: person.name || before?.name || null,
			organisation: person.organisation ?? before?.organisation ?? null,
			color: person.color ?? before?.color ?? null
		};
		if (before && before.name === next.name && before.organisation === next.organisation && before.color === next.color) return;
		this.#known.set(person.id, next);
	}

	get(id: number): KnownPerson | undefined {
		return this.#known.get(id);
	}

	/**
	 * How to name someone: their name; `loading` while the members are not read yet; `unknown` for an
	 * id nobody knows (an account that left the campaign and has no stored defect).
	 */
	name(id: number, words: { loading: string; unknown: string }): string {
		return this.#known.get(id)?.name ?? (this.loaded ? words.unknown : words.loading);
	}

	/**
	 * Learn the campaign's members, then the authors of its defects who are members no more, once
	 * (both endpoints answer readers of the reviews; a failure only leaves names unknown).
	 */
	async load(campaignId: number): Promise<void> {
		if (this.#loading) return;
		this.#loading = true;
		const get = async <T>(path: string): Promise<T | null> => {
			try {
				const r = await fetch(`/api/campaigns/${campaignId}/${path}`, { headers: { accept: 'application/json' } });
				return r.ok ? ((await r.json()) as T) : null;
			} catch {
				return null;
			}
		};
		const [members, defects] = await Promise.all([
			get<{ id: number; name: string; organisation: string | null }[]>('people'),
			get<{ features: { properties: { author: { id: number; name: string; organisation: string | null } } }[] }>('defects')
		]);
		for (const m of members ?? []) this.learn(m);
		for (const f of defects?.features ?? []) if (!this.#known.has(f.properties.author.id)) this.learn(f.properties.author);
		this.loaded = true;
	}
}
