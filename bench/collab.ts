/**
 * Real-time review under load: N simulated reviewers over M tiles (N/M per tile), each adding or
 * editing one of their defects about every 2 s (±25 %), through the real y-websocket client — first
 * against Recette's production server (every update committed to SQLite before it is relayed), then
 * the same load against Hocuspocus 3 storing every update in SQLite (better-sqlite3 in
 * `onStoreDocument`, debounce 0, the whole document per name, as its SQLite extension does).
 *
 *   npm run build && npx tsx bench/collab.ts [--clients 500 --tiles 100 --seconds 60]
 *        [--warmup 10] [--drain 10] [--only ours|hocuspocus] [--tile-size 250]
 *        [--cpu-prof <dir>] [--samples <file.csv>]
 *
 * Ours runs on a fresh temporary database: the demo delivery's land cover cut into 250 m tiles (300
 * tiles), one partner organisation to which every tile is assigned, N reviewers of it with a session
 * each (made with the project's own services, no password). Hocuspocus gets the same edits on
 * documents of the same shape (it checks nothing), in a database with the same pragmas (WAL,
 * synchronous = NORMAL). Note: Hocuspocus relays an update before its store runs; better-sqlite3 is
 * synchronous, so that store then holds Hocuspocus's event loop (its own SQLite extension, on the
 * asynchronous `sqlite3` package, would run the SQL on libuv's thread pool; the encoding stays on
 * the main thread either way).
 *
 * Latency: from the sender's change (just before its `transact`) to each peer's `observeDeep` on the
 * defects map seeing it. All the clients of a tile live in the same client process, so sender and
 * peers share one clock (`performance.now()`). Clients run in 2 child processes, server(s) in their
 * own; everything on loopback. Edits sent during the warm-up are excluded from the latency figures;
 * `lost` counts, over the whole run, every (edit, peer) pair whose peer's document still lacks the
 * edit after a drain period (read from the peer's state vector, so it does not depend on observers).
 * Server CPU % = (utime + stime over the measured window, from /proc/<pid>/stat) ÷ wall time; RSS is
 * the highest VmRSS sampled during that window.
 *
 * `--cpu-prof <dir>` writes V8 CPU profiles of each server process into <dir>/recette/ and
 * <dir>/hocuspocus/ (read them with bench/cpuprofile-top.ts).
 */
import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = join(import.meta.dirname, '..');
const SELF = join(import.meta.dirname, 'collab.ts');

const { values: args } = parseArgs({
	options: {
		clients: { type: 'string', default: '500' },
		tiles: { type: 'string', default: '100' },
		seconds: { type: 'string', default: '60' },
		warmup: { type: 'string', default: '10' },
		/** The longest wait, after the last edit, for peers to catch up before counting losses. */
		drain: { type: 'string', default: '10' },
		'tile-size': { type: 'string', default: '250' },
		only: { type: 'string' },
		'cpu-prof': { type: 'string' },
		/** Write every latency sample (target, sent at, latency) to this CSV file. */
		samples: { type: 'string' },
		// Internal: what this process is (the bench itself, a client process, the Hocuspocus server).
		role: { type: 'string', default: 'bench' },
		db: { type: 'string' }
	}
});

/** Mean interval between two edits of one reviewer, and the jitter around it. */
const EDIT_EVERY_MS = 2000;
const JITTER = 0.25;

type Target = 'ours' | 'hocuspocus';

/** One simulated reviewer, as the bench hands it to a client process. */
interface ClientPlan {
	index: number;
	userId: number;
	/** Session cookie (ours only). */
	cookie: string;
	tileId: number;
	/** Tile extent in WGS84 [west, south, east, north]. */
	bounds: [number, number, number, number];
}

type ToWorker =
	| { type: 'setup'; target: Target; url: string; campaignId: number; clients: ClientPlan[]; categories: string[] }
	| { type: 'run'; warmupMs: number; measureMs: number; drainMs: number }
	| { type: 'exit' };

interface WorkerResult {
	/** Latencies (ms) of edits sent in the measured window, one per peer that saw the edit. */
	latencies: number[];
	/** When each of those edits was sent (ms since the start of the run), same order. */
	sentAt: number[];
	editsMeasured: number;
	editsTotal: number;
	/** Defects created (the rest of the edits modify one). */
	added: number;
	/** (edit, peer) pairs still missing after the drain. */
	lost: number;
	expected: number;
	/** Connections the server closed (code → count). */
	closes: Record<string, number>;
}

type FromWorker = { type: 'connected'; ms: number } | { type: 'result'; result: WorkerResult } | { type: 'error'; message: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ─── Client process ──────────────────────────────────────────────────────────────────────────────

async function clientProcess(): Promise<void> {
	const Y = await import('yjs');
	const { default: WebSocket } = await import('ws');
	const { WebsocketProvider } = await import('y-websocket');
	const { HocuspocusProvider, HocuspocusProviderWebsocket } = await import('@hocuspocus/provider');
	const { roomServerUrl } = await import('../src/lib/collab/room.ts');
	const { SEVERITIES } = await import('../src/lib/review/catalogue.ts');

	// The bench process is gone: so are we (never leave a client process behind).
	process.on('disconnect', () => process.exit(0));
	// Each y-websocket provider listens to the process's 'exit' (to say goodbye): hundreds here.
	process.setMaxListeners(0);

	interface Edit {
		/** The sender's clock after the edit: a peer has it once its state vector reaches this. */
		end: number;
		t0: number;
		measured: boolean;
		remaining: number;
	}
	interface Sim {
		plan: ClientPlan;
		doc: import('yjs').Doc;
		destroy: () => void;
		peers: Sim[];
		own: string[];
		seq: number;
		timer: NodeJS.Timeout | null;
	}

	const sims: Sim[] = [];
	/** Edits by sender (Yjs client id), in clock order. */
	const sent = new Map<number, Edit[]>();
	const closes: Record<string, number> = {};
	const latencies: number[] = [];
	const sentAt: number[] = [];
	let categories: string[] = [];
	let runStart = 0;
	let window: [number, number] = [0, 0];
	let editing = false;
	let editsMeasured = 0;
	let editsTotal = 0;
	let added = 0;
	let outstanding = 0;

	const send = (m: FromWorker) => process.send!(m);

	/** A peer's observer saw a remote transaction: every edit it brought in is delivered now. */
	function observed(tr: import('yjs').Transaction): void {
		if (tr.local) return;
		const now = performance.now();
		for (const [client, after] of tr.afterState) {
			const before = tr.beforeState.get(client) ?? 0;
			if (after <= before) continue;
			const list = sent.get(client);
			if (!list) continue;
			// First edit whose end is past `before` (binary search: the list is in clock order).
			let lo = 0;
			let hi = list.length;
			while (lo < hi) {
				const mid = (lo + hi) >> 1;
				if (list[mid].end <= before) lo = mid + 1;
				else hi = mid;
			}
			for (let i = lo; i < list.length && list[i].end <= after; i++) {
				const e = list[i];
				if (e.measured) {
					latencies.push(now - e.t0);
					sentAt.push(e.t0 - runStart);
				}
				e.remaining--;
				outstanding--;
			}
		}
	}

	function join(target: Target, url: string, campaignId: number, plan: ClientPlan): Promise<Sim> {
		const doc = new Y.Doc();
		const sim: Sim = { plan, doc, destroy: () => {}, peers: [], own: [], seq: 0, timer: null };
		doc.getMap('defects').observeDeep((_events, tr) => observed(tr));
		const closed = (code: number) => (closes[code] = (closes[code] ?? 0) + 1);
		return new Promise<Sim>((resolvePromise, reject) => {
			const timeout = setTimeout(() => reject(new Error(`client ${plan.index} (tile ${plan.tileId}) did not sync within 60 s`)), 60_000);
			const synced = () => {
				clearTimeout(timeout);
				resolvePromise(sim);
			};
			if (target === 'ours') {
				// The browser's way in: session cookie and our own Origin on the handshake.
				class SignedInSocket extends WebSocket {
					constructor(address: string, protocols?: string | string[]) {
						super(address, protocols, { headers: { cookie: plan.cookie, origin: url } });
					}
				}
				const provider = new WebsocketProvider(roomServerUrl(url, campaignId), String(plan.tileId), doc, {
					WebSocketPolyfill: SignedInSocket as unknown as typeof globalThis.WebSocket,
					disableBc: true
				});
				provider.on('connection-close', (e) => e && closed(e.code));
				provider.once('sync', synced);
				sim.destroy = () => provider.destroy();
			} else {
				// One websocket per reviewer, as a browser tab would have.
				const socket = new HocuspocusProviderWebsocket({ url: url.replace(/^http/, 'ws'), WebSocketPolyfill: WebSocket });
				const provider = new HocuspocusProvider({ websocketProvider: socket, name: `tile-${plan.tileId}`, document: doc, onSynced: synced });
				provider.attach();
				provider.on('close', (e: { event: { code: number } }) => closed(e.event.code));
				sim.destroy = () => {
					provider.destroy();
					socket.destroy();
				};
			}
		});
	}

	function randomGeometry([w, s, e, n]: [number, number, number, number]) {
		const dx = (e - w) * 0.05;
		const dy = (n - s) * 0.05;
		const x = w + (e - w) * (0.1 + 0.8 * Math.random());
		const y = s + (n - s) * (0.1 + 0.8 * Math.random());
		const kind = Math.random();
		if (kind < 0.5) return { type: 'Point', coordinates: [x, y] };
		if (kind < 0.75) return { type: 'LineString', coordinates: [[x, y], [x + dx, y + dy / 2], [x + dx * 1.5, y - dy]] };
		return { type: 'Polygon', coordinates: [[[x, y], [x + dx, y], [x + dx, y + dy], [x, y + dy], [x, y]]] };
	}

	/** Add a defect (as its author) or edit one of our own, the way the tile page does: one transaction. */
	function edit(sim: Sim): void {
		const { doc, plan } = sim;
		const seq = ++sim.seq;
		const defects = doc.getMap('defects');
		const at = new Date().toISOString();
		const geometry = randomGeometry(plan.bounds);
		const comment = `Défaut ${seq} du relecteur ${plan.index} (banc d’essai)`;
		const severity = SEVERITIES[seq % SEVERITIES.length];
		const category = categories[(plan.index + seq) % categories.length];
		const t0 = performance.now();
		if (sim.own.length < 3 || Math.random() < 0.2) {
			const id = `bench-${plan.index}-${seq}`;
			doc.transact(() => {
				const m = new Y.Map<unknown>();
				m.set('geometry', geometry);
				m.set('category', category);
				m.set('severity', severity);
				m.set('comment', comment);
				m.set('author', plan.userId);
				m.set('createdAt', at);
				defects.set(id, m);
			});
			sim.own.push(id);
			added++;
		} else {
			const m = defects.get(sim.own[Math.floor(Math.random() * sim.own.length)]) as import('yjs').Map<unknown>;
			doc.transact(() => {
				m.set('geometry', geometry);
				m.set('severity', severity);
				m.set('comment', comment);
				m.set('updatedAt', at);
				m.set('updatedBy', plan.userId);
			});
		}
		const measured = t0 - runStart >= window[0] && t0 - runStart < window[1];
		let list = sent.get(doc.clientID);
		if (!list) sent.set(doc.clientID, (list = []));
		list.push({ end: Y.getState(doc.store, doc.clientID), t0, measured, remaining: sim.peers.length });
		outstanding += sim.peers.length;
		editsTotal++;
		if (measured) editsMeasured++;
	}

	function schedule(sim: Sim, delay: number): void {
		sim.timer = setTimeout(() => {
			if (!editing) return;
			edit(sim);
			schedule(sim, EDIT_EVERY_MS * (1 - JITTER + 2 * JITTER * Math.random()));
		}, delay);
	}

	process.on('message', async (m: ToWorker) => {
		try {
			if (m.type === 'setup') {
				categories = m.categories;
				const t = performance.now();
				// A few at a time, as people arrive: 250 handshakes at once would measure a stampede.
				for (let i = 0; i < m.clients.length; i += 20) {
					sims.push(...(await Promise.all(m.clients.slice(i, i + 20).map((p) => join(m.target, m.url, m.campaignId, p)))));
				}
				const byTile = new Map<number, Sim[]>();
				for (const s of sims) byTile.set(s.plan.tileId, [...(byTile.get(s.plan.tileId) ?? []), s]);
				for (const s of sims) s.peers = byTile.get(s.plan.tileId)!.filter((p) => p !== s);
				send({ type: 'connected', ms: performance.now() - t });
			} else if (m.type === 'run') {
				runStart = performance.now();
				window = [m.warmupMs, m.warmupMs + m.measureMs];
				editing = true;
				for (const s of sims) schedule(s, Math.random() * EDIT_EVERY_MS);
				await sleep(window[1]);
				editing = false;
				for (const s of sims) if (s.timer) clearTimeout(s.timer);
				const drainEnd = performance.now() + m.drainMs;
				while (outstanding > 0 && performance.now() < drainEnd) await sleep(50);
				// Lost: what a peer's document still lacks, whatever its observers said.
				let lost = 0;
				let expected = 0;
				for (const s of sims) {
					for (const e of sent.get(s.doc.clientID) ?? []) {
						for (const p of s.peers) {
							expected++;
							if (Y.getState(p.doc.store, s.doc.clientID) < e.end) lost++;
						}
					}
				}
				send({ type: 'result', result: { latencies, sentAt, editsMeasured, editsTotal, added, lost, expected, closes } });
			} else if (m.type === 'exit') {
				for (const s of sims) s.destroy();
				setTimeout(() => process.exit(0), 100);
			}
		} catch (e) {
			send({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
		}
	});
}

// ─── Hocuspocus server process ───────────────────────────────────────────────────────────────────

async function hocuspocusProcess(): Promise<void> {
	const Y = await import('yjs');
	const { Server } = await import('@hocuspocus/server');
	const { default: Database } = await import('better-sqlite3');
	// The same durability settings as Recette's database (createDb): WAL, synchronous = NORMAL.
	const db = new Database(args.db!);
	db.pragma('journal_mode = WAL');
	db.pragma('synchronous = NORMAL');
	db.exec('CREATE TABLE IF NOT EXISTS documents (name TEXT NOT NULL PRIMARY KEY, data BLOB NOT NULL)');
	const load = db.prepare('SELECT data FROM documents WHERE name = ?');
	const store = db.prepare('INSERT INTO documents (name, data) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET data = excluded.data');
	const server = new Server({
		port: 0,
		address: '127.0.0.1',
		quiet: true,
		// Store every update (no debounce), as the comparison asks.
		debounce: 0,
		maxDebounce: 0,
		async onLoadDocument({ documentName, document }) {
			const row = load.get(documentName) as { data: Buffer } | undefined;
			if (row) Y.applyUpdate(document, row.data);
		},
		async onStoreDocument({ documentName, document }) {
			// What @hocuspocus/extension-sqlite stores: the whole document's state, one row per name.
			store.run(documentName, Buffer.from(Y.encodeStateAsUpdate(document)));
		}
	});
	await server.listen();
	console.log(`Hocuspocus listening on http://127.0.0.1:${server.address.port}`);
}

// ─── The bench ───────────────────────────────────────────────────────────────────────────────────

/** What the bench started: whatever happens (an error, Ctrl-C), nothing outlives it. */
const started = { children: new Set<ChildProcess>(), dirs: new Set<string>() };

function tempDir(prefix: string): string {
	const dir = mkdtempSync(join(tmpdir(), prefix));
	started.dirs.add(dir);
	return dir;
}

function removeDir(dir: string): void {
	rmSync(dir, { recursive: true, force: true });
	started.dirs.delete(dir);
}

function track(child: ChildProcess): ChildProcess {
	started.children.add(child);
	child.once('exit', () => started.children.delete(child));
	return child;
}

if (args.role === 'bench') {
	process.on('exit', () => {
		for (const c of started.children) c.kill('SIGKILL');
		for (const d of started.dirs) rmSync(d, { recursive: true, force: true });
	});
	for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));
}

interface RunningServer {
	url: string;
	child: ChildProcess;
	stop: () => Promise<void>;
}

/** Start a server process and wait for its "listening on" line. */
async function spawnServer(argv: string[], env: Record<string, string>): Promise<RunningServer> {
	const child = track(spawn(process.execPath, argv, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }));
	let log = '';
	const url = await new Promise<string>((ok, fail) => {
		const timer = setTimeout(() => fail(new Error(`server did not start:\n${log}`)), 60_000);
		child.stdout!.on('data', (d: Buffer) => {
			log += d;
			const m = /listening on (http:\/\/\S+)/.exec(log);
			if (m) {
				clearTimeout(timer);
				ok(m[1]);
			}
		});
		child.stderr!.on('data', (d: Buffer) => (log = (log + d).slice(-20_000)));
		child.on('exit', (code) => fail(new Error(`server exited with ${code}:\n${log}`)));
	});
	// Only the tail of the log is kept (the server warns on every refused update).
	child.stdout!.on('data', () => (log = log.slice(-20_000)));
	return {
		url,
		child,
		stop: async () => {
			if (child.exitCode !== null || child.signalCode !== null) return;
			const done = new Promise((r) => child.once('exit', r));
			child.kill('SIGTERM');
			const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
			await done;
			clearTimeout(killer);
			if (child.exitCode !== 0) process.stderr.write(`[bench] server ended with ${child.exitCode ?? child.signalCode}:\n${log.slice(-2000)}\n`);
		}
	};
}

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** CPU seconds (user + system) a process has used so far. */
function cpuSeconds(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	// Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

function rssMb(pid: number): number {
	const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	return m ? Number(m[1]) / 1024 : 0;
}

function percentile(sorted: number[], p: number): number {
	if (!sorted.length) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

interface Figures {
	p50: number;
	p99: number;
	max: number;
	samples: number;
	lost: number;
	expected: number;
	cpuPct: number;
	/** Both client processes together (100 = one core). */
	clientCpuPct: number;
	rssMb: number;
	/** Before any client connected. */
	rssStartMb: number;
	editsPerS: number;
	connectS: number;
	added: number;
	/** Ours only: defects in the SQL projection after the run (must equal `added`). */
	stored?: number;
	closes: Record<string, number>;
}

/** A client process, with a promise per message type it answers. */
function startWorker(): { child: ChildProcess; next: <T extends FromWorker['type']>(type: T, ms: number) => Promise<Extract<FromWorker, { type: T }>> } {
	const child = track(fork(SELF, ['--role', 'worker'], { cwd: ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
	const inbox: FromWorker[] = [];
	const waiting: ((m: FromWorker) => void)[] = [];
	child.on('message', (m: FromWorker) => {
		const w = waiting.shift();
		if (w) w(m);
		else inbox.push(m);
	});
	return {
		child,
		next: (type, ms) =>
			new Promise((ok, fail) => {
				const timer = setTimeout(() => fail(new Error(`client process: no "${type}" within ${ms / 1000} s`)), ms);
				const take = (m: FromWorker) => {
					clearTimeout(timer);
					if (m.type === 'error') fail(new Error(`client process: ${m.message}`));
					else if (m.type !== type) fail(new Error(`client process: expected "${type}", got "${m.type}"`));
					else ok(m as Extract<FromWorker, { type: typeof type }>);
				};
				const queued = inbox.shift();
				if (queued) take(queued);
				else waiting.push(take);
				child.once('exit', (code) => fail(new Error(`client process exited with ${code}`)));
			})
	};
}

/** Drive the load against a running server and measure it. */
async function drive(target: Target, server: RunningServer, plans: ClientPlan[], campaignId: number, categories: string[]): Promise<Figures> {
	const warmupMs = Number(args.warmup) * 1000;
	const measureMs = Number(args.seconds) * 1000;
	const drainMs = Number(args.drain) * 1000;
	const rssStartMb = rssMb(server.child.pid!);
	const workers = [startWorker(), startWorker()];
	try {
		// All the reviewers of a tile in the same process: sender and peers share one clock.
		workers.forEach((w, i) => {
			const mine = plans.filter((p) => p.tileId % 2 === i);
			w.child.send({ type: 'setup', target, url: server.url, campaignId, clients: mine, categories } satisfies ToWorker);
		});
		const connected = await Promise.all(workers.map((w) => w.next('connected', 300_000)));
		const connectS = Math.max(...connected.map((c) => c.ms)) / 1000;
		process.stderr.write(`[bench] ${target}: ${plans.length} clients connected and synced in ${connectS.toFixed(1)} s; editing…\n`);

		const pid = server.child.pid!;
		for (const w of workers) w.child.send({ type: 'run', warmupMs, measureMs, drainMs } satisfies ToWorker);
		const results = Promise.all(workers.map((w) => w.next('result', warmupMs + measureMs + drainMs + 120_000)));
		results.catch(() => {}); // awaited below; a client process failing meanwhile must not crash the bench first
		await sleep(warmupMs);
		const clientCpu = () => workers.reduce((sum, w) => sum + cpuSeconds(w.child.pid!), 0);
		const cpu0 = cpuSeconds(pid);
		const clients0 = clientCpu();
		const t0 = performance.now();
		let rss = rssMb(pid);
		const sampler = setInterval(() => (rss = Math.max(rss, rssMb(pid))), 250);
		await sleep(measureMs);
		const cpu1 = cpuSeconds(pid);
		const clients1 = clientCpu();
		const wall = (performance.now() - t0) / 1000;
		clearInterval(sampler);
		rss = Math.max(rss, rssMb(pid));

		const out = (await results).map((r) => r.result);
		if (args.samples) {
			const rows = out.flatMap((r) => r.latencies.map((l, i) => `${target},${(r.sentAt[i] / 1000).toFixed(3)},${l.toFixed(3)}`));
			appendFileSync(args.samples, rows.join('\n') + '\n');
		}
		const latencies = out.flatMap((r) => r.latencies).sort((a, b) => a - b);
		const closes: Record<string, number> = {};
		for (const r of out) for (const [code, n] of Object.entries(r.closes)) closes[code] = (closes[code] ?? 0) + n;
		return {
			p50: percentile(latencies, 50),
			p99: percentile(latencies, 99),
			max: latencies.at(-1) ?? NaN,
			samples: latencies.length,
			lost: out.reduce((n, r) => n + r.lost, 0),
			expected: out.reduce((n, r) => n + r.expected, 0),
			cpuPct: ((cpu1 - cpu0) / wall) * 100,
			clientCpuPct: ((clients1 - clients0) / wall) * 100,
			rssMb: rss,
			rssStartMb,
			editsPerS: out.reduce((n, r) => n + r.editsMeasured, 0) / (measureMs / 1000),
			connectS,
			added: out.reduce((n, r) => n + r.added, 0),
			closes
		};
	} finally {
		for (const w of workers) {
			if (w.child.exitCode === null) w.child.send({ type: 'exit' } satisfies ToWorker);
		}
		await Promise.all(workers.map((w) => (w.child.exitCode === null ? new Promise((r) => w.child.once('exit', r)) : null)));
	}
}

/** Who reviews which tile: `clients` reviewers dealt over `tiles` tiles in turn. */
function deal<T extends { id: number; bounds: [number, number, number, number] }>(clients: number, tiles: T[], user: (i: number) => { userId: number; cookie: string }): ClientPlan[] {
	return Array.from({ length: clients }, (_, i) => ({ index: i, ...user(i), tileId: tiles[i % tiles.length].id, bounds: tiles[i % tiles.length].bounds }));
}

function bboxOf(geometry: string): [number, number, number, number] {
	const ring = (JSON.parse(geometry) as { coordinates: [number, number][][] }).coordinates[0];
	const xs = ring.map((p) => p[0]);
	const ys = ring.map((p) => p[1]);
	return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/**
 * Node flags that write CPU profiles of a server process into `<--cpu-prof dir>/<name>/` (or none).
 * One file per thread: tsx's module loader runs on a thread of its own; the server is the largest file.
 */
function profileFlags(name: string): string[] {
	if (!args['cpu-prof']) return [];
	const dir = join(resolve(args['cpu-prof']), name);
	mkdirSync(dir, { recursive: true });
	return ['--cpu-prof', `--cpu-prof-dir=${dir}`];
}

/** Recette's production server on a fresh database holding one campaign, N reviewers and their sessions. */
async function benchOurs(clients: number, tileCount: number): Promise<Figures> {
	const { createDb } = await import('../src/lib/server/db/db.ts');
	const { importCampaign } = await import('../src/lib/server/campaigns/import.service.ts');
	const { createUser } = await import('../src/lib/server/people/users.service.ts');
	const { createSession, SESSION_COOKIE } = await import('../src/lib/server/auth/sessions.ts');
	const { createOrganisation } = await import('../src/lib/server/people/organisations.service.ts');
	const { setMember } = await import('../src/lib/server/people/members.service.ts');
	const { changeAssignments } = await import('../src/lib/server/assignments/assignments.service.ts');
	const { campaignCategories } = await import('../src/lib/server/review/catalogue.service.ts');
	const { activeCodes } = await import('../src/lib/review/catalogue.ts');

	if (!existsSync(join(ROOT, 'build', 'handler.js'))) throw new Error('No build/: run `npm run build` first (the bench starts the production server).');
	const dir = tempDir('recette-bench-collab-');
	let server: RunningServer | null = null;
	try {
		const dbPath = join(dir, 'recette.db');
		const db = createDb(dbPath);
		const demo = join(ROOT, 'server', 'demo', 'prairie-naip');
		const tileSize = Number(args['tile-size']);
		const campaignId = await importCampaign(db, {
			name: 'Banc d’essai de la relecture en temps réel',
			landcover: join(demo, 'occupation_sol.gpkg'),
			classField: 'code_cs',
			nomenclature: 'ocsge-cs',
			tiling: { mode: 'grid', size: tileSize },
			sampling: { mode: 'all' }
		});
		const rows = db.$client.prepare('SELECT id, geometry FROM tiles WHERE campaign_id = ? ORDER BY ordinal LIMIT ?').all(campaignId, tileCount) as { id: number; geometry: string }[];
		if (rows.length < tileCount) throw new Error(`The demo delivery gives ${rows.length} tiles of ${tileSize} m, fewer than --tiles ${tileCount}: use a smaller --tile-size.`);
		const tiles = rows.map((r) => ({ id: r.id, bounds: bboxOf(r.geometry) }));
		// Reviewers of one partner organisation to which every tile is assigned: the ordinary
		// (non-manager) write path, checked on every update.
		const org = createOrganisation(db, { name: 'Partenaire du banc d’essai', kind: 'commune' }, null);
		changeAssignments(db, campaignId, { organisationId: org.id, tileIds: tiles.map((t) => t.id), action: 'assign' }, null);
		const users: { userId: number; cookie: string }[] = [];
		for (let i = 0; i < clients; i++) {
			// No password (nobody signs in): a users row and a session are all a connection needs.
			const user = await createUser(db, { email: `relecteur${i}@banc.local`, name: `Relecteur ${i}` }, null);
			setMember(db, campaignId, user.id, 'reviewer', org.id, null, { anyOrganisation: true });
			users.push({ userId: user.id, cookie: `${SESSION_COOKIE}=${createSession(db, user.id, 'bench/collab.ts').token}` });
		}
		const categories = [...activeCodes(campaignCategories(db, campaignId))];
		db.$client.close();

		server = await spawnServer([...profileFlags('recette'), '--import', 'tsx', join(ROOT, 'server', 'index.ts')], {
			PORT: '0',
			HOST: '127.0.0.1',
			RECETTE_DB: dbPath,
			RECETTE_DEMO: '0'
		});
		const plans = deal(clients, tiles, (i) => users[i]);
		const figures = await drive('ours', server, plans, campaignId, categories);
		await server.stop();
		// What the reports read: every defect created is in the projection, committed with its update.
		const check = createDb(dbPath, { migrateNow: false });
		figures.stored = (check.$client.prepare('SELECT count(*) AS n FROM defects WHERE campaign_id = ?').get(campaignId) as { n: number }).n;
		check.$client.close();
		return figures;
	} finally {
		await server?.stop();
		removeDir(dir);
	}
}

/** Hocuspocus 3 in its own process, storing every update in SQLite. */
async function benchHocuspocus(clients: number, tileCount: number): Promise<Figures> {
	const dir = tempDir('recette-bench-hocuspocus-');
	let server: RunningServer | null = null;
	try {
		server = await spawnServer([...profileFlags('hocuspocus'), '--import', 'tsx', SELF, '--role', 'hocuspocus', '--db', join(dir, 'hocuspocus.db')], {});
		// The same tiles, by shape: a 250 m square's worth of longitude/latitude near the demo area.
		const tiles = Array.from({ length: tileCount }, (_, i) => {
			const w = -100 + (i % 20) * 0.004;
			const s = 47 + Math.floor(i / 20) * 0.003;
			return { id: i + 1, bounds: [w, s, w + 0.0033, s + 0.00225] as [number, number, number, number] };
		});
		const plans = deal(clients, tiles, (i) => ({ userId: i + 1, cookie: '' }));
		const { DEFAULT_CATALOGUE } = await import('../src/lib/review/catalogue.ts');
		return await drive('hocuspocus', server, plans, 0, DEFAULT_CATALOGUE.map((c) => c.code));
	} finally {
		await server?.stop();
		removeDir(dir);
	}
}

async function bench(): Promise<void> {
	const clients = Number(args.clients);
	const tiles = Number(args.tiles);
	for (const [name, v] of Object.entries({ clients, tiles, seconds: Number(args.seconds), warmup: Number(args.warmup), drain: Number(args.drain) })) {
		if (!Number.isInteger(v) || v < 0) throw new Error(`--${name} must be a whole number, got "${args[name as keyof typeof args]}"`);
	}
	if (clients < 2 * tiles) throw new Error(`--clients ${clients} over --tiles ${tiles}: each tile needs at least 2 reviewers (a sender and a peer).`);
	if (args.only && args.only !== 'ours' && args.only !== 'hocuspocus') throw new Error(`--only takes "ours" or "hocuspocus", got "${args.only}"`);

	const print = (prefix: string, f: Figures) => {
		const lines: Record<string, string> = {
			p50_ms: f.p50.toFixed(2),
			p99_ms: f.p99.toFixed(2),
			max_ms: f.max.toFixed(1),
			lost: String(f.lost),
			[prefix ? 'cpu_pct' : 'server_cpu_pct']: f.cpuPct.toFixed(1),
			[prefix ? 'rss_mb' : 'server_rss_mb']: f.rssMb.toFixed(0),
			[prefix ? 'rss_start_mb' : 'server_rss_start_mb']: f.rssStartMb.toFixed(0),
			edits_per_s: f.editsPerS.toFixed(1),
			deliveries: String(f.samples),
			closed: Object.entries(f.closes).map(([c, n]) => `${c}:${n}`).join(',') || '0',
			connect_s: f.connectS.toFixed(1),
			client_cpu_pct: f.clientCpuPct.toFixed(1),
			...(f.stored === undefined ? {} : { defects_stored: `${f.stored}/${f.added}` })
		};
		for (const [k, v] of Object.entries(lines)) console.log(`collab.${prefix}${k}=${v}`);
	};
	const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
	process.stderr.write(`[bench] ${clients} reviewers over ${tiles} tiles, ${args.warmup} s warm-up + ${args.seconds} s measured; load average ${load()}\n`);
	if (args.samples) writeFileSync(args.samples, 'target,sent_at_s,latency_ms\n');
	let ours: Figures | null = null;
	let hocuspocus: Figures | null = null;
	if (args.only !== 'hocuspocus') {
		ours = await benchOurs(clients, tiles);
		print('', ours);
	}
	if (args.only !== 'ours') {
		hocuspocus = await benchHocuspocus(clients, tiles);
		print('hocuspocus_', hocuspocus);
	}
	if (ours && hocuspocus) console.log(`collab.p99_ratio=${(hocuspocus.p99 / ours.p99).toFixed(2)}`);
	process.stderr.write(`[bench] load average at the end ${load()}\n`);
}

if (args.role === 'worker') await clientProcess();
else if (args.role === 'hocuspocus') await hocuspocusProcess();
else await bench();
