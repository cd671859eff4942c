// Many agents claiming the same tasks at once through the CLI
// (docs/architecture.md, "The command line and MCP write path"): the lock, re-read and compare-and-swap must give exactly one winner per
// task, refuse every loser with exit 3, and lose no line of the file.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseBoard } from '../../src/core/board/parseBoard';
import { lintBoard } from '../../src/core/board/lintBoard';
import { planMove } from '../../src/core/moves';
import { applyEdits } from '../../src/core/text';
import { buildBundles } from './cliRun';

const REPO = path.resolve(__dirname, '../../..');
const CLI = path.join(REPO, 'dist/cli.js');
const AGENTS = ['agent-a', 'agent-b', 'agent-c', 'agent-d', 'agent-e', 'agent-f', 'agent-g', 'agent-h'];
const TASKS = 10;
/** Tasks raced at the same moment: AGENTS.length × this many processes at once. */
const WAVE = 5;
const NOW = '2026-11-21T10:00:00Z';

function boardText(): string {
  const items = [];
  for (let i = 1; i <= TASKS; i++) {
    const id = `TASK_${String(i).padStart(3, '0')}`;
    items.push(`- ${id}: "Task number ${i}"   # comment ${i}\n  priority: medium\n  assigned_agent:\n  status: todo\n  created_at: "2026-11-01T00:00:00Z"\n`);
  }
  return `# TODO\n\n## Tasks\n\n\`\`\`yaml\n${items.join('\n')}\`\`\`\n\n## Session History\n\n- 2026-11-01T00:00:00Z planner created the board\n`;
}

interface Attempt {
  readonly agent: string;
  readonly id: string;
  readonly status: number | null;
  readonly stderr: string;
}

/** The CLI run in its own process in `cwd`: its exit status and what it wrote to stderr. */
function cli(cwd: string, ...args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

async function claim(cwd: string, agent: string, id: string): Promise<Attempt> {
  return { agent, id, ...(await cli(cwd, 'claim', id, '--agent', agent, '--now', NOW)) };
}

describe('concurrent claims through the CLI', function () {
  this.timeout(600_000);
  let ws: string;

  before(() => {
    buildBundles();
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-race-'));
    fs.writeFileSync(path.join(ws, 'TODO.md'), boardText());
  });

  after(() => {
    fs.rmSync(ws, { recursive: true, force: true });
  });

  it(`${AGENTS.length} agents race for the same ${TASKS} tasks: one winner each, losers exit 3, no line lost`, async () => {
    const ids = Array.from({ length: TASKS }, (_, i) => `TASK_${String(i + 1).padStart(3, '0')}`);
    const attempts: Attempt[] = [];
    for (let at = 0; at < ids.length; at += WAVE) {
      const wave = ids.slice(at, at + WAVE).flatMap((id, w) =>
        // Rotate the start order so no agent is always spawned first.
        AGENTS.map((_, k) => AGENTS[(k + at + w) % AGENTS.length]!).map((agent) => claim(ws, agent, id)),
      );
      attempts.push(...(await Promise.all(wave)));
    }

    const winners = new Map<string, string>();
    for (const id of ids) {
      const mine = attempts.filter((a) => a.id === id);
      assert.equal(mine.length, AGENTS.length);
      const won = mine.filter((a) => a.status === 0);
      assert.equal(won.length, 1, `${id}: ${won.length} winners`);
      for (const lost of mine.filter((a) => a.status !== 0)) {
        assert.equal(lost.status, 3, `${id} ${lost.agent}: exit ${lost.status} ${lost.stderr}`);
        assert.match(lost.stderr, new RegExp(`${id} is (now|already) claimed by ${won[0]!.agent}`));
      }
      winners.set(id, won[0]!.agent);
    }

    const text = fs.readFileSync(path.join(ws, 'TODO.md'), 'utf8');
    const board = parseBoard({ file: 'TODO.md', text });
    assert.deepEqual(lintBoard(board, text).filter((p) => p.severity === 'error'), []);
    assert.equal(board.tasks.length, TASKS);
    for (const task of board.tasks) {
      assert.equal(task.status, 'claimed');
      assert.equal(task.assignedAgent, winners.get(task.id));
    }

    // The same claims planned one after the other give the same board, except
    // for the order of the Session History lines, which is the order of winning.
    let expected = boardText();
    for (const id of ids) {
      const plan = planMove(expected, 'TODO.md', id, 'claim', { agent: winners.get(id)!, now: new Date(NOW), stamps: true, history: true });
      assert.ok(plan.ok);
      expected = applyEdits(expected, plan.edits);
    }
    const split = (t: string) => {
      const at = t.indexOf('## Session History');
      return { body: t.slice(0, at), history: t.slice(at).split('\n').sort() };
    };
    assert.equal(split(text).body, split(expected).body);
    assert.deepEqual(split(text).history, split(expected).history);
    assert.deepEqual(fs.readdirSync(ws).sort(), ['TODO.md']);
  });
});

describe('concurrent adds to two boards through the CLI', function () {
  this.timeout(300_000);
  let ws: string;

  before(() => {
    buildBundles();
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-adds-'));
    const board = '# TODO\n\n## Tasks\n\n```yaml\n- TASK_001: "First"\n  assigned_agent:\n  status: todo\n```\n';
    fs.writeFileSync(path.join(ws, 'TODO.md'), board);
    fs.mkdirSync(path.join(ws, 'web'));
    fs.writeFileSync(path.join(ws, 'web', 'TODO.md'), board.replace('TASK_001', 'TASK_002'));
  });

  after(() => {
    fs.rmSync(ws, { recursive: true, force: true });
  });

  it('gives every task its own id: an id is free in the other board when it is taken', async () => {
    const files = ['TODO.md', 'web/TODO.md'];
    for (let wave = 0; wave < 4; wave++) {
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => cli(ws, 'add', `Wave ${wave} task ${i}`, files[i % 2]!)));
      for (const r of results) assert.equal(r.status, 0, r.stderr);
    }
    const ids = files.flatMap((f) => parseBoard({ file: f, text: fs.readFileSync(path.join(ws, f), 'utf8') }).tasks.map((t) => t.id));
    assert.equal(ids.length, 2 + 4 * 8);
    assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), [], 'ids taken twice');
  });
});
