// Bench section: what ships, and what an agent pays to start it. Runs
// `npm run package` (scripts/package.mjs: the production bundles built in a
// staging folder, then the npm tarball and the .vsix) with both written under
// .bench/, and reads back the minified dist/extension.js size and the JS files
// the .vsix holds (vsce ls, the same rules as the package). Then installs the
// tarball offline into a new project, as `npm install -D agent-task-board`
// would, and measures there: what the install adds, and the command line's
// start-up as ratios to a bare node in the same run.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeBoard } from './parse.mjs';

/** The npm package's targets. The bundles inline every library, so an install
 * is the package itself; "a handful" leaves room for a runtime dependency that
 * cannot be bundled (a native module), never for the extension's libraries.
 * Its 0.8 MB today are the minified bundles; 2 MB leaves room for the MCP SDK
 * to grow, and is 4% of the 47 MB (118 packages) the install weighed before. */
const MAX_INSTALL_PACKAGES = 3;
const MAX_INSTALL_MB = 2;
/** Start-up: `list` pays node's own start and little more; `lint` of a big board is parse-bound. */
const MAX_LIST_RATIO = 1.3;
const MAX_LINT_RATIO = 2.5;

export async function run(ctx) {
  const rows = [];
  const vsix = join(ctx.benchDir, 'bench.vsix');
  const result = spawnSync(process.execPath, [join(ctx.root, 'scripts', 'package.mjs'), '--out', vsix], { cwd: ctx.root, encoding: 'utf8' });
  const output = `${result.stdout}\n${result.stderr}`;
  const bundle = /dist\/extension\.js: ([\d.]+) KB minified/.exec(output);
  const js = /(\d+) JS files \(([^)]*)\)/.exec(output);
  const tgz = /([^\s:]+\.tgz): /.exec(output);
  if (!bundle || !js || !tgz) throw new Error(`npm run package printed no sizes (exit ${result.status}):\n${output.slice(-2000)}`);
  const kb = Number(bundle[1]);
  const count = Number(js[1]);
  const section = 'package';
  rows.push(
    { section, name: 'dist/extension.js, minified', target: '≤ 410', measured: kb, unit: 'KB', ok: kb <= 410 },
    { section, name: `JS files in the .vsix (${js[2]})`, target: '≤ 10', measured: count, unit: 'files', ok: count <= 10 },
    { section, name: '.vsix size', target: '', measured: Math.round(statSync(vsix).size / 1024), unit: 'KB', ok: true },
  );
  rmSync(vsix, { force: true });
  const tarball = join(ctx.benchDir, tgz[1].split('/').pop());
  const project = mkdtempSync(join(ctx.benchDir, 'npm-'));
  try {
    rows.push(...installRows(tarball, project));
    rows.push(...startupRows(ctx, project));
  } finally {
    rmSync(project, { recursive: true, force: true });
    rmSync(tarball, { force: true });
  }
  return rows;
}

/** Installs the tarball into `project` (offline: it may need nothing from the registry) and reports what that added. */
function installRows(tarball, project) {
  const section = 'npm package';
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'bench-consumer', version: '1.0.0', private: true })}\n`);
  execFileSync('npm', ['install', '--save-dev', '--offline', '--no-audit', '--no-fund', tarball], { cwd: project, stdio: 'pipe' });
  const lock = JSON.parse(readFileSync(join(project, 'node_modules', '.package-lock.json'), 'utf8'));
  const packages = Object.keys(lock.packages).length;
  const mb = bytesUnder(join(project, 'node_modules')) / 1024 / 1024;
  const r1 = (x) => Math.round(x * 10) / 10;
  return [
    { section, name: 'tarball size', target: '', measured: Math.round(statSync(tarball).size / 1024), unit: 'KB', ok: true },
    { section, name: 'packages `npm install -D agent-task-board` adds (from the tarball, offline)', target: `≤ ${MAX_INSTALL_PACKAGES}`, measured: packages, unit: 'packages', ok: packages <= MAX_INSTALL_PACKAGES },
    { section, name: 'installed size (node_modules of the new project)', target: `≤ ${MAX_INSTALL_MB}`, measured: r1(mb), unit: 'MB', ok: mb <= MAX_INSTALL_MB },
  ];
}

function bytesUnder(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += bytesUnder(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

function time(command, args, options) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(command, args, { encoding: 'utf8', ...options });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && !(options?.okStatus ?? []).includes(r.status)) throw new Error(`${command} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return ms;
}

/**
 * Each command against its reference, alternately, `runs` times after one
 * warm-up round, so drift in the machine's load hits both alike: the medians,
 * and the ratio of the best runs (on a loaded machine the closest to what the
 * code itself costs; shown beside the median ratio, as the parse section does).
 */
function paired(ctx, runs, reference, measured) {
  const [a, b] = ctx.interleaved(runs, 1, reference, measured);
  return [ctx.median(a), ctx.median(b), Math.min(...b) / Math.min(...a)];
}

/** The installed command line's start-up: `list` and `lint` as ratios to node, and what each way of invoking it costs. */
function startupRows(ctx, project) {
  const section = 'cli start-up';
  const rows = [];
  const cli = join(project, 'node_modules', 'agent-task-board', 'dist', 'cli.js');
  const r2 = (x) => Math.round(x * 100) / 100;
  const node = () => time(process.execPath, ['-e', '0']);

  const small = join(project, 'small');
  mkdirSync(small);
  writeFileSync(join(small, 'TODO.md'), makeBoard(2).text);
  const [n, list, listBest] = paired(ctx, 31, node, () => time(process.execPath, [cli, 'list', '--root', small]));
  rows.push({ section, name: '`node -e 0` start (reference)', target: '', measured: Math.round(n), unit: 'ms', ok: true });
  rows.push({ section, name: `\`list\`, 2-task board, whole process: ${Math.round(list)} ms; best-of ratio ${r2(listBest)}×`, target: `≤ ${MAX_LIST_RATIO}×`, measured: `${r2(list / n)}×`, unit: 'node start', ok: list / n <= MAX_LIST_RATIO, ratio: { value: list / n, target: MAX_LIST_RATIO, what: 'cli `list`, 2-task board, over `node -e 0`' } });

  // The same 50,000 tasks as a board for `lint` and as JSON for a process that only parses them.
  const big = join(project, 'big');
  mkdirSync(big);
  const { text, json } = makeBoard(50_000);
  writeFileSync(join(big, 'TODO.md'), text);
  const tasksJson = join(project, 'tasks.json');
  writeFileSync(tasksJson, json);
  const parseJson = () => time(process.execPath, ['-e', 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))', tasksJson]);
  // Fifteen pairs: one lint process moves 285-355 ms on a shared 2-core machine, and with nine pairs three runs of
  // this section within minutes read 2.32-2.54x.
  const [j, lint, lintBest] = paired(ctx, 15, parseJson, () => time(process.execPath, [cli, 'lint', '--root', big], { okStatus: [1] }));
  rows.push({ section, name: `node reading + JSON.parse of the 50,000 tasks, whole process (reference, ${Math.round(json.length / 1024)} KB)`, target: '', measured: Math.round(j), unit: 'ms', ok: true });
  rows.push({ section, name: `\`lint\`, 50,000-task board (${Math.round(text.length / 1024)} KB), whole process: ${Math.round(lint)} ms; best-of ratio ${r2(lintBest)}×`, target: `≤ ${MAX_LINT_RATIO}×`, measured: `${r2(lint / j)}×`, unit: 'node + JSON.parse', ok: lint / j <= MAX_LINT_RATIO, ratio: { value: lint / j, target: MAX_LINT_RATIO, what: 'cli `lint`, 50,000 tasks, over node + JSON.parse of them' } });

  // What an agent or a hook pays per call, by how it is invoked (README, "Command line").
  const ways = [
    ['`npx --no-install agent-task-board list`', 'npx', ['--no-install', 'agent-task-board', 'list', '--root', small]],
    ['`node_modules/.bin/agent-task-board list`', join(project, 'node_modules', '.bin', 'agent-task-board'), ['list', '--root', small]],
  ];
  for (const [name, command, args] of ways) {
    const [base, t] = paired(ctx, 7, node, () => time(command, args, { cwd: project }));
    rows.push({ section, name: `${name}, 2-task board: ${Math.round(t)} ms`, target: '', measured: `${r2(t / base)}×`, unit: 'node start', ok: true });
  }
  return rows;
}
