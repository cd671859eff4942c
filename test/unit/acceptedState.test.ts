import * as assert from 'node:assert/strict';
import {
  acceptLegal,
  isSnapshot,
  revertEdits,
  snapshotOf,
  summarizeViolations,
  violationsAgainst,
} from '../../src/core/acceptedState';
import { parseBoard } from '../../src/core/board/parseBoard';
import { parseChecklist } from '../../src/core/checklist/parseChecklist';
import { applyEdits } from '../../src/core/text';

const FILE = 'file:///w/TODO.md';

function board(items: string, eol = '\n'): string {
  return ['# TODO', '', '```yaml', items, '```', ''].join('\n').replace(/\n/g, eol);
}

function item(id: string, status: string, agent?: string): string {
  const lines = [`- ${id}: "Task ${id}"`, '  priority: high'];
  if (agent !== undefined) lines.push(`  assigned_agent: ${agent}`);
  lines.push(`  status: ${status}`);
  return lines.join('\n');
}

function tasksOf(text: string) {
  return parseBoard({ file: FILE, text }).tasks;
}

describe('acceptedState', () => {
  it('keeps only id, kind, status, status text and agent per task', () => {
    const snap = snapshotOf(tasksOf(board(item('TASK_001', 'In Progress', 'alice'))));
    assert.deepEqual(snap, {
      tasks: [{ id: 'TASK_001', kind: 'board', status: 'in_progress', statusText: 'In Progress', assignedAgent: 'alice' }],
    });
    assert.equal(isSnapshot(JSON.parse(JSON.stringify(snap))), true);
    assert.equal(isSnapshot({ tasks: [{ id: 3 }] }), false);
    assert.equal(isSnapshot('text'), false);
  });

  it('reports a skipped step against the snapshot and reverts it to the accepted value', () => {
    const before = board(item('TASK_001', 'todo') + '\n\n' + item('TASK_002', 'todo'));
    const after = before.replace('status: todo', 'status: done');
    const snap = snapshotOf(tasksOf(before));
    const violations = violationsAgainst(snap, tasksOf(after), after);
    assert.deepEqual(
      violations.map((v) => [v.code, v.taskId]),
      [['illegal-transition', 'TASK_001']],
    );
    assert.equal(after.slice(violations[0]!.span.start, violations[0]!.span.end), 'done');
    assert.equal(applyEdits(after, revertEdits(violations)), before);
    const summary = summarizeViolations(snap, tasksOf(after), violations);
    assert.deepEqual(summary.map((s) => [s.taskId, s.move]), [['TASK_001', 'todo → done']]);
  });

  it('finds no violation in a legal move, and accepts it', () => {
    const before = board(item('TASK_001', 'todo', ''));
    const after = board(item('TASK_001', 'claimed', 'alice'));
    const snap = snapshotOf(tasksOf(before));
    const violations = violationsAgainst(snap, tasksOf(after), after);
    assert.deepEqual(violations, []);
    assert.deepEqual(acceptLegal(snap, tasksOf(after), violations), snapshotOf(tasksOf(after)));
  });

  it('reverts a stolen claim to the holder and keeps CRLF and quoting', () => {
    const before = board(item('TASK_001', 'claimed', '"alice"'), '\r\n');
    const after = before.replace('"alice"', '"bob"');
    const violations = violationsAgainst(snapshotOf(tasksOf(before)), tasksOf(after), after);
    assert.deepEqual(violations.map((v) => v.code), ['stolen-claim']);
    assert.equal(applyEdits(after, revertEdits(violations)), before);
  });

  it('keeps the accepted entry of a violating task and accepts the legal ones', () => {
    const before = board(item('TASK_001', 'todo', '') + '\n\n' + item('TASK_002', 'todo', ''));
    const after = board(item('TASK_001', 'done', '') + '\n\n' + item('TASK_002', 'claimed', 'bob'));
    const snap = snapshotOf(tasksOf(before));
    const violations = violationsAgainst(snap, tasksOf(after), after);
    const next = acceptLegal(snap, tasksOf(after), violations);
    assert.deepEqual(
      next.tasks.map((t) => [t.id, t.status, t.assignedAgent]),
      [
        ['TASK_001', 'todo', undefined],
        ['TASK_002', 'claimed', 'bob'],
      ],
    );
  });

  it('does not accept a new task that starts past todo, and reverts it once', () => {
    const before = board(item('TASK_001', 'todo'));
    const after = board(item('TASK_001', 'todo') + '\n\n' + item('TASK_002', 'claimed'));
    const snap = snapshotOf(tasksOf(before));
    const violations = violationsAgainst(snap, tasksOf(after), after);
    assert.ok(violations.some((v) => v.code === 'new-task-not-todo'));
    const edits = revertEdits(violations);
    assert.equal(edits.length, 1, 'the two problems on one status value give one edit');
    assert.equal(applyEdits(after, edits), board(item('TASK_001', 'todo') + '\n\n' + item('TASK_002', 'todo')));
    assert.deepEqual(acceptLegal(snap, tasksOf(after), violations).tasks.map((t) => t.id), ['TASK_001']);
  });

  it('reverts a checklist item ticked straight from To Do back into its section', () => {
    const file = 'file:///w/.claude/tasks/fe-tasks.md';
    const before = ['# FE Tasks', '', '## In Progress', '', '## To Do', '- [ ] Sign-up form', '- [ ] Inline errors', '', '## Completed', ''].join('\n');
    const after = ['# FE Tasks', '', '## In Progress', '', '## To Do', '- [ ] Inline errors', '', '## Completed', '- [x] Sign-up form (completed: 2026-11-05)', ''].join('\n');
    const parse = (text: string) => parseChecklist({ file, text }).tasks;
    const snap = snapshotOf(parse(before));
    assert.deepEqual(snap.tasks.map((t) => [t.kind, t.status]), [['checklist', 'todo'], ['checklist', 'todo']]);
    const violations = violationsAgainst(snap, parse(after), after);
    assert.deepEqual(violations.map((v) => v.code), ['illegal-transition']);
    const reverted = applyEdits(after, revertEdits(violations));
    assert.deepEqual(
      parse(reverted).map((t) => [t.title, t.status]).sort(),
      [
        ['Inline errors', 'todo'],
        ['Sign-up form', 'todo'],
      ],
    );
    assert.deepEqual(violationsAgainst(snap, parse(reverted), reverted), []);
  });
});
