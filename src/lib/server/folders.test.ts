/**
 * The server's folders are layers: a feature may use the folders below it, never one that uses it
 * back (audit/ below the features that record events, people/ below campaigns/, which writes the
 * first manager through it…). A cycle between folders would mean neither can be understood, tested
 * or changed alone; this reads every import (type-only ones too) and names the cycle if one appears.
 * Files directly in src/lib/server/ count one by one (errors.ts is below everything, app.ts above).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = import.meta.dirname;

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return sourceFiles(path);
		return /\.(ts|js)$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
	});
}

/** A folder of src/lib/server, or the file itself for files at its top. */
function unit(path: string): string {
	const [first, ...rest] = relative(ROOT, path).split('/');
	return rest.length ? `${first}/` : first;
}

/** unit → units it imports from (static, dynamic and type-only imports alike). */
function importGraph(): Map<string, Map<string, string>> {
	const graph = new Map<string, Map<string, string>>();
	for (const file of sourceFiles(ROOT)) {
		const text = readFileSync(file, 'utf8');
		for (const m of text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g)) {
			const spec = m[1];
			const target = spec.startsWith('$lib/server/') ? join(ROOT, spec.slice('$lib/server/'.length)) : spec.startsWith('.') ? resolve(dirname(file), spec) : null;
			if (!target || !target.startsWith(ROOT + '/')) continue;
			const [from, to] = [unit(file), unit(target)];
			if (from === to) continue;
			if (!graph.has(from)) graph.set(from, new Map());
			// One example import per edge, for the message.
			if (!graph.get(from)!.has(to)) graph.get(from)!.set(to, `${relative(ROOT, file)} → ${spec}`);
		}
	}
	return graph;
}

/** Strongly connected groups of more than one unit (Tarjan). */
function cycles(graph: Map<string, Map<string, string>>): string[][] {
	let counter = 0;
	const index = new Map<string, number>();
	const low = new Map<string, number>();
	const stack: string[] = [];
	const found: string[][] = [];
	const visit = (v: string) => {
		index.set(v, counter);
		low.set(v, counter++);
		stack.push(v);
		for (const w of graph.get(v)?.keys() ?? []) {
			if (!index.has(w)) {
				visit(w);
				low.set(v, Math.min(low.get(v)!, low.get(w)!));
			} else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
		}
		if (low.get(v) === index.get(v)) {
			const group: string[] = [];
			let w: string;
			do group.push((w = stack.pop()!));
			while (w !== v);
			if (group.length > 1) found.push(group.sort());
		}
	};
	for (const v of graph.keys()) if (!index.has(v)) visit(v);
	return found;
}

describe('server folders', () => {
	it('import each other without cycles', () => {
		const graph = importGraph();
		const explained = cycles(graph).map((group) =>
			group.flatMap((a) => group.filter((b) => graph.get(a)?.has(b)).map((b) => `${a} → ${b} (${graph.get(a)!.get(b)})`))
		);
		expect(explained).toEqual([]);
	});

	it('finds a cycle when there is one (the check itself works)', () => {
		const graph = new Map([
			['campaigns/', new Map([['audit/', 'x']])],
			['audit/', new Map([['campaigns/', 'y']])],
			['db/', new Map()]
		]);
		expect(cycles(graph)).toEqual([['audit/', 'campaigns/']]);
	});

	it('keeps audit/ below the features that record events', () => {
		expect([...(importGraph().get('audit/')?.keys() ?? [])].sort()).toEqual(['db/', 'errors.ts']);
	});
});
