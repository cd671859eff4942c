// Runs the integration suites (test/integration/**/*.test.ts, compiled) inside
// the real VS Code extension host: starts code-server on a copy of the demo
// workspace, opens the workbench with extensionTestsPath, waits for `run()`
// to settle. On failure keeps the host log and a screenshot in .test-results/.
// A session whose tests pass fails still if the extension host logged an error
// of the extension's (its deactivation included).
//
// Usage: node out/test/host/runIntegration.js [--untrusted]   (npm test runs it)
//   --untrusted: the folder opens in Restricted Mode and only the
//   test/integration/untrusted*.test.ts suites run (the others only without it).
// Env: ATB_TEST_RESULTS (counts file, passed on to the extension host),
//      ATB_INTEGRATION_TIMEOUT_MS (default 600000: how long the suites may go without printing a line),
//      ATB_INTEGRATION_TOTAL_MS (default 2400000: the session's bound in all), ATB_VERBOSE,
//      ATB_INTEGRATION_FILES=tree,board (only the suites whose file names contain one of the words),
//      ATB_INTEGRATION_GREP=lock (only the tests whose titles match).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanupAll } from './cleanup';
import { startHost, TEST_SETTINGS } from './codeServer';
import { integrationIndex, repoRoot, resultsDir } from './paths';
import { openWorkbench, type Workbench } from './workbench';

async function main(): Promise<number> {
  // The suites are given time while they make progress (mocha prints a line per
  // test, and each test has its own timeout); a fixed clock for the whole
  // session failed runs on a loaded machine that were only slow.
  const idleMs = Number(process.env.ATB_INTEGRATION_TIMEOUT_MS ?? 600_000);
  const totalMs = Number(process.env.ATB_INTEGRATION_TOTAL_MS ?? 2_400_000);
  const env: Record<string, string> = {};
  if (process.env.ATB_TEST_RESULTS) env.ATB_TEST_RESULTS = path.resolve(process.env.ATB_TEST_RESULTS);
  if (process.env.ATB_INTEGRATION_FILES) env.ATB_INTEGRATION_FILES = process.env.ATB_INTEGRATION_FILES;
  const untrusted = process.argv.includes('--untrusted');
  if (untrusted) env.ATB_INTEGRATION_UNTRUSTED = '1';
  const session = untrusted ? 'integration-untrusted' : 'integration';
  // The web workbench auto-saves a changed file after 1 s by default; desktop VS Code, whose extension API these
  // suites test, does not. With it on, a test that typed and then waited over a second for a diagnostic found its
  // explicit save joined to an auto-save, which enforcement leaves alone while the user is in the file (half the
  // runs of the enforcement suite alone here). A suite about auto-save turns it on itself.
  const host = await startHost({ env, trusted: !untrusted, settings: { ...TEST_SETTINGS, 'files.autoSave': 'off' } });
  let workbench: Workbench | undefined;
  let code = 1;
  let lastLine = Date.now();
  // The workbench's own warnings and errors (a save that fails or hangs is told there, not in the host's log).
  const workbenchProblems: string[] = [];
  // What VS Code's text file models traced (a test turns tracing on around a save it watches): how a save went.
  const saveTrace: string[] = [];
  try {
    const exitCode = new Promise<number>((resolve) => {
      void openWorkbench(host, {
        extensionTestsPath: integrationIndex,
        onExit: resolve,
        // The extension host's console (mocha's spec output) arrives here.
        onLog: (line) => {
          lastLine = Date.now();
          // The offline gallery lookup fails on every start; it is noise, not a test result.
          if (!line.includes('ENOTFOUND open-vsx.org')) process.stdout.write(`${line.replace(/^\[(log|info)\] /, '')}\n`);
        },
      }).then(
        (opened) => {
          workbench = opened;
          opened.page.on('console', (message) => {
            if (message.text().includes('[text file model]')) {
              saveTrace.push(`[workbench ${new Date().toISOString()}] ${message.text().split('\n', 1)[0].slice(0, 300)}`);
              if (saveTrace.length > 100) saveTrace.shift();
            }
            if (message.type() !== 'error' && message.type() !== 'warning') return;
            // The offline gallery lookup fails on every start: noise, kept out so it cannot push real lines out.
            if (/open-vsx|ERR_NAME_NOT_RESOLVED|ENOTFOUND/.test(message.text())) return;
            workbenchProblems.push(`[workbench ${new Date().toISOString()}] [${message.type()}] ${message.text().split('\n', 1)[0].slice(0, 500)}`);
            if (workbenchProblems.length > 200) workbenchProblems.shift();
          });
        },
        (error: unknown) => {
          process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
          resolve(1);
        },
      );
    });
    const started = Date.now();
    const timeout = new Promise<number>((resolve) => {
      const timer = setInterval(() => {
        const now = Date.now();
        let why: string | undefined;
        if (now - lastLine > idleMs) why = `printed nothing for ${idleMs / 1000} s (ATB_INTEGRATION_TIMEOUT_MS)`;
        else if (now - started > totalMs) why = `did not finish within ${totalMs / 1000} s (ATB_INTEGRATION_TOTAL_MS)`;
        if (!why) return;
        clearInterval(timer);
        process.stderr.write(`integration: the suites ${why}\n`);
        resolve(1);
      }, 1000);
      timer.unref();
      void exitCode.finally(() => clearInterval(timer));
    });
    code = await Promise.race([exitCode, timeout]);
    if (code === 0) {
      // The extension is deactivated as the extension host ends: an error of ours there (or anywhere in the
      // session) reaches no test, only the host's log.
      const errors = await extensionErrors(host.userDataDir);
      if (errors.length > 0) {
        process.stderr.write(`${session}: the extension host logged errors of Agent Task Board (or its reads of a folder's setting for no file):\n${errors.join('\n')}\n`);
        code = 1;
      }
    }
    if (code !== 0) {
      const dir = path.join(resultsDir, session);
      host.saveLogs(dir);
      if (workbench) await workbench.screenshot(`${session}-failure`).catch(() => undefined);
      // CI keeps only what was printed: the extension host's own warnings and errors go with the failure.
      for (const line of hostProblems(dir)) process.stderr.write(`${line}\n`);
      for (const line of workbenchProblems.slice(-30)) process.stderr.write(`${line}\n`);
      for (const line of saveTrace.slice(-40)) process.stderr.write(`${line}\n`);
      process.stderr.write(`${session}: failed (exit ${code}); host logs in ${path.relative(process.cwd(), dir)}, screenshot in .test-results/screenshots/\n`);
    }
  } finally {
    await workbench?.close();
    await host.stop();
  }
  return code;
}

const EXTENSION_ID = 'agent-task-board.agent-task-board';

/** The files under `dir` (recursively) whose path `keep` accepts; none when `dir` is missing. */
function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter(keep);
}

const isHostLog = (file: string): boolean => /(remote)?exthost\.log$/.test(path.basename(file));
/** The extension's own log (its Output channel, src/extension/log.ts). */
const isOwnLog = (file: string): boolean => file.includes(`${path.sep}${EXTENSION_ID}${path.sep}`) && file.endsWith('.log');
/** A log's entries: a stamped line and the unstamped lines after it (a stack). */
const entriesOf = (text: string): string[] => text.split(/\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)/);
const isError = (entry: string): boolean => /^\S+ \S+ \[error\]/.test(entry);
/**
 * VS Code's warning that the extension read a setting a folder may set (resource scope) without
 * saying for which file: in a multi-root workspace it would get another folder's value.
 */
const isUnscopedRead = (entry: string): boolean =>
  entry.includes(`[warning] [${EXTENSION_ID}] Accessing a resource scoped configuration without providing a resource`);

/**
 * The errors the extension host logged from Agent Task Board's code, read once
 * its log says it exited (waited for up to `waitMs`): each an entry at level
 * error whose text or stack names the extension or its bundles, each warning
 * that it read a folder's setting without a file, and every error in the
 * extension's own log.
 */
async function extensionErrors(userDataDir: string, waitMs = 15_000): Promise<string[]> {
  const logs = path.join(userDataDir, 'logs');
  const deadline = Date.now() + waitMs;
  let texts = filesUnder(logs, isHostLog).map((f) => fs.readFileSync(f, 'utf8'));
  while (Date.now() < deadline && !texts.every((t) => /exiting with code/.test(t))) {
    await new Promise((r) => setTimeout(r, 200));
    texts = filesUnder(logs, isHostLog).map((f) => fs.readFileSync(f, 'utf8'));
  }
  if (texts.length === 0) return [`no extension host log under ${logs}: nothing could be checked`];
  // Ours: named by its id, or with a frame in its bundles (other extensions ship a dist/extension.js too).
  const dist = path.join(repoRoot, 'dist') + path.sep;
  const ours = (entry: string): boolean => entry.includes(`'${EXTENSION_ID}'`) || entry.includes(dist);
  const errors = texts.flatMap((text) => entriesOf(text).filter((entry) => (isError(entry) && ours(entry)) || isUnscopedRead(entry)));
  for (const file of filesUnder(logs, isOwnLog)) {
    errors.push(...entriesOf(fs.readFileSync(file, 'utf8')).filter(isError).map((entry) => `[${path.basename(file)}] ${entry}`));
  }
  return errors.map((entry) => entry.trimEnd());
}

/** The last warnings and errors of the extension host logs saved in `dir`, each line named by its log. */
function hostProblems(dir: string, max = 40): string[] {
  const lines = filesUnder(dir, (file) => /exthost/i.test(file) && file.endsWith('.log')).flatMap((file) =>
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => /\[(error|warning)\]/.test(line))
      .map((line) => `[${path.basename(file)}] ${line}`),
  );
  return lines.slice(-max);
}

main().then(
  async (code) => {
    await cleanupAll();
    process.exit(code);
  },
  async (error: unknown) => {
    process.stderr.write(`integration: ${error instanceof Error ? error.stack : String(error)}\n`);
    await cleanupAll();
    process.exit(1);
  },
);
