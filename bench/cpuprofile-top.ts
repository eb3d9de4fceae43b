/**
 * Where a process spent its CPU: the top self-time functions of a V8 `.cpuprofile` (as written by
 * `node --cpu-prof`, e.g. through `bench/collab.ts --cpu-prof <dir>`), and the same time grouped by
 * file (package, or project file). Idle time is left out of the percentages.
 *
 *   npx tsx bench/cpuprofile-top.ts <file.cpuprofile> [--top 30]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}
interface Profile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
	startTime: number;
	endTime: number;
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '30' } } });
if (!positionals[0]) throw new Error('usage: npx tsx bench/cpuprofile-top.ts <file.cpuprofile> [--top 30]');
const profile = JSON.parse(readFileSync(positionals[0], 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));

// Self time of a node = the time deltas of the samples taken in it (a delta belongs to the sample it precedes).
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

/** Where a function lives: a package name, a project-relative path, or a V8 pseudo-frame. */
function place(url: string): string {
	if (!url) return '(native/V8)';
	const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
	if (pkg) return pkg[1];
	if (url.startsWith('node:')) return url;
	const project = /\/(server|src|build|bench)\/(.*)$/.exec(url);
	return project ? `${project[1]}/${project[2]}` : url;
}

const fns = new Map<string, number>();
const files = new Map<string, number>();
let total = 0;
let idle = 0;
for (const [id, us] of self) {
	const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
	if (functionName === '(idle)') {
		idle += us;
		continue;
	}
	total += us;
	const key = `${functionName || '(anonymous)'}  ${place(url)}${url ? `:${lineNumber + 1}` : ''}`;
	fns.set(key, (fns.get(key) ?? 0) + us);
	const file = functionName.startsWith('(') && !url ? functionName : place(url);
	files.set(file, (files.get(file) ?? 0) + us);
}

const wall = (profile.endTime - profile.startTime) / 1e6;
const top = Number(values.top);
const pct = (us: number) => ((us / total) * 100).toFixed(1).padStart(5);
console.log(`profile: ${wall.toFixed(1)} s wall, ${(total / 1e6).toFixed(1)} s busy (${((total / 1e6 / wall) * 100).toFixed(1)} % of one core), ${(idle / 1e6).toFixed(1)} s idle\n`);
console.log('self time by function (% of busy time):');
for (const [k, us] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(us)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`);
console.log('\nself time by file or package:');
for (const [k, us] of [...files].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(us)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`);
