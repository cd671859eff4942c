// Bench section: moves. One move (claim, start, complete) planned by the core
// on a 5,000-task board whose parse is cached (as the extension's store and
// the CLI's compare-and-swap re-plan have it), and the whole command-line
// claim on the same board (`node dist/cli.js claim`, lock + re-read + parse +
// plan + temp file + rename) against a bare `node -e 0` start in the same run.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeBoard, time } from './parse.mjs';

export async function run(ctx) {
  const { planMove } = ctx.core('moves');
  const { parseBoard } = ctx.core('board/parseBoard');
  const { median, root } = ctx;
  const section = 'moves';
  const rows = [];
  const r3 = (x) => Math.round(x * 1000) / 1000;

  const { text } = makeBoard(5000);
  const parsed = parseBoard({ file: 'TODO.md', text });
  const byStatus = (s) => parsed.tasks.filter((t) => t.status === s).map((t) => t.id);
  const cases = [
    ['claim', 'todo', byStatus('todo')],
    ['start', 'claimed', byStatus('claimed')],
    ['complete', 'in_progress', byStatus('in_progress')],
  ];
  const now = new Date('2026-11-20T12:00:00Z');
  for (const [move, status, ids] of cases) {
    const times = [];
    for (let i = 0; i < 1100; i++) {
      const id = ids[(i * 37) % ids.length];
      const agent = move === 'claim' ? 'bench-agent' : parsed.tasks.find((t) => t.id === id).assignedAgent;
      const [t, plan] = time(() => planMove(text, 'TODO.md', id, move, { agent, expectedStatus: status, now, stamps: true, history: true, parsed }));
      if (!plan.ok) throw new Error(`${move} ${id} was refused: ${plan.message}`);
      if (i >= 100) times.push(t);
    }
    const m = median(times);
    rows.push({ section, name: `${move} planned on a 5,000-task board, parse cached (median of 1,000)`, target: '≤ 1', measured: r3(m), unit: 'ms', ok: m <= 1 });
  }

  const cli = join(root, 'dist', 'cli.js');
  const dir = mkdtempSync(join(ctx.benchDir, 'cli-'));
  try {
    mkdirSync(dir, { recursive: true });
    const board = join(dir, 'TODO.md');
    const todo = byStatus('todo');
    const [nodeTimes, cliTimes] = ctx.interleaved(
      6,
      1,
      () => time(() => spawnSync(process.execPath, ['-e', '0']))[0],
      (i) => {
        writeFileSync(board, text);
        const [tc, result] = time(() => spawnSync(process.execPath, [cli, 'claim', todo[i * 101], '--agent', 'bench-agent', '--root', dir], { encoding: 'utf8' }));
        if (result.status !== 0) throw new Error(`cli claim failed: ${result.stderr}`);
        return tc;
      },
    );
    const c = median(cliTimes);
    const n = median(nodeTimes);
    rows.push({ section, name: '`node -e 0` start (reference)', target: '', measured: Math.round(n), unit: 'ms', ok: true });
    rows.push({ section, name: `\`agent-task-board claim\` on a 5,000-task board, whole process: ${Math.round(c)} ms`, target: '', measured: `${Math.round((c / n) * 10) / 10}×`, unit: 'node start', ok: true });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
