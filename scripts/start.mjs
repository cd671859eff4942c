// `npm start [folder]`: builds the extension and opens it in a real VS Code
// (code-server, VS Code 1.100.3) on a copy of the demo workspace, or on the
// folder given. Prints the URL to open; Ctrl-C stops everything.
//
// The demo copy lives in .cache/demo-workspace (made once), so edits persist
// between starts while test/fixtures stays clean. VS Code's settings and state
// persist in .cache/start/. The extension is linked into the extensions folder
// as <publisher>.<name>-<version>, so the plain printed URL loads it. PORT=<n> picks the port.
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

// What VS Code loads: package.json copied, dist/ and media/ linked, so a
// rebuild shows after a window reload. Not a link to the repo itself: that
// would put the repo inside its own .cache/ and tools that walk folders loop.
const extensionFolder = path.join(repoRoot, '.cache', 'start', 'extension');
fs.rmSync(extensionFolder, { recursive: true, force: true });
fs.mkdirSync(extensionFolder, { recursive: true });
for (const file of ['package.json', 'README.md', 'LICENSE']) {
  if (fs.existsSync(path.join(repoRoot, file))) fs.copyFileSync(path.join(repoRoot, file), path.join(extensionFolder, file));
}
for (const folder of ['dist', 'media']) fs.symlinkSync(path.join(repoRoot, folder), path.join(extensionFolder, folder), 'dir');

// The launcher is TypeScript (test/host/codeServer.ts); bundle it on the fly
// so starting never depends on the whole project type-checking.
const launcher = path.join(repoRoot, '.cache', 'start', 'codeServer.cjs');
await esbuild.build({
  entryPoints: [path.join(repoRoot, 'test', 'host', 'codeServer.ts')],
  outfile: launcher,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
});
const { startHost } = await import(pathToFileURL(launcher).href);

// Set before the launcher's own handlers run (they stop code-server, then exit).
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => (stopping = true));

const host = await startHost({
  workspace,
  useWorkspaceInPlace: true,
  userDataDir: path.join(repoRoot, '.cache', 'start', 'user'),
  extensionsDir: path.join(repoRoot, '.cache', 'start', 'extensions'),
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
