/**
 * Names of the people whose work shows on a tile. The tile document stores user ids only; names and
 * organisations come from what the server tells each reader: the presence of those connected now
 * (stamped by the server from their session), the authors of the campaign's stored defects, and the
 * organisations of the verdicts. Someone known from none of these is shown by number.
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
	#loaded = false;

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
	 * Learn the authors of the campaign's defects and the organisations of its verdicts, once (both
	 * endpoints answer readers of the reviews; a failure only leaves names unknown).
	 */
	async load(campaignId: number): Promise<void> {
		if (this.#loaded) return;
		this.#loaded = true;
		const get = async <T>(path: string): Promise<T | null> => {
			try {
				const r = await fetch(`/api/campaigns/${campaignId}/${path}`, { headers: { accept: 'application/json' } });
				return r.ok ? ((await r.json()) as T) : null;
			} catch {
				return null;
			}
		};
		const [defects, verdicts] = await Promise.all([
			get<{ features: { properties: { author: { id: number; name: string; organisation: string | null } } }[] }>('defects'),
			get<{ userId: number; organisation: string | null }[]>('verdicts')
		]);
		for (const f of defects?.features ?? []) this.learn(f.properties.author);
		for (const v of verdicts ?? []) this.learn({ id: v.userId, organisation: v.organisation });
	}
}
