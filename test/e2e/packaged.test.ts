// The .vsix as a user gets it: `npm run package` builds it, code-server's
// `--install-extension` installs it into a fresh extensions folder (offline),
// and the workbench opens WITHOUT extensionDevelopmentPath, so everything the
// view shows comes from the files inside the package. A file the allow-list
// leaves out, or a dependency the bundle fails to carry, breaks this test.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { linkExtension, openWorkbench, repoRoot, startHost, type Host, type Workbench } from '../host';
import { hostEntry } from '../host/paths';
import { UI_COMMANDS } from '../integration/hookNames';

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
const extensionId = `${manifest.publisher}.${manifest.name}`;

describe('the packaged .vsix installed into VS Code', function () {
  this.timeout(240_000);
  let scratch = '';
  let extensionsDir = '';
  let probeOut = '';
  let host: Host | undefined;
  let workbench: Workbench | undefined;

  before(async function () {
    this.timeout(300_000);
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-vsix-'));
    const vsix = path.join(scratch, `${extensionId}.vsix`);
    execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'package.mjs'), '--out', vsix], { cwd: repoRoot, stdio: 'pipe' });
    extensionsDir = path.join(scratch, 'extensions');
    const installLog = execFileSync(
      process.execPath,
      [hostEntry, '--install-extension', vsix, '--extensions-dir', extensionsDir, '--user-data-dir', path.join(scratch, 'install-user')],
      { cwd: scratch, encoding: 'utf8' },
    );
    assert.match(installLog, /successfully installed/i, installLog);
    // The command probe (test/fixtures/command-probe) reports which commands the host holds. An
    // extensions folder with an extensions.json loads only what that file lists: the probe is added to it.
    const probe = linkExtension(extensionsDir, path.join(repoRoot, 'test', 'fixtures', 'command-probe'));
    const listed = path.join(extensionsDir, 'extensions.json');
    const entries = JSON.parse(fs.readFileSync(listed, 'utf8')) as unknown[];
    entries.push({
      identifier: { id: 'agent-task-board-test.command-probe' },
      version: '0.0.1',
      location: { $mid: 1, path: probe, scheme: 'file' },
      relativeLocation: path.basename(probe),
      metadata: { source: 'vsix' },
    });
    fs.writeFileSync(listed, JSON.stringify(entries));
    probeOut = path.join(scratch, 'commands.json');
    host = await startHost({ extensionsDir, env: { ATB_COMMAND_PROBE_OUT: probeOut } });
    workbench = await openWorkbench(host, { extensionDevelopmentPath: null });
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed') return;
    host?.saveLogs(path.join(repoRoot, '.test-results', 'e2e', 'packaged'));
    await workbench?.screenshot('failed-packaged').catch(() => undefined);
  });

  after(async function () {
    this.timeout(30_000);
    await workbench?.close();
    await host?.stop();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('unpacks only what runs into the extensions folder', () => {
    const installed = fs.readdirSync(extensionsDir).filter((entry) => entry.startsWith(`${extensionId}-`));
    assert.deepEqual(installed, [`${extensionId}-${manifest.version}`]);
    const folder = path.join(extensionsDir, installed[0]!);
    const files = listFiles(folder).sort();
    // Not a symlink to the checkout: a real copy made by the installer.
    assert.equal(fs.lstatSync(folder).isSymbolicLink(), false);
    for (const required of ['package.json', 'dist/extension.js', 'dist/testHooks.js', 'dist/board.js', 'dist/board.css', 'dist/codicon.ttf', 'media/icons/activity.svg']) {
      assert.ok(files.includes(required), `${required} is missing from the installed package: ${files.join(', ')}`);
    }
    const unexpected = files.filter((file) => /(^|\/)(src|test|node_modules|out)\//.test(file) || /\.(ts|map)$/.test(file) || file === 'dist/cli.js');
    assert.deepEqual(unexpected, []);
    assert.ok(files.filter((file) => file.endsWith('.js')).length <= 10);
  });

  it('holds no test hooks: of the internal commands, only those the UI runs', async () => {
    // The probe writes once the extension has activated; waiting on that file, not on a clock.
    while (!fs.existsSync(probeOut)) await new Promise((resolve) => setTimeout(resolve, 200));
    const report = JSON.parse(fs.readFileSync(probeOut, 'utf8')) as { extensionMode?: number; commands?: string[]; error?: string };
    assert.equal(report.error, undefined);
    // 1 is vscode.ExtensionMode.Production: the host runs extensions as a user's does.
    assert.equal(report.extensionMode, 1);
    assert.ok(report.commands!.includes('agentTaskBoard.openBoard'), `the extension did not register its commands: ${report.commands!.join(', ')}`);
    assert.deepEqual(report.commands!.filter((c) => c.startsWith('_')), UI_COMMANDS);
  });

  it('ships no node:inspector and no --expose-gc in dist/extension.js', () => {
    const folder = path.join(extensionsDir, `${extensionId}-${manifest.version}`);
    const shipped = fs.readFileSync(path.join(folder, 'dist', 'extension.js'), 'utf8');
    assert.ok(shipped.length > 10_000);
    for (const needle of ['node:inspector', '--expose-gc']) assert.equal(shipped.includes(needle), false, `dist/extension.js holds ${needle}`);
  });

  it('shows the demo workspace tasks in the Agent Tasks view', async () => {
    const wb = workbench!;
    await wb.clickActivityBar('Agent Tasks');
    for (const label of ['TASK_003', 'TASK_004: Rate-limit the login endpoint']) {
      await wb.treeItem(label).first().waitFor({ state: 'visible', timeout: 60_000 });
    }
    const shot = await wb.screenshot('packaged-agent-tasks-view');
    assert.ok(fs.statSync(shot).size > 0);
  });
});

function listFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listFiles(path.join(dir, entry.name), relative) : [relative];
  });
}
