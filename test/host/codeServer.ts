// Starts a real VS Code (code-server, VS Code 1.100.3) on 127.0.0.1 with a
// fresh user-data and extensions folder and a throwaway copy of the workspace.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { killGroup, trackCleanup, trackProcessGroup } from './cleanup';
import { CODE_SERVER_VERSION, demoWorkspace, hostEntry, repoRoot } from './paths';

export interface HostOptions {
  /** Folder to open; copied to a temp folder first so tests never dirty it. Default: test/fixtures/demo-workspace. */
  workspace?: string;
  /** Open the folder itself instead of a copy (`npm start` does, for a folder the user chose). */
  useWorkspaceInPlace?: boolean;
  /** Extra user settings, merged over the harness defaults. */
  settings?: Record<string, unknown>;
  /**
   * Whether the folder opens trusted. Default true (workspace trust off, as
   * before). `false` turns workspace trust on without any prompt and trusts
   * nothing, so the folder opens in Restricted Mode (`vscode.workspace.isTrusted === false`).
   */
  trusted?: boolean;
  /** Extra environment for code-server; it reaches the extension host (and so `run()` of integration tests). */
  env?: Record<string, string>;
  /** Keep VS Code's user data here (settings persist; not deleted on stop). Default: a fresh temp folder. */
  userDataDir?: string;
  /** Keep extensions here (not deleted on stop). Default: a fresh temp folder. */
  extensionsDir?: string;
  /** Extension folders (with package.json) linked into the extensions folder, so a plain URL loads them. */
  installExtensions?: string[];
  /** Fixed port; default: a free one. */
  port?: number;
  /** How long code-server may take to answer HTTP. Default 60 s. */
  startTimeoutMs?: number;
  /** Log lines from code-server also go to this stream (they always go to the log file). */
  echo?: NodeJS.WritableStream;
}

export interface Host {
  readonly port: number;
  readonly origin: string;
  /** The folder VS Code has open (the temp copy unless useWorkspaceInPlace). */
  readonly workspace: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** code-server's stdout+stderr. */
  readonly logFile: string;
  /** Workbench URL; with `extensionDevelopmentPath` (and optionally `extensionTestsPath`) in the payload. */
  url(load?: { extensionDevelopmentPath?: string; extensionTestsPath?: string }): string;
  /** Copies the host log and VS Code's own logs into `dir`. */
  saveLogs(dir: string): void;
  /** Settles when code-server exits, with its exit code. */
  readonly exited: Promise<number | null>;
  /** Ends code-server and its children and removes the temp folders. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Merged over HARNESS_SETTINGS when `trusted: false`: workspace trust on, but
 * no start-up dialog, banner or prompt for files, so nothing blocks the
 * workbench and the folder (trusted by nobody in a fresh user-data folder)
 * opens in Restricted Mode.
 */
export const UNTRUSTED_SETTINGS: Record<string, unknown> = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'security.workspace.trust.untrustedFiles': 'open',
  'security.workspace.trust.emptyWindow': false,
};

/** Settings that keep first-run dialogs, tips and network calls out of the way. */
export const HARNESS_SETTINGS: Record<string, unknown> = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'chat.commandCenter.enabled': false,
  'window.restoreWindows': 'none',
  'files.hotExit': 'off',
  // code-server's extension host counts as a remote one, so VS Code looks in it for ports to forward: every 2 s or
  // more it runs `ls -l /proc/[0-9]*/fd/[0-9]* | grep socket:` from the host. That spawn forks the host, and held it
  // up to 51 ms with a 50 MB board loaded. A desktop VS Code's local extension host never scans.
  // Auto-forwarding off alone left the scan running here; reading ports from terminal output instead stops it.
  'remote.autoForwardPorts': false,
  'remote.autoForwardPortsSource': 'output',
};

/**
 * What the sessions that run tests add to HARNESS_SETTINGS (`npm start`'s demo keeps VS Code's defaults).
 *
 * Local History off. Just after each save VS Code's Local History copies the file with `fs.copyFile`, holding the
 * file's write lock in the VS Code server. When an agent rewrites the file shorter in place at that moment (as the
 * tests' agents do with `fs.writeFileSync`), the copy of this server's Node (20.20.2, libuv 1.46, on Linux) never
 * ends: it meets the end of the file before the size it read and tries again forever, one core spins, and every
 * later save of that file waits for the lock. Caught so in the git enforcement suite (the server held the file open
 * for reading while one of its threads ran on); the sidebar suite's save that never ended in CI looked the same.
 * `fs.copyFile` alone reproduces it. A user's VS Code has the same race (README, "A save that never ends"); the
 * tests leave it out so that a hung save they meet is one of ours.
 */
export const TEST_SETTINGS: Record<string, unknown> = {
  'workbench.localHistory.enabled': false,
};

/**
 * Leads code-server's process group and kills the whole group when its stdin
 * closes, i.e. when the test process dies, even by SIGKILL (which runs no
 * exit handler): a killed test run leaves no code-server behind.
 */
const GUARDIAN = `
const { spawn } = require('node:child_process');
const server = spawn(process.execPath, process.argv.slice(1), { stdio: ['ignore', 'inherit', 'inherit'] });
const killGroup = () => { try { process.kill(-process.pid, 'SIGKILL'); } catch {} };
process.stdin.on('end', killGroup).on('error', killGroup).resume();
process.on('SIGTERM', () => server.kill('SIGTERM'));
server.on('exit', (code) => process.exit(code ?? 1));
`;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startHost(options: HostOptions = {}): Promise<Host> {
  if (!fs.existsSync(hostEntry)) {
    throw new Error(`test host: code-server ${CODE_SERVER_VERSION} is not installed at ${hostEntry}; run \`node scripts/setup-host.mjs\` (npm test does it).`);
  }
  const trusted = options.trusted ?? true;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-host-'));
  const userDataDir = path.resolve(options.userDataDir ?? path.join(root, 'user'));
  const extensionsDir = path.resolve(options.extensionsDir ?? path.join(root, 'extensions'));
  const logFile = path.join(root, 'code-server.log');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  // A kept user-data folder keeps the user's own settings; a fresh one gets ours.
  if (!options.userDataDir || !fs.existsSync(settingsFile)) {
    const trust = trusted ? {} : UNTRUSTED_SETTINGS;
    fs.writeFileSync(settingsFile, JSON.stringify({ ...HARNESS_SETTINGS, ...trust, ...options.settings }, null, 2));
  }
  for (const extension of options.installExtensions ?? []) linkExtension(extensionsDir, extension);

  const source = path.resolve(options.workspace ?? demoWorkspace);
  let workspace = source;
  if (!options.useWorkspaceInPlace) {
    workspace = path.join(root, 'workspace', path.basename(source));
    fs.cpSync(source, workspace, { recursive: true });
  }

  const port = options.port ?? (await freePort());
  const origin = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    // A parent VS Code's variables would make code-server talk to it instead.
    if (value !== undefined && !key.startsWith('VSCODE_') && key !== 'ELECTRON_RUN_AS_NODE') env[key] = value;
  }
  Object.assign(env, options.env);

  const log = fs.openSync(logFile, 'a');
  const child = spawn(
    process.execPath,
    [
      '-e',
      GUARDIAN,
      hostEntry,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      // Without it code-server leaves trust to the settings (restricted mode for `trusted: false`).
      ...(trusted ? ['--disable-workspace-trust'] : []),
      '--disable-getting-started-override',
      '--user-data-dir', userDataDir,
      '--extensions-dir', extensionsDir,
      workspace,
    ],
    { cwd: repoRoot, env, detached: true, stdio: ['pipe', options.echo ? 'pipe' : log, options.echo ? 'pipe' : log] },
  );
  fs.closeSync(log);
  if (options.echo) {
    const sink = fs.createWriteStream(logFile, { flags: 'a' });
    for (const stream of [child.stdout, child.stderr]) {
      stream?.on('data', (chunk: Buffer) => {
        sink.write(chunk);
        options.echo?.write(chunk);
      });
    }
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error('test host: could not spawn code-server');
  const untrackGroup = trackProcessGroup(pid);
  let exited = false;
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => ((exited = true), resolve(code))));

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      untrackCleanup();
      if (!exited) {
        killGroup(pid, 'SIGTERM');
        const timer = new Promise<void>((resolve) => setTimeout(resolve, 5000).unref());
        await Promise.race([exit, timer]);
      }
      // Children that ignored SIGTERM (or outlived their parent) go too.
      killGroup(pid, 'SIGKILL');
      untrackGroup();
      fs.rmSync(root, { recursive: true, force: true, maxRetries: 3 });
    })());
  const untrackCleanup = trackCleanup(stop);

  const host: Host = {
    port,
    origin,
    workspace,
    userDataDir,
    extensionsDir,
    logFile,
    exited: exit,
    url(load = {}) {
      const payload: string[][] = [['skipWelcome', 'true']];
      if (load.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${path.resolve(load.extensionDevelopmentPath)}`]);
      if (load.extensionTestsPath) payload.push(['extensionTestsPath', `vscode-remote://127.0.0.1:${port}${path.resolve(load.extensionTestsPath)}`]);
      return `${origin}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    },
    saveLogs(dir) {
      fs.mkdirSync(dir, { recursive: true });
      if (fs.existsSync(logFile)) fs.copyFileSync(logFile, path.join(dir, 'code-server.log'));
      const vscodeLogs = path.join(userDataDir, 'logs');
      if (fs.existsSync(vscodeLogs)) fs.cpSync(vscodeLogs, path.join(dir, 'vscode-logs'), { recursive: true });
    },
    stop,
  };

  try {
    await waitUntilServing(origin, options.startTimeoutMs ?? 60_000, () => exited, logFile);
  } catch (error) {
    await stop();
    throw error;
  }
  return host;
}

/**
 * Links an extension folder into the extensions folder as
 * `<publisher>.<name>-<version>` (replacing older links of the same extension),
 * which is how VS Code finds installed extensions without a gallery.
 */
export function linkExtension(extensionsDir: string, extensionFolder: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(extensionFolder, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  const id = `${manifest.publisher}.${manifest.name}`;
  for (const entry of fs.readdirSync(extensionsDir)) {
    if (!entry.startsWith(`${id}-`)) continue;
    const old = path.join(extensionsDir, entry);
    // A link is unlinked, never followed: its target is the developer's checkout.
    if (fs.lstatSync(old).isSymbolicLink()) fs.unlinkSync(old);
    else fs.rmSync(old, { recursive: true, force: true });
  }
  const link = path.join(extensionsDir, `${id}-${manifest.version}`);
  fs.symlinkSync(path.resolve(extensionFolder), link, 'dir');
  return link;
}

async function waitUntilServing(origin: string, timeoutMs: number, hasExited: () => boolean, logFile: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error(`test host: code-server exited during start-up. Its log:\n${tail(logFile)}`);
    if (await answers(`${origin}/healthz`)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`test host: code-server did not answer on ${origin} within ${timeoutMs / 1000} s. Its log:\n${tail(logFile)}`);
}

function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(url, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.setTimeout(2000, () => request.destroy());
    request.once('error', () => resolve(false));
  });
}

function tail(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
