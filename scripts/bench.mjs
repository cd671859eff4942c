// `npm run bench`: builds what the sections need, runs every section module in
// scripts/bench/*.mjs (each exports `async function run(ctx)` returning rows
// `{section, name, target, measured, unit, ok}`), prints one table with target
// and measured side by side, and writes all rows to .bench/results.json.
// Bench is a report, never a pass/fail test: the exit code is 0 unless a
// section could not run at all. Rows that carry `ratio` ({value, target}: how
// cost grows with the board, or what we add on top of a reference measured in
// the same run) are printed again at the end in one table, ratio beside
// target: those hold on any machine, the absolute times do not.
//
// Like `npm test`, it does its own set-up first (scripts/setup-host.mjs):
// node_modules, for the sections that need them Chromium and code-server, and
// the dist/ bundles built from the current source.
//
//   node scripts/bench.mjs            every section
//   node scripts/bench.mjs parse      only sections whose file name matches
//
// Each section runs in a process of its own: what one leaves behind (a heap
// grown to make a 50 MB board, V8's decisions about it) would otherwise
// weigh on the next one's timings. After the host section, in the same
// process, parsing 1,000 tasks took 0.68 ms instead of 0.45, against the
// same JSON.parse (1.95x instead of 1.4x).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureDebianPackages, ensureHost, ensureNpmPackages } from './setup-host.mjs';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const benchDir = join(root, '.bench');
const coreOut = join(benchDir, 'core');

function tsFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...tsFiles(path));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** Every src/core module as its own node bundle: `.bench/core/board/parseBoard.js`, ... */
async function buildCore() {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: tsFiles(join(root, 'src', 'core')),
    outbase: join(root, 'src', 'core'),
    outdir: coreOut,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Each of `timers` (each is given the round's number and returns a time) called in turn, `warmups` rounds not kept
 * and then `runs` kept, so drift in the machine's load hits them all alike: the kept times of each, in their order.
 */
const interleaved = (runs, warmups, ...timers) => {
  const kept = timers.map(() => []);
  for (let i = 0; i < warmups + runs; i++) {
    timers.forEach((timer, k) => {
      const t = timer(i);
      if (i >= warmups) kept[k].push(t);
    });
  }
  return kept;
};

function printTable(rows) {
  const head = ['section', 'what', 'target', 'measured', 'ok'];
  const cells = rows.map((r) => [
    r.section,
    oneLineOf(r.name),
    String(r.target ?? ''),
    `${r.measured}${r.unit ? ` ${r.unit}` : ''}`,
    r.target === '' || r.target === undefined ? '' : r.ok ? 'yes' : 'NO',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => c.map((v, i) => (i === 3 ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
}

/** The rows that hold on any machine: ratios of two costs measured in the same run, each beside its target. */
function printRatios(rows) {
  const ratios = rows.filter((r) => r.ratio);
  if (ratios.length === 0) return;
  const x = (v) => `${Math.round(v * 100) / 100}×`;
  const cells = ratios.map((r) => [r.section, oneLineOf(r.ratio.what ?? r.name), x(r.ratio.value), `≤ ${x(r.ratio.target)}`, r.ratio.value <= r.ratio.target ? 'met' : 'missed']);
  const head = ['section', 'ratio', 'measured', 'target', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => c.map((v, i) => (i === 2 ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ');
  console.log('\nratios measured in this run (these hold on any machine):');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
}

/** The row of a section that could not run. */
function failedRow(file, message) {
  return { section: file.replace(/\.mjs$/, ''), name: `section failed: ${message}`, target: 'runs', measured: 'error', unit: '', ok: false };
}

function oneLineOf(text) {
  const flat = String(text).replace(/\s+/g, ' ').trim();
  return flat.length > 110 ? `${flat.slice(0, 109)}…` : flat;
}

/**
 * What the chosen sections need installed, as `npm test` does it
 * (scripts/test.mjs), and the bundles of dist/ built from the source as it is
 * now: a dist/ left by an older build would be measured in its place.
 */
function setUp(sections) {
  ensureNpmPackages();
  const needs = (name) => sections.some((f) => f.startsWith(name));
  if (needs('board') || needs('host')) ensureDebianPackages();
  if (needs('host')) ensureHost();
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
}

mkdirSync(benchDir, { recursive: true });
const require = createRequire(import.meta.url);
const ctx = {
  root,
  benchDir,
  /** Loads a bundled src/core module by its path under src/core: `ctx.core('board/parseBoard')`. */
  core: (path) => require(join(coreOut, `${path}.js`)),
  median,
  interleaved,
};
const sectionDir = join(root, 'scripts', 'bench');

/** `--section=FILE --rows=PATH`: this process runs that one section, set up by its parent, and writes its rows there. */
const option = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const only = option('section');
if (only !== undefined) {
  let rows;
  try {
    const mod = await import(pathToFileURL(join(sectionDir, only)).href);
    rows = await mod.run(ctx);
  } catch (error) {
    rows = [failedRow(only, error instanceof Error ? error.message : String(error))];
  }
  writeFileSync(option('rows'), JSON.stringify(rows));
  process.exit(0);
}

const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const sections = readdirSync(sectionDir)
  .filter((f) => f.endsWith('.mjs'))
  .filter((f) => filters.length === 0 || filters.some((want) => f.includes(want)))
  .sort();
setUp(sections);
await buildCore();
const rows = [];
let failed = false;
for (const file of sections) {
  const name = file.replace(/\.mjs$/, '');
  process.stderr.write(`bench: ${name}...\n`);
  const rowsPath = join(benchDir, `${name}.rows.json`);
  rmSync(rowsPath, { force: true });
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), `--section=${file}`, `--rows=${rowsPath}`], { cwd: root, stdio: 'inherit' });
  let got;
  try {
    got = JSON.parse(readFileSync(rowsPath, 'utf8'));
  } catch {
    got = [failedRow(file, `its process ended (${child.error?.message ?? child.signal ?? `exit code ${child.status}`}) without rows; its output is above`)];
  } finally {
    rmSync(rowsPath, { force: true });
  }
  if (got.some((r) => r.measured === 'error')) failed = true;
  rows.push(...got);
}
printTable(rows);
printRatios(rows);
const resultsPath = join(benchDir, 'results.json');
writeFileSync(resultsPath, `${JSON.stringify({ when: new Date().toISOString(), node: process.version, rows }, null, 2)}\n`);
console.log(`\nrows written to ${relative(root, resultsPath)}`);
process.exitCode = failed ? 1 : 0;
