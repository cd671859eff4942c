// The test harness's own promises, checked on real processes: no code-server
// or Chromium outlives the process that started them, however it ends (even
// by SIGKILL, which runs no cleanup code), and a failed UI test leaves the
// host's logs and a screenshot under .test-results/. Linux only (/proc).
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot, resultsDir, screenshotsDir } from '../host';
import { trackProcessGroup } from '../host/cleanup';
import { slug } from '../host/paths';
import { commandLine, describeProcess, descendants, isRunning, readProcess, runningInGroups, type ProcessInfo } from './processTree';

const fixtures = path.join(__dirname, 'fixtures');

/** Polls `check` every 250 ms until it holds or `timeoutMs` passes; returns whether it held. */
async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (check()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

interface Child {
  process: ChildProcess;
  /** stdout and stderr so far, for failure messages. */
  output(): string;
  /** Settles with the first stdout line starting with `word`, rejects if the child exits before. */
  line(word: string, timeoutMs: number): Promise<string>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Runs node with `args` in a process group of its own, so that whatever it
 * leaves in its group is found, and so a SIGKILL to it reaches no one else.
 */
function startChild(args: string[], env: Record<string, string> = {}): Child {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  // The child's mocha must not write its counts over npm test's own.
  delete childEnv.ATB_TEST_RESULTS;
  const child = spawn(process.execPath, args, { cwd: repoRoot, env: childEnv, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  // Outside our group, Ctrl-C does not reach it: the harness's own cleanup (on exit, SIGINT, SIGTERM) kills it while it runs.
  const untrack = child.pid === undefined ? () => false : trackProcessGroup(child.pid);
  child.once('exit', untrack);
  let text = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const findLine = (word: string): string | undefined => text.split('\n').find((l) => l.startsWith(`${word} `) || l === word);
  return {
    process: child,
    output: () => text,
    exited,
    async line(word, timeoutMs) {
      const found = await waitUntil(() => findLine(word) !== undefined || hasExited, timeoutMs);
      const line = findLine(word);
      if (line !== undefined) return line;
      throw new Error(`the child ${found ? 'exited' : `did not print "${word}" within ${timeoutMs / 1000} s`}; its output:\n${text}`);
    },
  };
}

/** Every process the child started, taken once code-server, its extension host and Chromium all run. */
async function waitForFullTree(child: Child): Promise<ProcessInfo[]> {
  const pid = child.process.pid ?? 0;
  const roles = {
    'code-server': (info: ProcessInfo) => commandLine(info.pid).includes('code-server/out/node/entry'),
    'extension host': (info: ProcessInfo) => commandLine(info.pid).includes('--type=extensionHost'),
    Chromium: (info: ProcessInfo) => /chrom/i.test(info.comm),
  };
  const missing = () => Object.entries(roles).filter(([, is]) => !descendants(pid).some(is)).map(([role]) => role);
  await waitUntil(() => missing().length === 0, 90_000);
  assert.deepEqual(missing(), [], `the child never ran all of its processes; it runs:\n${descendants(pid).map(describeProcess).join('\n')}\nits output:\n${child.output()}`);
  return descendants(pid);
}

/** Waits (bounded) until none of `started` runs and nothing is left in their process groups; fails naming the survivors. */
async function assertAllEnded(started: ProcessInfo[], groups: Set<number>, context: string): Promise<void> {
  const survivors = () => {
    const left = new Map<number, ProcessInfo>();
    for (const info of started.filter(isRunning)) left.set(info.pid, info);
    for (const info of runningInGroups(groups)) left.set(info.pid, info);
    return [...left.values()];
  };
  await waitUntil(() => survivors().length === 0, 30_000);
  const left = survivors();
  const described = left.map(describeProcess);
  // Whatever the verdict, this test leaves nothing running behind itself either.
  for (const group of groups) {
    if (left.some((info) => info.pgid === group)) {
      try {
        process.kill(-group, 'SIGKILL');
      } catch {
        // Gone meanwhile.
      }
    }
  }
  assert.deepEqual(described, [], `${context}: processes outlived it`);
}

/** The process groups of `started` and the child's own, never the test's own group. */
function groupsOf(started: ProcessInfo[], childPid: number): Set<number> {
  const own = readProcess(process.pid)?.pgid;
  const groups = new Set([childPid, ...started.map((info) => info.pgid)]);
  if (own !== undefined) groups.delete(own);
  return groups;
}

describe('Test harness: every child process ends with the run', function () {
  this.timeout(300_000);
  const hostChild = path.join(fixtures, 'hostChild.js');
  let running: Child | undefined;
  /** The temporary folder of the child's host: a child that dies without its cleanup (SIGKILL, a throw) leaves it. */
  let hostFolder: string | undefined;

  afterEach(() => {
    // A test that failed half-way must not leave its child running.
    if (running?.process.exitCode === null && running.process.signalCode === null) {
      try {
        process.kill(-(running.process.pid ?? 0), 'SIGKILL');
      } catch {
        // Gone meanwhile.
      }
    }
    running = undefined;
    if (hostFolder) fs.rmSync(hostFolder, { recursive: true, force: true, maxRetries: 3 });
    hostFolder = undefined;
  });

  /** Starts hostChild.js, waits for its host, extension host and Chromium, and returns them with their groups. */
  async function startHostChild(): Promise<{ child: Child; started: ProcessInfo[]; groups: Set<number> }> {
    const child = (running = startChild([hostChild]));
    hostFolder = (JSON.parse((await child.line('ready', 240_000)).slice('ready '.length)) as { folder: string }).folder;
    const started = await waitForFullTree(child);
    const groups = groupsOf(started, child.process.pid ?? 0);
    // code-server and Chromium each lead a group of their own, apart from the child's.
    assert.ok(groups.size >= 3, `expected code-server and Chromium in groups of their own:\n${started.map(describeProcess).join('\n')}`);
    return { child, started, groups };
  }

  it('a run that stops its host and workbench exits by itself and leaves nothing', async () => {
    const { child, started, groups } = await startHostChild();
    child.process.stdin?.end('stop\n');
    const exit = await Promise.race([child.exited, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 120_000).unref())]);
    assert.ok(exit, `the child did not exit within 120 s of stopping; its output:\n${child.output()}`);
    assert.deepEqual(exit, { code: 0, signal: null }, child.output());
    assert.match(child.output(), /^stopped$/m);
    await assertAllEnded(started, groups, 'a normal exit');
  });

  it('a run that dies of an uncaught error leaves nothing', async () => {
    const { child, started, groups } = await startHostChild();
    child.process.stdin?.end('throw\n');
    const exit = await child.exited;
    assert.equal(exit.code, 1, child.output());
    assert.match(child.output(), /failing on purpose/);
    await assertAllEnded(started, groups, 'an uncaught error');
  });

  it('a run ended by SIGTERM (as npm test passes on Ctrl-C) leaves nothing', async () => {
    const { child, started, groups } = await startHostChild();
    child.process.kill('SIGTERM');
    const exit = await child.exited;
    assert.equal(exit.code, 143, child.output());
    await assertAllEnded(started, groups, 'SIGTERM');
  });

  it('a run killed by SIGKILL, where no cleanup code runs, leaves nothing', async () => {
    const { child, started, groups } = await startHostChild();
    // Only the child itself: its code-server and Chromium must notice on their own.
    child.process.kill('SIGKILL');
    const exit = await child.exited;
    assert.equal(exit.signal, 'SIGKILL');
    await assertAllEnded(started, groups, 'SIGKILL');
  });
});

describe('Test harness: a failed UI test leaves logs and a screenshot', function () {
  this.timeout(300_000);
  const run = `${process.pid}-${Date.now()}`;
  const title = `harness fixture ${run} fails on purpose`;
  const logsDir = path.join(resultsDir, 'e2e', slug(title));
  const screenshot = path.join(screenshotsDir, `${slug(`failed-${title}`)}.png`);

  after(() => {
    // What the deliberate failure left is this test's evidence, not a real failure's: it goes.
    fs.rmSync(logsDir, { recursive: true, force: true });
    fs.rmSync(screenshot, { force: true });
  });

  it('keeps the code-server log, VS Code logs and a PNG of the page, and stops everything', async () => {
    const mocha = path.join(repoRoot, 'node_modules', 'mocha', 'bin', 'mocha.js');
    const child = startChild([mocha, '--timeout', '240000', path.join(fixtures, 'failingSpec.js')], { ATB_HARNESS_RUN: run });
    const exit = await child.exited;
    const output = child.output();
    assert.equal(exit.code, 1, `mocha should fail exactly one test; its output:\n${output}`);
    assert.match(output, /1 failing/);
    assert.match(output, /failing on purpose/);

    // The log file of the host, and VS Code's own logs next to it.
    const hostLog = path.join(logsDir, 'code-server.log');
    assert.ok(fs.existsSync(hostLog), `no ${hostLog}; mocha's output:\n${output}`);
    assert.match(fs.readFileSync(hostLog, 'utf8'), /HTTP server listening on http:\/\/127\.0\.0\.1:\d+/);
    const vscodeLogs = path.join(logsDir, 'vscode-logs');
    const logFiles = fs.existsSync(vscodeLogs) ? (fs.readdirSync(vscodeLogs, { recursive: true }) as string[]).filter((f) => f.endsWith('.log')) : [];
    assert.ok(logFiles.length > 0, `no VS Code log files under ${vscodeLogs}`);

    // A PNG of the whole 1280x800 page (width and height are the first fields of its IHDR chunk).
    assert.ok(fs.existsSync(screenshot), `no ${screenshot}`);
    const png = fs.readFileSync(screenshot);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'not a PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [1280, 800]);

    // And the failing run, too, ended everything it had started.
    const line = output.split('\n').find((l) => l.startsWith('started '));
    assert.ok(line, `the fixture did not list its processes; mocha's output:\n${output}`);
    const started = JSON.parse(line.slice('started '.length)) as ProcessInfo[];
    assert.ok(started.some((info) => /chrom/i.test(info.comm)) && started.some((info) => info.comm === 'node'), `the fixture ran no Chromium or code-server: ${line}`);
    await assertAllEnded(started, groupsOf(started, child.process.pid ?? 0), 'a failed mocha run');
  });
});
