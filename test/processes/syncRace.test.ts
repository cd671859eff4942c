// Claims that hold across worktrees and clones: 8 agents, each its own
// process, claim the same 8 tasks at once through `--sync`, from 4 clones of
// a bare remote and 2 linked worktrees (and, in a second run, from 3
// worktrees of one repository with no remote). Exactly one winner per task
// on the board branch, every loser exit 3 naming the holder, nothing else in
// the file changed, and each agent's own copy shows what it won.
import { strict as assert } from 'node:assert';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseBoard } from '../../src/core/board/parseBoard';

const MAIN = path.resolve(__dirname, '../../src/cli/main.js');
const AGENTS = ['agent-a', 'agent-b', 'agent-c', 'agent-d', 'agent-e', 'agent-f', 'agent-g', 'agent-h'];
const TASKS = 8;
const NOW = '2026-11-21T10:00:00Z';

function ids(): string[] {
  return Array.from({ length: TASKS }, (_, i) => `TASK_${String(i + 1).padStart(3, '0')}`);
}

function boardText(): string {
  const items = ids().map((id, i) => `- ${id}: "Task number ${i + 1}"   # comment ${i + 1}\n  priority: medium\n  assigned_agent:\n  status: todo\n`);
  return `# TODO\n\n\`\`\`yaml\n${items.join('\n')}\`\`\`\n\n## Session History\n\n- 2026-11-01T00:00:00Z planner created the board\n`;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function identity(cwd: string, name: string): void {
  git(cwd, 'config', 'user.email', `${name}@example.com`);
  git(cwd, 'config', 'user.name', name);
}

interface Attempt {
  readonly agent: string;
  readonly id: string;
  readonly code: number;
  readonly stderr: string;
}

/**
 * One agent: a process that claims every task, in its own shuffled order, through
 * the CLI's own entry point, and prints what each claim returned.
 */
function runAgent(agent: string, cwd: string, order: readonly string[]): Promise<Attempt[]> {
  const script = `
    const { run } = require(${JSON.stringify(MAIN)});
    (async () => {
      const out = [];
      for (const id of ${JSON.stringify(order)}) {
        let stderr = '';
        const code = await run(['claim', id, '--agent', ${JSON.stringify(agent)}, '--sync', '--now', ${JSON.stringify(NOW)}], process.cwd(), { out() {}, err(t) { stderr += t; } });
        out.push({ agent: ${JSON.stringify(agent)}, id, code, stderr });
      }
      process.stdout.write(JSON.stringify(out));
    })();`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(stdout) as Attempt[]) : reject(new Error(`${agent} exited ${code}`))));
  });
}

function shuffled(list: readonly string[], seed: number): string[] {
  const out = [...list];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Runs the agents at once and checks everything the race must leave. */
async function race(copies: readonly string[], boardText0: string, boardOf: () => string): Promise<void> {
  const placed = AGENTS.map((agent, i) => ({ agent, cwd: copies[i % copies.length]! }));
  const results = (await Promise.all(placed.map((p, i) => runAgent(p.agent, p.cwd, shuffled(ids(), i + 1))))).flat();

  const board = boardOf();
  const tasks = parseBoard({ file: 'TODO.md', text: board }).tasks;
  for (const id of ids()) {
    const attempts = results.filter((r) => r.id === id);
    const winners = attempts.filter((r) => r.code === 0);
    assert.equal(winners.length, 1, `${id}: one winner (${attempts.map((a) => `${a.agent}:${a.code} ${a.stderr.trim()}`).join(' | ')})`);
    const winner = winners[0]!.agent;
    const task = tasks.find((t) => t.id === id);
    assert.equal(task?.status, 'claimed', `${id} is claimed on the board branch`);
    assert.equal(task?.assignedAgent, winner, `${id} is held by its winner on the board branch`);
    for (const loser of attempts.filter((r) => r.code !== 0)) {
      assert.equal(loser.code, 3, `${loser.agent} on ${id}: exit 3, not ${loser.code}: ${loser.stderr}`);
      assert.match(loser.stderr, new RegExp(`(already claimed|now claimed) by ${winner}\\b`), `${loser.agent} on ${id} is told the holder`);
    }
  }
  // Nothing else changed: without the claims' own lines, the board is what it was.
  const unclaimed = board
    .replace(/^ {2}assigned_agent: agent-[a-h]$/gm, '  assigned_agent:')
    .replace(/^ {2}status: claimed$/gm, '  status: todo')
    .replace(/^ {2}claimed_at: .*\n/gm, '')
    .replace(/^- \S+ agent-[a-h] claimed TASK_\d+\n/gm, '');
  assert.equal(unclaimed, boardText0);
  const historyLines = board.split('\n').filter((l) => / claimed TASK_\d+$/.test(l));
  assert.equal(historyLines.length, TASKS, 'one Session History line per claim');

  // Each agent's own copy shows what it won.
  for (const { agent, cwd } of placed) {
    const mine = parseBoard({ file: 'TODO.md', text: fs.readFileSync(path.join(cwd, 'TODO.md'), 'utf8') }).tasks;
    for (const won of results.filter((r) => r.agent === agent && r.code === 0)) {
      const task = mine.find((t) => t.id === won.id);
      assert.equal(`${task?.status} ${task?.assignedAgent}`, `claimed ${agent}`, `${agent}'s copy in ${path.basename(cwd)} shows ${won.id}`);
    }
  }
}

describe('claims through git (--sync) across clones and worktrees', function () {
  this.timeout(900_000);
  const made: string[] = [];
  const tmp = (): string => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'atb-sync-')));
    made.push(dir);
    return dir;
  };
  after(() => {
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gives one winner per task with a bare remote, 4 clones and 2 worktrees, 8 agents', async () => {
    const dir = tmp();
    const remote = path.join(dir, 'remote.git');
    git(dir, 'init', '-q', '--bare', '-b', 'main', remote);
    const seed = path.join(dir, 'seed');
    git(dir, 'clone', '-q', remote, seed);
    identity(seed, 'planner');
    fs.writeFileSync(path.join(seed, 'TODO.md'), boardText());
    git(seed, 'add', 'TODO.md');
    git(seed, 'commit', '-q', '-m', 'board');
    git(seed, 'push', '-q', 'origin', 'main');
    const copies: string[] = [];
    for (let i = 1; i <= 4; i++) {
      const clone = path.join(dir, `clone-${i}`);
      git(dir, 'clone', '-q', remote, clone);
      identity(clone, `agent-${i}`);
      copies.push(clone);
    }
    for (let i = 1; i <= 2; i++) {
      const tree = path.join(dir, `worktree-${i}`);
      git(copies[i - 1]!, 'worktree', 'add', '-q', '-b', `agent-branch-${i}`, tree);
      copies.push(tree);
    }
    await race(copies, boardText(), () => {
      git(seed, 'fetch', '-q');
      return git(seed, 'show', 'origin/main:TODO.md');
    });
    for (const clone of copies.slice(0, 4)) assert.equal(git(clone, 'status', '--porcelain'), '', `${path.basename(clone)} on the board branch stays clean`);
  });

  it('gives one winner per task with no remote, from 3 worktrees sharing the local main', async () => {
    const dir = tmp();
    const repo = path.join(dir, 'repo');
    git(dir, 'init', '-q', '-b', 'main', repo);
    identity(repo, 'planner');
    fs.writeFileSync(path.join(repo, 'TODO.md'), boardText());
    git(repo, 'add', 'TODO.md');
    git(repo, 'commit', '-q', '-m', 'board');
    const copies = [repo];
    for (let i = 1; i <= 2; i++) {
      const tree = path.join(dir, `worktree-${i}`);
      git(repo, 'worktree', 'add', '-q', '-b', `agent-branch-${i}`, tree);
      copies.push(tree);
    }
    await race(copies, boardText(), () => git(repo, 'show', 'main:TODO.md'));
    assert.equal(git(repo, 'status', '--porcelain'), '', 'the worktree that has main checked out follows it and stays clean');
  });
});
