// What held the extension host in the longest blocks of a profiled bench run.
//
//   ATB_BENCH_PROFILE=<folder> node scripts/bench.mjs host
//   node scripts/host-blocks.mjs <folder> [--map <extension.js.map>] [--top <n>] [--frames <n>]
//
// With ATB_BENCH_PROFILE, the host probe saves a CPU profile of each board
// load (`<board>-<run>.cpuprofile`) and, beside it, the gaps of a 1 ms timer
// that ran through the load (`<board>-<run>.gaps.json`): each gap is a turn of
// the event loop that held the host. Both use the same monotonic clock, so the
// profile's samples inside a gap say what ran in it, and the garbage
// collections the probe saw (longer than 2 ms) say which kind of collection a
// "(garbage collector)" frame was. On Linux each gap also says how long the
// host's thread waited, runnable, for a CPU (its schedstat): on a machine with
// few cores, other threads and processes can hold a turn up longer than its own
// work did. For each load this prints its longest gaps with the frames that
// took most of each, inclusive. The
// extension is the packaged, minified bundle: method names survive, top-level
// functions do not; a source map of the same build (esbuild with --production
// and a sourcemap) names them with their file and line.
import { readdirSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { basename, join } from 'node:path';

const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args.splice(at, 2)[1] : undefined;
};
const mapFile = option('--map');
const top = Number(option('--top') ?? 4);
const frames = Number(option('--frames') ?? 8);
const folder = args[0];
if (!folder) {
  console.error('usage: node scripts/host-blocks.mjs <folder of a profiled bench run> [--map <extension.js.map>] [--top <n>] [--frames <n>]');
  process.exit(2);
}
const map = mapFile ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8'))) : undefined;

/** A frame as `name file:line`, mapped to the source when the map covers it. */
function frameOf(node) {
  const { functionName, url, lineNumber, columnNumber } = node.callFrame;
  let where = `${url.split('/').pop()}:${lineNumber + 1}`;
  if (map && url.endsWith('extension.js')) {
    const entry = map.findEntry(lineNumber, columnNumber);
    if (entry?.originalSource) where = `${entry.originalSource.split('/src/').pop()}:${entry.originalLine + 1}`;
  }
  return `${functionName || '(anonymous)'} ${where}`;
}

/** Per gap, the milliseconds of samples inside it by frame, counted once per sample for each frame on its stack. */
function blocks(profile, gaps) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const named = new Map();
  const frame = (id) => {
    let f = named.get(id);
    if (f === undefined) named.set(id, (f = frameOf(byId.get(id))));
    return f;
  };
  const times = [];
  let t = profile.startTime;
  for (const delta of profile.timeDeltas) times.push((t += delta));
  return gaps.map((gap) => {
    const from = gap.startUs;
    const to = gap.startUs + gap.ms * 1000;
    const inclusive = new Map();
    for (let i = 0; i < times.length - 1; i++) {
      if (times[i] < from || times[i] >= to) continue;
      const ms = (times[i + 1] - times[i]) / 1000;
      const seen = new Set();
      for (let id = profile.samples[i]; id !== undefined; id = parent.get(id)) {
        const f = frame(id);
        if (f.startsWith('(root)') || seen.has(f)) continue;
        seen.add(f);
        inclusive.set(f, (inclusive.get(f) ?? 0) + ms);
      }
    }
    return { at: (from - profile.startTime) / 1e6, ms: gap.ms, waitMs: gap.waitMs, frames: [...inclusive].sort((a, b) => b[1] - a[1]) };
  });
}

const runs = readdirSync(folder).filter((f) => f.endsWith('.gaps.json')).sort();
if (runs.length === 0) console.error(`no *.gaps.json in ${folder}: run the host bench with ATB_BENCH_PROFILE=${folder}`);
for (const file of runs) {
  const stem = basename(file, '.gaps.json');
  const { maxMs, overMs, gaps, collections = [] } = JSON.parse(readFileSync(join(folder, file), 'utf8'));
  const profile = JSON.parse(readFileSync(join(folder, `${stem}.cpuprofile`), 'utf8'));
  const longest = [...gaps].sort((a, b) => b.ms - a.ms).slice(0, top);
  console.log(`\n${stem}: longest block ${maxMs} ms (event-loop monitor); ${gaps.length} turns over ${overMs} ms`);
  for (const block of blocks(profile, longest)) {
    const waited = typeof block.waitMs === 'number' ? `, ${block.waitMs.toFixed(1)} ms of it waiting for a CPU` : '';
    console.log(`  ${block.ms.toFixed(1)} ms at ${block.at.toFixed(2)} s${waited}`);
    const from = block.at * 1e6 + profile.startTime;
    const inside = collections.filter((c) => c.startUs >= from && c.startUs < from + block.ms * 1000);
    // Flag 32 (Node's NODE_PERFORMANCE_GC_FLAGS_ALL_EXTERNAL_MEMORY): V8 started it for memory outside its heap.
    if (inside.length > 0) console.log(`    garbage collections: ${inside.map((c) => `${c.kind} ${c.ms.toFixed(1)} ms${(c.flags ?? 0) & 32 ? ' (for external memory)' : ''}`).join(', ')}`);
    for (const [f, ms] of block.frames.slice(0, frames)) if (ms >= 1) console.log(`    ${ms.toFixed(1).padStart(6)}  ${f}`);
  }
}
