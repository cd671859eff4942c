// Task files with git's conflict markers: both sides read, each task marked
// with its side, spans into the real text, the conflict the only problem, and
// no move planned until it is resolved.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { lintBoard } from '../../src/core/board/lintBoard';
import { parseBoard } from '../../src/core/board/parseBoard';
import { lintChecklist } from '../../src/core/checklist/lintChecklist';
import { parseChecklist } from '../../src/core/checklist/parseChecklist';
import { conflictRegions, hasConflictMarkers, readConflicts } from '../../src/core/conflicts/conflictMarkers';
import { planMove } from '../../src/core/moves';
import { lintFile } from '../../src/core/lintFile';
import { parseWorkLog } from '../../src/core/worklog/parseWorkLog';

const conflicted = [
  '# TODO',
  '',
  '```yaml',
  '- TASK_001: "Schema"',
  '  status: done',
  '',
  '<<<<<<< HEAD',
  '- TASK_002: "Endpoint"',
  '  assigned_agent: bob',
  '  status: done',
  '||||||| base',
  '- TASK_002: "Endpoint"',
  '  status: todo',
  '=======',
  '- TASK_002: "Endpoint"',
  '  assigned_agent: zoe',
  '  status: claimed',
  '',
  '- TASK_003: "Docs"',
  '  status: todo',
  '>>>>>>> origin/main',
  '```',
  '',
].join('\n');

describe('merge conflicts in task files', () => {
  it('finds complete conflict blocks only, with their labels', () => {
    const regions = conflictRegions(conflicted);
    assert.equal(regions.length, 1);
    assert.equal(regions[0]!.line, 6);
    assert.equal(regions[0]!.oursLabel, 'HEAD');
    assert.equal(regions[0]!.theirsLabel, 'origin/main');
    assert.equal(hasConflictMarkers(conflicted), true);
    assert.equal(hasConflictMarkers('<<<<<<< HEAD\nno end\n'), false);
    assert.equal(hasConflictMarkers('a line with <<<<<<< inside\n=======\n>>>>>>> x\n'), false);
  });

  it('knows a conflicted text from its parse alone, as hasConflictMarkers knows it from the text', () => {
    // Lines of boards and checklists, marker lines among them, in any order: complete blocks, stray and cut markers.
    const marker = fc.constantFrom('<<<<<<< HEAD', '<<<<<<< ', '=======', '||||||| base', '>>>>>>> origin/main', '>>>>>>>');
    const other = fc.constantFrom(
      '- TASK_001: "Schema"',
      '  status: done',
      '- [ ] TASK_002 Endpoint',
      '## Done',
      '```yaml',
      '```',
      'a line with <<<<<<< inside',
      '',
    );
    const side = fc.array(fc.oneof(other, marker), { maxLength: 3 });
    const block = fc.tuple(side, fc.boolean(), side).map(([ours, base, theirs]) => [
      '<<<<<<< HEAD',
      ...ours,
      ...(base ? ['||||||| base'] : []),
      '=======',
      ...theirs,
      '>>>>>>> origin/main',
    ]);
    const part = fc.oneof(marker.map((m) => [m]), other.map((o) => [o]), block);
    fc.assert(
      fc.property(fc.array(part, { maxLength: 8 }), fc.constantFrom('\n', '\r\n'), (parts, eol) => {
        const text = parts.flat().join(eol);
        const expected = hasConflictMarkers(text);
        assert.equal(readConflicts(parseBoard({ file: 'TODO.md', text })), expected, `board:\n${text}`);
        assert.equal(readConflicts(parseChecklist({ file: '.claude/tasks/a-tasks.md', text })), expected, `checklist:\n${text}`);
      }),
      { numRuns: 3000 },
    );
  });

  for (const eol of ['\n', '\r\n']) {
    it(`reads both sides of a board, each task marked with its side (${eol === '\n' ? 'LF' : 'CRLF'})`, () => {
      const text = conflicted.split('\n').join(eol);
      const board = parseBoard({ file: 'TODO.md', text });
      assert.deepEqual(
        board.tasks.map((t) => [t.id, t.status, t.assignedAgent, t.conflict?.side, t.conflict?.label]),
        [
          ['TASK_001', 'done', undefined, undefined, undefined],
          ['TASK_002', 'done', 'bob', 'ours', 'HEAD'],
          ['TASK_002', 'claimed', 'zoe', 'theirs', 'origin/main'],
          ['TASK_003', 'todo', undefined, 'theirs', 'origin/main'],
        ],
      );
      for (const task of board.tasks) assert.ok(text.slice(task.span.start, task.span.end).startsWith(`- ${task.id}: `), 'spans point into the real text');
      const problems = lintBoard(board, text);
      assert.deepEqual(problems.map((p) => [p.code, p.severity]), [['merge-conflict', 'error']]);
      assert.match(problems[0]!.message, /lines 7–21: TASK_002, TASK_003 differ between HEAD and origin\/main/);
    });
  }

  it('reads an item whose conflict is only some of its fields (as git marks it), and leaves the tasks around it alone', () => {
    const text = [
      '```yaml',
      '- TASK_001: "Schema"',
      '  status: done',
      '',
      '- TASK_002: "Endpoint"',
      '<<<<<<< HEAD',
      '  assigned_agent: bob',
      '  status: done',
      '=======',
      '  assigned_agent: zoe',
      '  status: claimed',
      '>>>>>>> other',
      '',
      '- TASK_003: "Docs"',
      '  status: todo',
      '```',
      '',
    ].join('\n');
    const board = parseBoard({ file: 'TODO.md', text });
    assert.deepEqual(
      board.tasks.map((t) => [t.id, t.status, t.assignedAgent, t.conflict?.side]),
      [
        ['TASK_001', 'done', undefined, undefined],
        ['TASK_002', 'done', 'bob', 'ours'],
        ['TASK_002', 'claimed', 'zoe', 'theirs'],
        ['TASK_003', 'todo', undefined, undefined],
      ],
    );
    assert.match(lintBoard(board, text)[0]!.message, /lines 6–12: TASK_002 differs between HEAD and other/);
  });

  it('refuses to plan a move in a conflicted file, naming the conflict', () => {
    const plan = planMove(conflicted, 'TODO.md', 'TASK_001', 'release', { agent: 'a', now: new Date(), stamps: false, history: false });
    assert.equal(plan.ok, false);
    assert.equal(plan.ok === false && plan.code, 'conflicted');
    assert.equal(plan.ok === false && plan.line, 6);
  });

  it('reads every row of a table with a conflict in it, and both sides of the row: the markers end no table', () => {
    const text = [
      '| ID | Title | Status | Owner |',
      '|---|---|---|---|',
      '| T-1 | Alpha | Todo | |',
      '<<<<<<< ours',
      '| T-2 | Beta | Claimed | alice |',
      '=======',
      '| T-2 | Beta | Claimed | bob |',
      '>>>>>>> theirs',
      '| T-3 | Gamma | Todo | |',
      '',
    ].join('\n');
    const board = parseBoard({ file: 'TODO.md', text });
    assert.deepEqual(
      board.tasks.map((t) => [t.id, t.assignedAgent, t.conflict?.side]),
      [
        ['T-1', undefined, undefined],
        ['T-2', 'alice', 'ours'],
        ['T-2', 'bob', 'theirs'],
        ['T-3', undefined, undefined],
      ],
    );
    // A row outside the conflict is found, and its move refused for the conflict, not as a task no file has.
    const plan = planMove(text, 'TODO.md', 'T-3', 'claim', { agent: 'carol', now: new Date(), stamps: false, history: false });
    assert.equal(plan.ok === false && plan.code, 'conflicted');
    // A conflict over the header itself (each side widened another column): each side's table is read whole.
    const header = ['<<<<<<< ours', '| ID  | Title | Status | Owner |', '| --- | ----- | ------ | ----- |', '=======', '| ID  | Title                   | Status | Owner |', '| --- | ----------------------- | ------ | ----- |', '>>>>>>> theirs', '| T-1 | Alpha | Todo   |       |', '| T-2 | Beta  | Claimed | bob |', ''].join('\n');
    assert.deepEqual(parseBoard({ file: 'TODO.md', text: header }).tasks.map((t) => t.id), ['T-1', 'T-2']);
  });

  it('reads both sides of a checklist', () => {
    const text = ['# Tasks', '', '## To Do', '<<<<<<< HEAD', '- [ ] Write the docs', '=======', '- [ ] Write the API docs', '>>>>>>> feature', ''].join('\n');
    const list = parseChecklist({ file: '.claude/tasks/bob-tasks.md', text });
    assert.deepEqual(
      list.tasks.map((t) => [t.title, t.conflict?.side]),
      [
        ['Write the docs', 'ours'],
        ['Write the API docs', 'theirs'],
      ],
    );
    assert.deepEqual(lintChecklist(list, text, '2026-12-02').map((p) => p.code), ['merge-conflict']);
  });

  it('reads both sides of a work log, with the conflict an error and no marker line in an entry', () => {
    const text = [
      '# Backend Work Log',
      '',
      '## 2026-11-05 10:00 - TASK_001 schema',
      'Done the schema.',
      '',
      '<<<<<<< ours',
      '## 2026-11-05 11:00 - TASK_002 endpoint',
      'Started the endpoint.',
      '=======',
      '## 2026-11-05 11:30 - TASK_003 docs',
      'Wrote the docs.',
      '>>>>>>> theirs',
      '',
    ].join('\n');
    const log = parseWorkLog({ file: 'BACKEND_WORK_LOG.md', text });
    assert.deepEqual(log.problems.map((p) => [p.code, p.severity]), [['merge-conflict', 'error']]);
    assert.deepEqual(log.entries.map((e) => e.taskIds), [['TASK_001'], ['TASK_002'], ['TASK_003']]);
    assert.ok(log.entries.every((e) => !/^(<{7}|={7}|>{7})/m.test(text.slice(e.span.start, e.span.end))), 'no entry holds a marker line');
    assert.deepEqual(lintFile(log, text).map((p) => p.code), ['merge-conflict']);
  });
});
