// Bench section: the git merge driver. Git runs `merge-file` once per
// conflicted task file, as its own process: the whole `node dist/cli.js
// merge-file` run on a 5-task and a 5,000-task board against a bare
// `node -e 0` and git's own `git merge-file` in the same run; and the merge
// itself in process on 5,000 tasks against one parse of the board (a merge
// reads three sides and reads its result back).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeBoard, time } from './parse.mjs';

/** Base, ours and theirs: each side claims its own tasks and appends a task to the last block. */
function sides(n) {
  const { text: base } = makeBoard(n);
  const step = Math.max(1, Math.floor(n / 10));
  let ours = base;
  let theirs = base;
  for (let i = 0; i < n; i += step) {
    const id = `TASK_${String(i + 1).padStart(5, '0')}`;
    const side = (i / step) % 2 === 0 ? 'ours' : 'theirs';
    // Found in the side's own text: an edit before it moved it (claimed is longer than todo), and an offset in the
    // base's text then cut into the line above.
    const edit = (t) => {
      const at = t.indexOf(`- ${id}:`);
      const statusAt = t.indexOf('status: todo', at);
      if (statusAt < 0 || statusAt > t.indexOf('\n- ', at + 1)) return t;
      return t.slice(0, statusAt) + 'status: claimed' + t.slice(statusAt + 'status: todo'.length);
    };
    if (side === 'ours') ours = edit(ours);
    else theirs = edit(theirs);
  }
  // After the last task, before its block's closing fence (the Session History follows).
  const append = (t, id) => {
    const at = t.lastIndexOf('\n```');
    return `${t.slice(0, at)}\n\n- ${id}: "Added on a branch"\n  priority: low\n  assigned_agent:\n  status: todo${t.slice(at)}`;
  };
  return { base, ours: append(ours, 'TASK_90001'), theirs: append(theirs, 'TASK_90002') };
}

export async function run(ctx) {
  const { mergeTaskFile } = ctx.core('merge/mergeTaskFile');
  const { parseBoard } = ctx.core('board/parseBoard');
  const { median, root } = ctx;
  const section = 'merge';
  const rows = [];
  const round1 = (x) => Math.round(x * 10) / 10;

  const big = sides(5000);
  const [parseTimes, mergeTimes] = ctx.interleaved(
    5,
    1,
    () => time(() => parseBoard({ file: 'TODO.md', text: big.base }))[0],
    () => {
      const [tm, result] = time(() => mergeTaskFile({ kind: 'board', file: 'TODO.md', ...big }));
      if (result.kind !== 'merged' || result.conflicts !== 0) throw new Error(`the bench merge did not merge cleanly: ${result.reason ?? result.conflicts}`);
      if (!result.text.includes('TASK_90001') || !result.text.includes('TASK_90002')) throw new Error('the bench merge lost a branch\'s task');
      return tm;
    },
  );
  const tm = median(mergeTimes);
  rows.push({ section, name: `merge of a 5,000-task board in process: ${Math.round(tm)} ms`, target: '', measured: `${round1(tm / median(parseTimes))}×`, unit: 'one parse', ok: true });

  const cli = join(root, 'dist', 'cli.js');
  const dir = mkdtempSync(join(ctx.benchDir, 'merge-'));
  try {
    for (const [label, files] of [['a 5-task board', sides(5)], ['a 5,000-task board', big]]) {
      for (const name of ['base', 'ours', 'theirs']) writeFileSync(join(dir, name), files[name]);
      const [node, driver, git] = ctx.interleaved(
        7,
        1,
        () => time(() => spawnSync(process.execPath, ['-e', '0']))[0],
        () => {
          copyFileSync(join(dir, 'ours'), join(dir, 'work'));
          const [td, r] = time(() => spawnSync(process.execPath, [cli, 'merge-file', 'base', 'work', 'theirs', 'TODO.md'], { cwd: dir, encoding: 'utf8' }));
          if (r.status !== 0) throw new Error(`merge-file failed: ${r.stderr}`);
          return td;
        },
        () => {
          copyFileSync(join(dir, 'ours'), join(dir, 'work'));
          return time(() => spawnSync('git', ['merge-file', 'work', 'base', 'theirs'], { cwd: dir }))[0];
        },
      );
      const n = median(node);
      const d = median(driver);
      rows.push({
        section,
        name: `\`merge-file\` driver run on ${label}, whole process: ${Math.round(d)} ms (git merge-file ${Math.round(median(git))} ms, node -e 0 ${Math.round(n)} ms)`,
        target: '',
        measured: `${round1(d / n)}×`,
        unit: 'node start',
        ok: true,
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
