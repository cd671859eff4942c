// `npm start [folder]`: builds the extension and opens it in a real VS Code
// (code-server, VS Code 1.100.3) on a copy of the demo workspace, or on the
// folder given. Prints the URL to open; Ctrl-C stops everything.
//
// The demo copy lives in .cache/demo-workspace (made once), so edits persist
// between starts while test/fixtures stays clean. VS Code's settings and state
// persist in .cache/start/ (ATB_START_DIR=<folder> puts them elsewhere). The
// extension is the files the .vsix would hold, copied into the extensions
// folder as <publisher>.<name>-<version>, so the plain printed URL loads what a
// user installs; a rebuild shows at the next `npm start`. PORT=<n> picks the port.
//
// However it is stopped (Ctrl-C, SIGTERM or SIGHUP to it or to npm, npm
// killed), code-server goes with it: npm passes SIGTERM to the shell that runs
// this script, not to the script, so the script also watches npm and ends when
// it is gone.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { ensureAll, repoRoot } from './setup-host.mjs';

function fail(message) {
  process.stderr.write(`start: ${message}\n`);
  process.exit(1);
}

const folderArg = process.argv.slice(2).find((a) => !a.startsWith('-'));
let workspace;
if (folderArg) {
  workspace = path.resolve(folderArg);
  if (!fs.statSync(workspace, { throwIfNoEntry: false })?.isDirectory()) fail(`${workspace} is not a folder`);
}

try {
  ensureAll();
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}

process.stdout.write('[start] building the extension (node esbuild.mjs)\n');
const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
if (build.status !== 0) {
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'extension.js'))) fail('the build failed and there is no dist/extension.js');
  process.stderr.write('[start] the build reported errors (above); starting with the dist/extension.js that exists\n');
}

if (!workspace) {
  workspace = path.join(repoRoot, '.cache', 'demo-workspace');
  if (!fs.existsSync(workspace)) {
    fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'demo-workspace'), workspace, { recursive: true });
    process.stdout.write(`[start] copied the demo workspace to ${path.relative(repoRoot, workspace)}\n`);
  }
}

const stateDir = path.resolve(process.env.ATB_START_DIR || path.join(repoRoot, '.cache', 'start'));
fs.mkdirSync(stateDir, { recursive: true });

// The launcher is TypeScript (test/host/); bundle it on the fly so starting
// never depends on the whole project type-checking. It finds the repo from its
// own place, so it is written inside it; one per process, as two starts may run.
const launcher = path.join(repoRoot, '.cache', `start-launcher-${process.pid}.cjs`);
await esbuild.build({
  stdin: {
    contents: "export { startHost } from './codeServer'; export { clearManifestCache, stageExtension } from './stageExtension';",
    resolveDir: path.join(repoRoot, 'test', 'host'),
    loader: 'ts',
  },
  outfile: launcher,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
});
// esbuild's service process would otherwise live as long as this script.
await esbuild.stop();
const { clearManifestCache, startHost, stageExtension } = await import(pathToFileURL(launcher).href);
fs.rmSync(launcher, { force: true });

// What VS Code loads: a copy of the package's files (not a link to the repo:
// that would put the repo inside its own .cache/ and tools that walk folders loop).
const extensionFolder = path.join(stateDir, 'extension');
const userDataDir = path.join(stateDir, 'user');
stageExtension(repoRoot, extensionFolder);
clearManifestCache(userDataDir);

// Set before the launcher's own handlers run (they stop code-server, then exit).
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    stopping = true;
    // Before code-server runs there is no launcher handler to exit; after, this is a
    // backstop (code-server's guardian ends its process group when this process ends).
    setTimeout(() => process.exit(1), 10_000).unref();
  });
}
watchLaunchers();

const host = await startHost({
  workspace,
  useWorkspaceInPlace: true,
  userDataDir,
  extensionsDir: path.join(stateDir, 'extensions'),
  installExtensions: [extensionFolder],
  port: process.env.PORT ? Number(process.env.PORT) : undefined,
}).catch((error) => fail(error instanceof Error ? error.message : String(error)));

process.stdout.write(
  `\nAgent Task Board is running in VS Code ${'1.100.3'} on ${workspace}\n\n` +
    `  Open: ${host.origin}/?folder=${encodeURIComponent(workspace)}\n\n` +
    `code-server log: ${host.logFile}\nPress Ctrl-C to stop.\n`,
);

// Ctrl-C / SIGTERM: the launcher's handlers stop code-server and exit.
const code = await host.exited;
if (!stopping) fail(`code-server exited unexpectedly (${code}); see ${host.logFile}`);

/**
 * Ends this script as SIGTERM would once whatever started it is gone: its
 * parent, and under `npm start` npm itself (the parent is then npm's shell,
 * which outlives npm when npm is killed). The launcher's SIGTERM handler stops
 * code-server.
 */
function watchLaunchers() {
  const watched = [process.ppid];
  if (process.env.npm_lifecycle_event) {
    const grandparent = parentOf(process.ppid);
    if (grandparent !== undefined && grandparent > 1) watched.push(grandparent);
  }
  const timer = setInterval(() => {
    const parentChanged = process.ppid !== watched[0];
    if (parentChanged || !watched.every(isAlive)) {
      clearInterval(timer);
      process.stderr.write('[start] the process that started npm start is gone; stopping\n');
      process.kill(process.pid, 'SIGTERM');
    }
  }, 500);
  timer.unref();
}

/** The parent of `pid` from Linux's /proc; undefined elsewhere. */
function parentOf(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}
