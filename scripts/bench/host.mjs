// Bench section: the extension in the real VS Code host (code-server 1.100,
// the same host the integration tests use), on the demo workspace, with a
// bundled no-op extension (test/fixtures/noop-extension) installed beside it
// and activated by the same event. scripts/bench/hostProbe.js runs inside the
// extension host and reports:
//   - activation: VS Code's own figure (Load Code + Call Activate, the number
//     "Developer: Show Running Extensions" shows), for both extensions, over
//     several fresh hosts (thirteen of each, ATB_BENCH_HOST_RUNS; medians); the
//     ratio with a target is against our own in the demo workspace for a
//     10,000-task workspace, their hosts taking turns (the no-op's is context);
//   - a write on disk → the store's change event (on which an open board gets
//     its delta), and → the Tasks tree's rebuild, each over a bare
//     FileSystemWatcher's event for the same write in the same host, on a
//     100-task and a 10,000-task board;
//   - extension-host heap with a 10,000-task board over idle (full GC);
//   - the longest event-loop block while a 10,000-task board loads, and while a 1 MB and a 50 MB board load
//     (each nine times, ATB_BENCH_BLOCK_RUNS; the median of the runs is compared).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { makeBoard } from './parse.mjs';

// Thirteen: one host's activation moves 25-110 ms with what the browser and the server do beside it. With five, the
// 10,000-task workspace's median over the demo's came out 1.3x in one run; with nine, 1.02x in the next, and over a
// dozen runs since 0.8-1.25x (nine activations of each took 29-64 ms in the run that read 1.25x). A median of
// thirteen moves less; each pair of hosts adds some 15 s to the section.
const RUNS = Number(process.env.ATB_BENCH_HOST_RUNS ?? 13);
/** What we may add over a bare FileSystemWatcher event for the same write (median), and how much that may grow from 100 to 10,000 tasks. */
const MAX_LATENCY_OVER_WATCHER_MS = 50;
const MAX_LATENCY_GROWTH = 1.5;
/** Activation in a 10,000-task workspace over the demo workspace's: nothing is parsed on the activation path. */
const MAX_ACTIVATION_GROWTH = 1.2;
/** The longest host block while a 50 MB board loads over a 1 MB board's. */
const MAX_BLOCK_GROWTH = 2;
/** The tree rebuilds up to this long after the store's event: its REFRESH_THROTTLE_MS, read from the source so the label cannot drift. */
function treeThrottleMs(root) {
  const source = readFileSync(join(root, 'src', 'extension', 'tree', 'taskTreeProvider.ts'), 'utf8');
  return Number(/const REFRESH_THROTTLE_MS = (\d+);/.exec(source)?.[1] ?? NaN);
}

function ensureBuilt(root) {
  if (!existsSync(join(root, 'out', 'test', 'host', 'index.js'))) {
    spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], { cwd: root, stdio: 'ignore' });
  }
  if (!existsSync(join(root, 'dist', 'extension.js'))) spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
  if (!existsSync(join(root, 'out', 'test', 'host', 'index.js'))) throw new Error('out/test/host is missing: run `npx tsc -p .`');
}

/**
 * What ships, unpacked: `npm run package` builds the .vsix (minified bundles),
 * and its `extension/` folder is what VS Code would install. Activation is
 * measured on that, not on the unminified development build in dist/.
 */
async function unpackedPackage(root, dir) {
  const vsix = join(dir, 'bench.vsix');
  const built = spawnSync(process.execPath, [join(root, 'scripts', 'package.mjs'), '--out', vsix], { cwd: root, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`npm run package failed:\n${`${built.stdout}\n${built.stderr}`.slice(-2000)}`);
  const yauzl = createRequire(import.meta.url)('yauzl');
  const target = join(dir, 'extension');
  await new Promise((resolve, reject) => {
    yauzl.open(vsix, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      zip.on('error', reject).on('end', resolve);
      zip.on('entry', (entry) => {
        if (!entry.fileName.startsWith('extension/') || entry.fileName.endsWith('/')) return zip.readEntry();
        const out = join(target, entry.fileName.slice('extension/'.length));
        mkdirSync(dirname(out), { recursive: true });
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks = [];
          stream.on('data', (c) => chunks.push(c)).on('end', () => {
            writeFileSync(out, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
  return target;
}

/** One fresh code-server, the probe run inside its extension host, its JSON back. */
async function probe(host, root, mode, files, workspace = files.workspace) {
  const outFile = join(root, '.bench', `host-${mode}-${process.pid}-${Date.now()}.json`);
  const started = await host.startHost({
    workspace,
    installExtensions: [join(root, 'test', 'fixtures', 'noop-extension')],
    env: { ATB_BENCH_OUT: outFile, ATB_BENCH_PROBE: mode, ATB_BENCH_1MB: files.oneMb, ATB_BENCH_10K: files.tenK, ATB_BENCH_50MB: files.big, ATB_BENCH_PROFILE: process.env.ATB_BENCH_PROFILE ?? '' },
  });
  let workbench;
  try {
    const exited = new Promise((resolve) => {
      host
        .openWorkbench(started, { extensionDevelopmentPath: files.extension, extensionTestsPath: join(root, 'scripts', 'bench', 'hostProbe'), onExit: resolve })
        .then((w) => (workbench = w), (e) => resolve(e));
    });
    const timeout = new Promise((resolve) => setTimeout(() => resolve(new Error('the host probe did not finish within 5 minutes')), 300_000).unref());
    const end = await Promise.race([exited, timeout]);
    if (end instanceof Error) throw end;
    const result = JSON.parse(readFileSync(outFile, 'utf8'));
    if (result.error) throw new Error(`host probe: ${result.error}`);
    return result;
  } finally {
    await workbench?.close();
    await started.stop();
    rmSync(outFile, { force: true });
  }
}

/**
 * A board of `bytes` (1 MB, 50 MB): the 10,000-task board's items repeated
 * under fresh ids. The first claimed item of each copy says when it was
 * claimed, long ago, as agents write it: the board holds a few stale claims,
 * each with its Release fix, as real boards do.
 */
function bigBoard(text, bytes) {
  const fence = text.indexOf('```yaml\n') + 8;
  const body = text
    .slice(fence, text.indexOf('```', fence))
    .replace(/(  status: claimed[^\n]*\n)/, '$1  claimed_at: "2026-01-02T00:00:00Z"\n');
  const parts = ['# Huge board\n\n```yaml\n'];
  let size = parts[0].length;
  for (let copy = 0; size < bytes; copy++) {
    const chunk = body.replace(/TASK_(\d+)/g, (_, n) => `BIG_${copy}_${n}`);
    parts.push(chunk);
    size += chunk.length;
  }
  parts.push('```\n');
  return parts.join('');
}

export async function run(ctx) {
  const { root, median } = ctx;
  ensureBuilt(root);
  const require = createRequire(import.meta.url);
  const host = require(join(root, 'out', 'test', 'host', 'index.js'));
  const section = 'host';
  const r1 = (x) => Math.round(x * 10) / 10;
  const rows = [];

  const work = join(ctx.benchDir, 'host-files');
  // Fresh each run: a run that failed before its clean-up (a package over budget) left its folders, and copying the
  // workspaces over them failed the next run.
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const tenKText = makeBoard(10_000).text;
  // The demo workspace with the folders the probe writes into already there: the file watcher
  // here misses writes into a folder created while the host runs.
  const workspace = join(work, 'workspace');
  cpSync(join(root, 'test', 'fixtures', 'demo-workspace'), workspace, { recursive: true });
  for (const name of ['latency', 'small', 'tenk', 'big']) {
    mkdirSync(join(workspace, 'bench', name), { recursive: true });
    writeFileSync(join(workspace, 'bench', name, 'README.md'), 'Bench scratch folder.\n');
  }
  // The same demo workspace holding a 10,000-task board from the start, for activation.
  const tenKWorkspace = join(work, 'workspace-10k');
  cpSync(join(root, 'test', 'fixtures', 'demo-workspace'), tenKWorkspace, { recursive: true });
  mkdirSync(join(tenKWorkspace, 'tenk'));
  writeFileSync(join(tenKWorkspace, 'tenk', 'TODO.md'), tenKText);
  const files = { oneMb: join(work, '1mb-TODO.md'), tenK: join(work, 'tenk-TODO.md'), big: join(work, 'big-TODO.md'), workspace, extension: await unpackedPackage(root, work) };
  writeFileSync(files.oneMb, bigBoard(tenKText, 1024 * 1024));
  writeFileSync(files.tenK, tenKText);
  writeFileSync(files.big, bigBoard(tenKText, 50 * 1024 * 1024));

  try {
    const ours = [];
    const noop = [];
    const oursTenK = [];
    let full;
    // The demo workspace's hosts (the reference) and the 10,000-task workspace's, alternately, so that drift in the
    // machine's load hits both alike; the first demo host also runs every other measurement of this section.
    for (let i = 0; i < RUNS; i++) {
      const result = await probe(host, root, i === 0 ? 'all' : 'activation', files);
      if (i === 0) full = result;
      if (i === 0 && process.env.ATB_BENCH_PROFILE) {
        writeFileSync(join(process.env.ATB_BENCH_PROFILE, 'summary.json'), JSON.stringify({ tenThousand: result.tenThousand, big: result.big }, null, 2));
      }
      const a = result.activation['agent-task-board.agent-task-board'];
      const n = result.activation['agent-task-board-bench.noop-extension'];
      ours.push(a.loadCodeMs + a.callActivateMs);
      noop.push(n.loadCodeMs + n.callActivateMs);
      const tenK = (await probe(host, root, 'activation', files, tenKWorkspace)).activation['agent-task-board.agent-task-board'];
      oursTenK.push(tenK.loadCodeMs + tenK.callActivateMs);
    }
    const a = median(ours);
    const n = median(noop);
    const aTenK = median(oursTenK);
    // VS Code records whole milliseconds: a no-op that took "0 ms" is compared as 1 ms.
    const ratio = a / Math.max(n, 1);
    rows.push({ section, name: `activation, no-op extension (reference; runs: ${noop.join(', ')} ms)`, target: '', measured: n, unit: 'ms', ok: true });
    rows.push({ section, name: `activation, Agent Task Board as packaged (minified), demo workspace (runs: ${ours.join(', ')} ms)`, target: '≤ 50', measured: a, unit: 'ms', ok: a <= 50 });
    // Printed for context, with no target: VS Code counts whole milliseconds and the no-op takes 0-1 ms, so 2x of it
    // would be 2 ms, less than loading any real extension's code. What holds on any machine is the 10,000-task
    // workspace over the demo's, below; the 50 ms beside it is the design's absolute target.
    rows.push({ section, name: 'activation vs the no-op, same hosts (no-op floored at 1 ms; context)', target: '', measured: `${r1(ratio)}×`, unit: 'no-op', ok: true });
    const growth = aTenK / Math.max(a, 1);
    rows.push({ section, name: `activation, 10,000-task workspace (runs: ${oursTenK.join(', ')} ms)`, target: '', measured: aTenK, unit: 'ms', ok: true });
    rows.push({ section, name: 'activation, 10,000-task workspace over the demo workspace', target: `≤ ${MAX_ACTIVATION_GROWTH}×`, measured: `${r1(growth)}×`, unit: 'demo', ok: growth <= MAX_ACTIVATION_GROWTH, ratio: { value: growth, target: MAX_ACTIVATION_GROWTH, what: 'activation, 10,000-task workspace over the demo workspace' } });

    const p95 = (xs) => r1([...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]);
    const over = {};
    for (const l of full.latency) {
      const tasks = l.tasks.toLocaleString('en');
      const missed = l.missed ? `; ${l.missed} writes never reported by the file watcher` : '';
      rows.push({ section, name: `disk write → bare FileSystemWatcher event, ${tasks}-task board (reference; median of ${l.bare.length}, p95 ${p95(l.bare)} ms${missed})`, target: '', measured: r1(median(l.bare)), unit: 'ms', ok: true });
      for (const [what, times, extra] of [
        ['store change event (an open board is sent its delta on it)', l.store, ''],
        ['Tasks tree rebuilt', l.tree, `, includes the tree's ${treeThrottleMs(root)} ms throttle`],
      ]) {
        const added = times.map((t, i) => t - l.bare[i]);
        const m = median(added);
        over[`${l.tasks} ${what}`] = m;
        rows.push({
          section,
          name: `disk write → ${what}, ${tasks}-task board, over the bare watcher (median of ${added.length}, p95 ${p95(added)} ms${extra})`,
          target: `≤ ${MAX_LATENCY_OVER_WATCHER_MS}`,
          measured: r1(m),
          unit: 'ms',
          ok: m <= MAX_LATENCY_OVER_WATCHER_MS,
          ratio: { value: m / MAX_LATENCY_OVER_WATCHER_MS, target: 1, what: `disk write → ${what.replace(/ \(.*\)/, '')}, ${tasks} tasks, over the bare watcher / ${MAX_LATENCY_OVER_WATCHER_MS} ms` },
        });
      }
    }
    for (const what of ['store change event (an open board is sent its delta on it)', 'Tasks tree rebuilt']) {
      const small = over[`100 ${what}`];
      const large = over[`10000 ${what}`];
      // Stamped to fractions of a millisecond, but a 100-task figure under 1 ms is compared as 1 ms: below that is the event loop's own jitter.
      const growth = large / Math.max(small, 1);
      const short = what.replace(/ \(.*\)/, '');
      rows.push({ section, name: `disk write → ${short} over the bare watcher, 10,000 over 100 tasks`, target: `≤ ${MAX_LATENCY_GROWTH}×`, measured: `${r1(growth)}×`, unit: '100 tasks', ok: growth <= MAX_LATENCY_GROWTH, ratio: { value: growth, target: MAX_LATENCY_GROWTH, what: `disk write → ${short}, what we add, 10,000 over 100 tasks` } });
    }

    const t = full.tenThousand;
    const mb = (t.busy.heapUsed - t.idle.heapUsed) / 1024 / 1024;
    rows.push({
      section,
      name: `extension-host heap, ${t.tasks} tasks over idle (${t.idle.collected ? 'after full GC' : 'medians, no GC'}; rss +${r1((t.busy.rss - t.idle.rss) / 1024 / 1024)} MB)`,
      target: '≤ 50',
      measured: r1(mb),
      unit: 'MB',
      ok: mb <= 50,
    });
    rows.push({ section, name: `10,000-task board written → in the store (${Math.round(tenKText.length / 1024)} KB)`, target: '', measured: t.loadedMs, unit: 'ms', ok: true });
    rows.push({ section, name: 'longest event-loop block while the 10,000-task board loads', target: '', measured: t.loop.maxMs, unit: 'ms', ok: true });
    const runsOf = (load) => (load.runs ? `median of ${load.runs.length}: ${load.runs.join(', ')} ms` : 'one run');
    rows.push({ section, name: `longest event-loop block while a 1 MB board loads (reference; ${runsOf(full.oneMb)})`, target: '', measured: full.oneMb.loop.maxMs, unit: 'ms', ok: true });
    const b = full.big;
    rows.push({
      section,
      name: `longest event-loop block while a 50 MB board loads (${b.parsed ? 'parsed' : b.unreadable ? 'listed as too large, not parsed' : 'not seen'}; ${runsOf(b)})`,
      target: '< 250',
      measured: b.loop.maxMs,
      unit: 'ms',
      ok: b.loop.maxMs < 250,
    });
    const blockGrowth = b.loop.maxMs / Math.max(full.oneMb.loop.maxMs, 1);
    rows.push({ section, name: 'longest event-loop block, 50 MB board over 1 MB board', target: `≤ ${MAX_BLOCK_GROWTH}×`, measured: `${r1(blockGrowth)}×`, unit: '1 MB', ok: blockGrowth <= MAX_BLOCK_GROWTH, ratio: { value: blockGrowth, target: MAX_BLOCK_GROWTH, what: 'longest host block, 50 MB board over 1 MB board' } });
  } finally {
    rmSync(work, { recursive: true, force: true });
    await host.cleanupAll();
  }
  return rows;
}
