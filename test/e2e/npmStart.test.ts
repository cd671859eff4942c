// `npm start` as a developer runs it: the real npm, scripts/start.mjs and
// code-server, on a state folder of its own (ATB_START_DIR). What the
// workbench shows must be the extension's own words, read from the files the
// .vsix holds, on a fresh state folder and on one whose manifest cache is
// stale; and however npm is stopped, nothing it started keeps running.
// Linux only (/proc).
import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { demoWorkspace, freePort, openWorkbench, repoRoot, type Workbench } from '../host';
import { trackProcessGroup } from '../host/cleanup';
import { openBoard, until } from './boardSupport';
import { describeProcess, descendants, isRunning, type ProcessInfo } from './processTree';

interface NpmStart {
  readonly pid: number;
  readonly url: string;
  readonly port: number;
  /** Every process npm had started once the URL was printed. */
  readonly started: ProcessInfo[];
  readonly exited: Promise<void>;
  output(): string;
}

/** Runs `npm start -- <workspace>` in a process group of its own and waits for the URL it prints. */
async function npmStart(workspace: string, stateDir: string): Promise<NpmStart> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, ATB_START_DIR: stateDir, PORT: String(port) };
  delete env.ATB_TEST_RESULTS;
  const child = spawn('npm', ['start', '--', workspace], { cwd: repoRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not spawn npm');
  // A failed assertion must not leave the server running: the harness kills the group at the end.
  const untrack = trackProcessGroup(pid);
  const exited = new Promise<void>((resolve) => child.once('exit', () => (untrack(), resolve())));
  let text = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  const deadline = Date.now() + 150_000;
  let url: string | undefined;
  while (!(url = /Open: (\S+)/.exec(text)?.[1])) {
    if (Date.now() > deadline) throw new Error(`npm start printed no URL; its output:\n${text}`);
    if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}); its output:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { pid, url, port, started: descendants(pid), exited, output: () => text };
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/**
 * Stops npm with `signal`, sent to npm's pid only, or to its whole process group as a terminal's Ctrl-C is;
 * then checks that every process it had started ended and the port is free.
 */
async function assertStopsEverything(start: NpmStart, signal: NodeJS.Signals, to: 'npm' | 'group' = 'npm'): Promise<void> {
  assert.ok(start.started.some((p) => /start\.mjs/.test(fs.readFileSync(`/proc/${p.pid}/cmdline`, 'utf8'))), 'start.mjs was not found under npm');
  process.kill(to === 'group' ? -start.pid : start.pid, signal);
  await until(`every process npm started to end after ${signal}`, () => start.started.every((p) => !isRunning(p)), 30_000).catch((error: unknown) => {
    const left = start.started.filter(isRunning).map(describeProcess);
    throw new Error(`${String(error)}; these kept running:\n${left.join('\n')}\nnpm's output:\n${start.output()}`);
  });
  // The listening socket closes with its process; give the kernel a moment, and name the holder if it stays.
  const closed = await until(`port ${start.port} to stop answering`, async () => !(await portAnswers(start.port)), 10_000).then(
    () => true,
    () => false,
  );
  if (!closed) {
    let holder = '';
    try {
      holder = execFileSync('ss', ['-ltnpH', `sport = :${start.port}`], { encoding: 'utf8' });
    } catch {
      holder = '(ss not available)';
    }
    assert.fail(`port ${start.port} still answers after ${signal}; listening: ${holder.trim() || 'nobody (a connection was still accepted)'}`);
  }
}

/** The words a new user reads first: the activity bar, the view headers, the palette, the inline actions. */
async function assertOwnLabels(wb: Workbench): Promise<void> {
  await wb.clickActivityBar('Agent Tasks');
  const headers = wb.page.locator('.part.sidebar .pane-header h3.title');
  await wb.page.locator('.part.sidebar .pane-header h3.title', { hasText: /^Work Log$/i }).waitFor({ timeout: 60_000 });
  const titles = await headers.evaluateAll((els) => els.map((e) => e.textContent ?? ''));
  assert.deepEqual(titles, ['Tasks', 'Work Log']);
  assert.equal(await wb.page.locator('.part.sidebar .composite.title h2').textContent(), 'Agent Tasks');
  // A claimable task's inline action is named by the command's title.
  const row = wb.treeItem('TASK_005');
  await row.first().waitFor({ timeout: 60_000 });
  await row.first().hover();
  await row.first().locator('.action-label[aria-label="Claim Task"]').waitFor({ timeout: 10_000 });
  // The palette finds the command by its category and title, which would be `%…%` keys if the translations were missing.
  await openBoard(wb);
  // A notification names the extension it came from (a linked dist/ made it "Null Extension Description").
  await wb.runCommand('Agent Task Board: Reveal Task Under Cursor');
  const toast = wb.page.locator('.notification-toast .monaco-list-row', { hasText: 'The cursor is not on a task.' }).first();
  await toast.waitFor({ state: 'visible', timeout: 20_000 });
  assert.match((await toast.getAttribute('aria-label')) ?? '', /^The cursor is not on a task\., source: Agent Task Board,/);
  // The walkthrough is listed by its title.
  await wb.page.keyboard.press('Escape');
  await wb.runCommand('Welcome: Open Walkthrough...');
  await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Get started with Agent Task Board' }).first().waitFor({ timeout: 20_000 });
  const body = await wb.page.locator('body').innerText();
  assert.doesNotMatch(body, /%[A-Za-z][\w.]*%/, 'a placeholder is shown');
}

describe('npm start', function () {
  this.timeout(400_000);
  let scratch = '';
  let workspace = '';
  let stateDir = '';
  let workbench: Workbench | undefined;

  before(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-npm-start-'));
    workspace = path.join(scratch, 'workspace');
    stateDir = path.join(scratch, 'state');
    fs.cpSync(demoWorkspace, workspace, { recursive: true });
  });

  let running: NpmStart | undefined;

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await workbench?.screenshot(`failed-${this.currentTest.title}`).catch(() => undefined);
    await workbench?.close();
    workbench = undefined;
    // A failed test leaves npm start running: end its whole group, or mocha waits on it forever.
    if (running) {
      try {
        process.kill(-running.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
      await running.exited;
      running = undefined;
    }
  });

  after(() => {
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('loads the files the .vsix holds, with their labels, and ends everything on SIGTERM to npm', async () => {
    const start = (running = await npmStart(workspace, stateDir));
    const installed = path.join(stateDir, 'extension');
    assert.equal(fs.lstatSync(path.join(installed, 'dist')).isSymbolicLink(), false, 'dist/ is a link, not the packaged copy');
    for (const file of ['package.nls.json', 'l10n/bundle.l10n.json', 'dist/extension.js', 'media/walkthrough/open-view.md']) {
      assert.ok(fs.existsSync(path.join(installed, file)), `${file} is not in the extension npm start loads`);
    }
    workbench = await openWorkbench({ origin: `http://127.0.0.1:${start.port}`, url: () => start.url }, { extensionDevelopmentPath: null });
    await assertOwnLabels(workbench);
    await workbench.screenshot('npm-start-labels');
    await workbench.close();
    await assertStopsEverything(start, 'SIGTERM');
  });

  it('shows the same labels over a stale manifest cache, and ends everything when npm is killed', async () => {
    // What an older npm start left: VS Code's cache of the manifest, scanned when package.nls.json was not copied.
    const cache = path.join(stateDir, 'user', 'CachedProfilesData', '__default__profile__', 'extensions.user.cache');
    assert.ok(fs.existsSync(cache), `the first start left no manifest cache at ${cache}`);
    const cached = fs.readFileSync(cache, 'utf8');
    assert.match(cached, /"Agent Tasks"/);
    fs.writeFileSync(cache, cached.replaceAll('"Agent Tasks"', '"%viewsContainer.agentTaskBoard.title%"'));

    const start = (running = await npmStart(workspace, stateDir));
    workbench = await openWorkbench({ origin: `http://127.0.0.1:${start.port}`, url: () => start.url }, { extensionDevelopmentPath: null });
    await assertOwnLabels(workbench);
    await workbench.close();
    await assertStopsEverything(start, 'SIGKILL');
  });

  it('ends everything on Ctrl-C (SIGINT to the whole foreground group)', async () => {
    const start = (running = await npmStart(workspace, stateDir));
    await assertStopsEverything(start, 'SIGINT', 'group');
  });
});
