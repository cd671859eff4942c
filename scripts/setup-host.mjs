// Installs what the tests and `npm start` need and that a fresh machine lacks:
// the project's npm packages, a few Debian packages (native build headers,
// ripgrep, Chromium) and a real VS Code: code-server, pinned, cached in the
// ignored `.cache/` folder so later runs reuse it.
//
// Why by hand: code-server's postinstall refuses to run as root and downloads
// ripgrep from GitHub, which these machines cannot reach. So the steps below
// install code-server from the npm registry with scripts off, copy Debian's ripgrep
// into place; they work offline (nothing but npm and Debian packages).
//
// Usage: node scripts/setup-host.mjs [--host]   (idempotent; prints what it did; --host: code-server only)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CODE_SERVER_VERSION = '4.100.3';
export const DEBIAN_PACKAGES = ['libkrb5-dev', 'libxkbfile-dev', 'libsecret-1-dev', 'libx11-dev', 'ripgrep', 'chromium'];

const cacheDir = path.join(repoRoot, '.cache');
export const hostDir = path.join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);
export const hostEntry = path.join(hostDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const markerFile = path.join(hostDir, '.installed-version');

function log(message) {
  process.stdout.write(`[setup] ${message}\n`);
}

/** Runs a command with inherited output; throws with the command line when it fails. */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) {
    const where = options.cwd ? ` (in ${options.cwd})` : '';
    throw new Error(`setup: \`${command} ${args.join(' ')}\`${where} failed with ${result.status ?? result.signal}`);
  }
}

// ---------------------------------------------------------------- npm packages

/**
 * node_modules is stale when npm's hidden lockfile is missing or older than
 * package-lock.json (a pull changed the lockfile); `npm ci` then reinstalls.
 */
export function npmPackagesAreStale() {
  const hidden = path.join(repoRoot, 'node_modules', '.package-lock.json');
  const lock = path.join(repoRoot, 'package-lock.json');
  if (!fs.existsSync(hidden)) return true;
  return fs.statSync(lock).mtimeMs > fs.statSync(hidden).mtimeMs;
}

export function ensureNpmPackages() {
  if (!npmPackagesAreStale()) return false;
  // A linked node_modules (a git worktree sharing another checkout's) belongs to
  // that checkout: `npm ci` here would empty it through the link for everyone.
  if (fs.lstatSync(path.join(repoRoot, 'node_modules'), { throwIfNoEntry: false })?.isSymbolicLink()) {
    log('node_modules is a link to another checkout\'s: not reinstalled here (run npm ci there if it is stale)');
    return false;
  }
  log('node_modules missing or older than package-lock.json: npm ci');
  run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: repoRoot });
  return true;
}

// ------------------------------------------------------------- Debian packages

function isInstalled(pkg) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

export function ensureDebianPackages() {
  const missing = DEBIAN_PACKAGES.filter((pkg) => !isInstalled(pkg));
  if (missing.length === 0) return false;
  if (process.getuid && process.getuid() !== 0) {
    throw new Error(`setup: missing Debian packages ${missing.join(' ')}; run as root or: sudo apt-get install -y ${missing.join(' ')}`);
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], { env });
  run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
  return true;
}

// -------------------------------------------------------------------- the host

export function hostIsInstalled() {
  return fs.existsSync(markerFile) && fs.readFileSync(markerFile, 'utf8').trim() === CODE_SERVER_VERSION && fs.existsSync(hostEntry);
}

/**
 * Installs code-server into a staging folder and renames it into place only
 * when every step succeeded, so an interrupted install is never mistaken for
 * a good one.
 */
export function ensureHost() {
  if (hostIsInstalled()) return false;
  const started = Date.now();
  const staging = `${hostDir}.partial`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  log(`installing code-server@${CODE_SERVER_VERSION} (VS Code 1.100.3) into ${path.relative(repoRoot, hostDir)} (about 3 minutes, once)`);

  // node-gyp builds native modules; point it at the local node headers when the
  // distribution ships them, since nodejs.org is not reachable.
  const env = { ...process.env, npm_config_yes: 'true', npm_config_audit: 'false', npm_config_fund: 'false' };
  if (!env.npm_config_nodedir && fs.existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr';
  // Our own package.json so npm does not walk up into the project's.
  fs.writeFileSync(path.join(staging, 'package.json'), JSON.stringify({ name: 'vscode-host-cache', private: true }, null, 2));

  run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], { cwd: staging, env });
  // code-server's CLI loads argon2 even with `--auth none`.
  run('npm', ['rebuild', 'argon2', '--build-from-source'], { cwd: staging, env });

  const vscodeDir = path.join(staging, 'node_modules', 'code-server', 'lib', 'vscode');
  run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: vscodeDir, env });
  const rgDir = path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  fs.mkdirSync(rgDir, { recursive: true });
  fs.rmSync(path.join(rgDir, 'rg'), { force: true });
  fs.copyFileSync('/usr/bin/rg', path.join(rgDir, 'rg'));
  fs.chmodSync(path.join(rgDir, 'rg'), 0o755);
  run('npm', ['rebuild'], { cwd: vscodeDir, env });
  const asar = path.join(vscodeDir, 'node_modules.asar');
  if (!fs.existsSync(asar)) fs.symlinkSync('node_modules', asar);
  run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund'], { cwd: path.join(vscodeDir, 'extensions'), env });

  // Paths inside node_modules are relative, so the staged tree can be moved.
  fs.writeFileSync(path.join(staging, '.installed-version'), `${CODE_SERVER_VERSION}\n`);
  fs.rmSync(hostDir, { recursive: true, force: true });
  fs.renameSync(staging, hostDir);
  log(`code-server installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return true;
}

/** Everything the test tiers and `npm start` need, in dependency order. */
export function ensureAll({ npm = true } = {}) {
  if (npm) ensureNpmPackages();
  ensureDebianPackages();
  ensureHost();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    // `--host`: code-server only (npm test installs it beside the first tiers, after its own npm and Debian checks).
    if (process.argv.includes('--host')) ensureHost();
    else ensureAll();
    log('ready');
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
