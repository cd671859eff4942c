// `npm run test:desktop`: the same integration suites (test/integration) in
// desktop VS Code, downloaded by @vscode/test-electron. NEEDS THE INTERNET
// (update.code.visualstudio.com) and a display (on Linux without one, run it
// under `xvfb-run -a`). `npm test` runs the same suites offline in code-server.
//
//   VSCODE_VERSION=stable|insiders|1.100.3  (default: stable; mocha 12 needs the
//   Node >= 20.19 / 22.12 that recent desktop builds ship)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
if (build.status !== 0) process.exit(1);
spawnSync(process.execPath, [path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], { cwd: repoRoot, stdio: 'inherit' });
const testsIndex = path.join(repoRoot, 'out', 'test', 'integration', 'index.js');
if (!fs.existsSync(testsIndex)) {
  process.stderr.write('test:desktop: tsc did not emit out/test/integration/index.js\n');
  process.exit(1);
}

// Same rules as the code-server host: a throwaway workspace copy and fresh profile.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-desktop-'));
const workspace = path.join(scratch, 'demo-workspace');
fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'demo-workspace'), workspace, { recursive: true });
const userDataDir = path.join(scratch, 'user');
fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
fs.writeFileSync(
  path.join(userDataDir, 'User', 'settings.json'),
  // Local History off as in the code-server test hosts (TEST_SETTINGS in test/host/codeServer.ts says why).
  JSON.stringify({ 'security.workspace.trust.enabled': false, 'workbench.startupEditor': 'none', 'update.mode': 'none', 'workbench.localHistory.enabled': false }, null, 2),
);

let code = 1;
try {
  code = await runTests({
    version: process.env.VSCODE_VERSION ?? 'stable',
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: testsIndex,
    extensionTestsEnv: { ATB_TEST_RESULTS: path.join(repoRoot, '.test-results', 'desktop.json') },
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--user-data-dir', userDataDir, '--extensions-dir', path.join(scratch, 'extensions')],
  });
} catch (error) {
  process.stderr.write(`test:desktop: ${error instanceof Error ? error.message : String(error)}\n`);
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
process.exit(code);
