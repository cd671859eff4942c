// Where things are, computed from this file's location so tests run from any cwd.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Keep in sync with CODE_SERVER_VERSION in scripts/setup-host.mjs (which installs it). */
export const CODE_SERVER_VERSION = '4.100.3';

function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'agent-task-board') return dir;
    if (path.dirname(dir) === dir) throw new Error(`test host: no agent-task-board package.json above ${start}`);
  }
}

export const repoRoot = findRepoRoot(__dirname);
export const hostEntry = path.join(repoRoot, '.cache', `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const resultsDir = path.join(repoRoot, '.test-results');
export const screenshotsDir = path.join(resultsDir, 'screenshots');
export const demoWorkspace = path.join(repoRoot, 'test', 'fixtures', 'demo-workspace');
/** The compiled integration entry (no `.js`, as extensionTestsPath wants it). */
export const integrationIndex = path.join(repoRoot, 'out', 'test', 'integration', 'index');
export const chromiumPath = process.env.ATB_CHROMIUM ?? '/usr/bin/chromium';
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A file-system-safe name for a test title. */
export function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 100) || 'unnamed';
}
