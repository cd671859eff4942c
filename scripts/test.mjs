// `npm test`: installs what is missing, then runs every tier in order, prints a
// table of each tier's time and counts, and ends with one line
// `N passed, N failed[, N skipped]` over all of them.
//
//   setup        npm ci if node_modules is missing/stale; Debian packages; code-server (cached in .cache/),
//                installed in the background while the tiers before integration run
//   typecheck    npm run typecheck's two projects: tsc -p . (whose output is the build's) and media
//   lint         npm run lint, in the background during build and unit (counts as one check)
//   build        tsc -p . into out/, node esbuild.mjs    (counts as one check)
//   unit         mocha out/test/unit/**/*.test.js: in-process only, no child processes
//   processes    mocha out/test/processes/**/*.test.js: tests that start processes (the CLI,
//                the MCP server, git, many CLIs at once); in the background beside package, integration
//                and e2e, one file at a time, its output printed after them (ATB_PROCESSES_BESIDE=0, or
//                without those tiers: in turn, two files at a time, the longest first)
//   package      mocha out/test/package/**/*.test.js: npm pack from a copy without dist/, the
//                tarball installed offline into a new project, the CLI and MCP server run with npx
//   integration  out/test/integration/**/*.test.js inside the real VS Code extension host (code-server);
//                untrusted*.test.js in a second host whose workspace is not trusted (Restricted Mode)
//   e2e          mocha out/test/e2e/**/*.test.js, each driving Chromium on code-server, two files at a time
//
// Options: --only <tier>[,<tier>...]  e.g. `--only unit` (setup and build always run).
// Every tier runs even when an earlier one failed, so one run shows everything;
// the exit status is 1 when anything failed.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureDebianPackages, ensureNpmPackages, hostIsInstalled, repoRoot } from './setup-host.mjs';

const TIERS = ['typecheck', 'lint', 'unit', 'processes', 'package', 'integration', 'e2e'];
const onlyIndex = process.argv.indexOf('--only');
const selected = onlyIndex >= 0 ? process.argv[onlyIndex + 1]?.split(',') ?? [] : TIERS;
for (const tier of selected) {
  if (!TIERS.includes(tier)) {
    process.stderr.write(`test: unknown tier "${tier}" (tiers: ${TIERS.join(', ')})\n`);
    process.exit(2);
  }
}
const needsHost = selected.includes('integration') || selected.includes('e2e');
const resultsDir = path.join(repoRoot, '.test-results');
const totals = { passed: 0, failed: 0, skipped: 0 };
const failedParts = [];
/** `tier: test title: first line of its error`, for each failed test, printed last. */
const failedTests = [];
/** The first failures of each tier with their whole messages (what a failure message adds, like a process report). */
const failureDetails = [];
const startedAt = Date.now();
/** One row per step that ran, for the summary table: name, seconds, counts (undefined for checks). */
const timings = [];

// ------------------------------------------------------------- child processes

let current;
let interrupted;
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = code;
    process.stderr.write(`\ntest: ${signal}, stopping ${current ? 'the running tier' : ''}\n`);
    stopBackground(signal);
    // The child ends its own code-server/Chromium on this signal, then we exit.
    if (current) current.kill(signal);
    else process.exit(code);
  });
}

/** Runs a command with inherited output; resolves with its exit code. */
function run(command, args, { env = {} } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: 'inherit',
    });
    current = child;
    child.once('error', (error) => {
      process.stderr.write(`test: could not run ${command}: ${error.message}\n`);
      resolve(127);
    });
    child.once('exit', (code, signal) => {
      current = undefined;
      if (interrupted) process.exit(interrupted);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

const inBackground = new Set();

/**
 * Runs a command beside the tiers, its output kept until it is awaited (so it
 * does not interleave with a tier's); resolves with its exit code, output and
 * how long it ran. It leads a process group of its own, so stopping it stops
 * what it started too (npm's installs and builds; an install is staged, see
 * setup-host.mjs, so a stopped one is never taken for a good one).
 */
function runInBackground(command, args, env = {}) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    inBackground.add(child);
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.once('error', (error) => {
      inBackground.delete(child);
      resolve({ code: 127, output: `test: could not run ${command}: ${error.message}\n`, ms: Date.now() - started });
    });
    child.once('close', (code, signal) => {
      inBackground.delete(child);
      resolve({ code: code ?? (signal ? 128 : 1), output: Buffer.concat(output).toString('utf8'), ms: Date.now() - started });
    });
  });
}

/** Stops every background step and what it started. */
function stopBackground(signal) {
  for (const child of inBackground) {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  }
}

function heading(title) {
  process.stdout.write(`\n=== ${title} ===\n`);
}

function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/** Prints a step's time and keeps it for the summary table. */
function finished(name, since, counts) {
  timings.push({ name, ms: Date.now() - since, counts });
  process.stdout.write(`${name}: ${seconds(since)}\n`);
}

/** A background step's own time (it ran beside others), printed and kept for the summary table. */
function ranFor(name, ms, counts) {
  timings.push({ name, ms, counts });
  process.stdout.write(`${name}: ${(ms / 1000).toFixed(1)} s (beside the other steps)\n`);
}

/** The summary table: each step's time and, for mocha tiers, its counts. */
function summaryTable() {
  const rows = timings.map(({ name, ms, counts }) => [
    name,
    `${(ms / 1000).toFixed(1)} s`,
    counts ? `${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}` : '',
  ]);
  rows.push(['total', `${((Date.now() - startedAt) / 1000).toFixed(1)} s`, '']);
  const width = [0, 1].map((i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map(([name, time, counts]) => `${name.padEnd(width[0])}  ${time.padStart(width[1])}  ${counts}`.trimEnd()).join('\n');
}

/** A step that is not a mocha run counts as one check. */
function recordCheck(name, ok) {
  if (ok) totals.passed += 1;
  else {
    totals.failed += 1;
    failedParts.push(name);
  }
}

// ------------------------------------------------------------------ mocha tiers

function findTests(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return findTests(full);
      return entry.name.endsWith('.test.js') ? [full] : [];
    })
    .sort();
}

/** Adds a tier's counts from the results file its reporter wrote; a crash without one is one failure. */
function recordTier(name, exitCode, resultsFile) {
  let results;
  try {
    results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  } catch {
    results = undefined;
  }
  if (!results) {
    process.stderr.write(`test: ${name} ended with exit ${exitCode} and reported no results\n`);
    recordCheck(name, false);
    return { passed: 0, failed: 1, skipped: 0 };
  }
  totals.passed += results.passed;
  totals.failed += results.failed;
  totals.skipped += results.skipped;
  for (const failure of results.failures ?? []) failedTests.push(`${name}: ${failure}`);
  for (const detail of results.details ?? []) failureDetails.push(`${name}: ${detail}`);
  if (results.failed > 0) failedParts.push(`${name} (${results.failed})`);
  else if (exitCode !== 0) {
    // Mocha failed outside any test (a file that does not load, a hook): still a failure.
    process.stderr.write(`test: ${name} exited ${exitCode} although no test failed\n`);
    recordCheck(name, false);
    return { ...results, failed: 1 };
  }
  return results;
}

/**
 * The processes tier's files, the longest first: mocha's workers take files in
 * this order, and a long file taken last runs alone while the other worker
 * idles. Alone on a 2-core machine, sync runs 52 s, syncRace 28 s, cli and
 * mergeDriver 18 s each, every other file under 15 s.
 */
function processesFiles(files) {
  const longest = ['sync', 'syncRace', 'cli', 'mergeDriver'];
  const rank = (file) => {
    const index = longest.indexOf(path.basename(file, '.test.js'));
    return index < 0 ? longest.length : index;
  };
  return [...files].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

const mochaBin = path.join(repoRoot, 'node_modules', 'mocha', 'bin', 'mocha.js');
const reporter = path.join(repoRoot, 'out', 'test', 'host', 'countingReporter.js');

function mochaArgs(files, timeoutMs, extra = []) {
  const args = [mochaBin, '--reporter', reporter, '--timeout', String(timeoutMs), ...extra];
  if (process.env.CI) args.push('--forbid-only');
  return [...args, ...files];
}

async function mochaTier(name, files, timeoutMs, extra = []) {
  heading(`${name} (${files.length} file${files.length === 1 ? '' : 's'})`);
  const t = Date.now();
  if (files.length === 0) {
    process.stdout.write(`no ${name} tests\n`);
    return;
  }
  const resultsFile = path.join(resultsDir, `${name}.json`);
  const code = await run(process.execPath, mochaArgs(files, timeoutMs, extra), { env: { ATB_TEST_RESULTS: resultsFile } });
  finished(name, t, recordTier(name, code, resultsFile));
}

/**
 * A mocha tier run beside the next steps (see runInBackground); the promise
 * settles, once awaited, with the tier reported as if it had run in turn.
 */
function mochaTierInBackground(name, files, timeoutMs, extra = []) {
  if (files.length === 0) return () => Promise.resolve(mochaTier(name, files, timeoutMs));
  const resultsFile = path.join(resultsDir, `${name}.json`);
  const running = runInBackground(process.execPath, mochaArgs(files, timeoutMs, extra), { ATB_TEST_RESULTS: resultsFile });
  return async () => {
    heading(`${name} (${files.length} file${files.length === 1 ? '' : 's'}, beside the other steps)`);
    const { code, output, ms } = await running;
    process.stdout.write(output);
    ranFor(name, ms, recordTier(name, code, resultsFile));
  };
}

// ------------------------------------------------------------------------ main

async function main() {
  fs.rmSync(resultsDir, { recursive: true, force: true });
  fs.mkdirSync(resultsDir, { recursive: true });

  heading('setup');
  let t = Date.now();
  let hostReady = false;
  /** The code-server install, when one runs beside the tiers before integration (a minute on a fresh machine). */
  let hostInstall;
  try {
    ensureNpmPackages();
    if (needsHost) {
      ensureDebianPackages();
      if (hostIsInstalled()) hostReady = true;
      else hostInstall = runInBackground(process.execPath, [path.join(repoRoot, 'scripts', 'setup-host.mjs'), '--host']);
    }
    finished('setup', t);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    recordCheck('setup', false);
  }
  if (hostInstall) process.stdout.write('code-server is installed in the background; its output follows before the integration tier\n');

  // Lint reads only the sources: it runs beside the build and the unit tier, and reports after them.
  const lint = selected.includes('lint') ? runInBackground('npm', ['run', '--silent', 'lint']) : undefined;

  heading('build');
  t = Date.now();
  // Fresh out/ so deleted tests do not run from stale output. Renamed away first
  // (atomic), so a tsc running elsewhere in the tree cannot make the delete fail.
  const out = path.join(repoRoot, 'out');
  if (fs.existsSync(out)) {
    const trash = `${out}.old-${process.pid}`;
    fs.renameSync(out, trash);
  }
  for (const entry of fs.readdirSync(repoRoot)) {
    if (!entry.startsWith('out.old-')) continue;
    try {
      fs.rmSync(path.join(repoRoot, entry), { recursive: true, force: true, maxRetries: 5 });
    } catch {
      // Something still writes there; the next run removes it.
    }
  }
  // This tsc is also the typecheck of the project (`npm run typecheck` runs the same one with --noEmit):
  // its errors are the typecheck tier's, reported below. It still emits on errors, so the tests of
  // the parts that compile can run.
  const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  const typeErrors = await run(process.execPath, [tsc, '-p', '.']);
  const compiled = fs.existsSync(reporter);
  if (!compiled) process.stderr.write('test: tsc -p . emitted nothing (out/test/host/countingReporter.js missing)\n');
  const bundled = (await run(process.execPath, ['esbuild.mjs'])) === 0;
  recordCheck('build', compiled && bundled);
  // The tests that run the bundles build them when run alone; here they were just built (test/processes/cliRun.ts).
  if (bundled) process.env.ATB_BUNDLED = '1';
  finished('build', t);

  if (selected.includes('typecheck')) {
    heading('typecheck');
    t = Date.now();
    if (typeErrors !== 0) process.stdout.write('tsc -p . reported type errors: see its output under build, above\n');
    const media = await run(process.execPath, [tsc, '-p', 'media', '--noEmit']);
    recordCheck('typecheck', typeErrors === 0 && media === 0);
    finished('typecheck', t);
  }

  if (compiled && selected.includes('unit')) {
    await mochaTier('unit', findTests(path.join(repoRoot, 'out', 'test', 'unit')), 10_000);
  }

  if (lint) {
    heading('lint');
    const { code, output, ms } = await lint;
    process.stdout.write(output);
    recordCheck('lint', code === 0);
    ranFor('lint', ms);
  }

  // The processes tier runs beside the package, integration and e2e tiers when those run: it spends much of its
  // time waiting on the processes it starts, and the extension host much of its own on the file watcher (alone,
  // the integration tier keeps a 2-core machine 56% busy). One file at a time there: two at a time beside
  // integration took as long in all, the machine being busy already, and slowed integration by a quarter.
  // In turn (ATB_PROCESSES_BESIDE=0, or without those tiers) two files at a time, the longest first, so that
  // no long file is left to run alone at the end (see processesFiles).
  // Each test sets its own bound where it waits on other processes; the default only catches a test that hangs outright.
  let processesTier;
  if (compiled && selected.includes('processes')) {
    const files = processesFiles(findTests(path.join(repoRoot, 'out', 'test', 'processes')));
    const beside = process.env.ATB_PROCESSES_BESIDE !== '0' && ['package', 'integration', 'e2e'].some((tier) => selected.includes(tier));
    if (beside) processesTier = mochaTierInBackground('processes', files, 60_000);
    else await mochaTier('processes', files, 60_000, ['--parallel', '--jobs', '2']);
  }

  if (compiled && selected.includes('package')) {
    await mochaTier('package', findTests(path.join(repoRoot, 'out', 'test', 'package')), 300_000);
  }

  if (hostInstall) {
    heading('setup: code-server');
    const { code, output, ms } = await hostInstall;
    process.stdout.write(output);
    hostReady = code === 0;
    if (!hostReady) recordCheck('setup', false);
    ranFor('setup: code-server', ms);
  }

  if (compiled && hostReady && selected.includes('integration')) {
    // Two host sessions: the trusted one runs every suite but untrusted*.test.js,
    // the restricted-mode one (workspace not trusted) runs only those.
    for (const [name, title, args] of [
      ['integration', 'integration (real VS Code extension host)', []],
      ['integration-untrusted', 'integration, untrusted workspace (Restricted Mode)', ['--untrusted']],
    ]) {
      heading(title);
      t = Date.now();
      const resultsFile = path.join(resultsDir, `${name}.json`);
      const code = await run(process.execPath, [path.join(repoRoot, 'out', 'test', 'host', 'runIntegration.js'), ...args], {
        env: { ATB_TEST_RESULTS: resultsFile },
      });
      finished(name, t, recordTier(name, code, resultsFile));
    }
  }

  if (compiled && hostReady && selected.includes('e2e')) {
    // Two files at a time, each in a mocha worker of its own with its own code-server and Chromium: a UI test
    // spends much of its time waiting on the workbench (389 s one file at a time, 322 s two at a time).
    await mochaTier('e2e', findTests(path.join(repoRoot, 'out', 'test', 'e2e')), 180_000, ['--parallel', '--jobs', '2']);
  }

  if (processesTier) await processesTier();

  heading('summary');
  process.stdout.write(`${summaryTable()}\n`);
  if (failedParts.length > 0) {
    process.stdout.write(`failed: ${failedParts.join(', ')}; logs and screenshots in .test-results/\n`);
    // CI keeps only the end of the output: the first failures are told whole here, before the one-line list.
    for (const detail of failureDetails) process.stdout.write(`--- ${detail.replace(/\n(?=.)/g, '\n    ')}\n`);
    for (const failure of failedTests) process.stdout.write(`  ${failure}\n`);
  }
  const skipped = totals.skipped > 0 ? `, ${totals.skipped} skipped` : '';
  process.stdout.write(`${totals.passed} passed, ${totals.failed} failed${skipped}\n`);
  return totals.failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    stopBackground('SIGTERM');
    process.stderr.write(`test: ${error instanceof Error ? error.stack : String(error)}\n0 passed, 1 failed\n`);
    process.exit(1);
  },
);
