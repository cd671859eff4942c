// Property: every move the tool offers is legal under the file's lifecycle.
// For random lifecycles (main paths of 2–6 statuses, side statuses entered
// from random ones or from any) and a task in each of their statuses, the
// moves the Tasks tree's menus offer (its context value), the board's drops,
// the MCP server's next moves and `nextStatuses` all plan, and the text they
// write passes enforcement (checkTransitions) with no problem. A drop the
// board refuses is one enforcement would refuse too.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { parseBoard } from '../../src/core/board/parseBoard';
import { parseChecklist } from '../../src/core/checklist/parseChecklist';
import { checkTransitions } from '../../src/core/lifecycle';
import { allStatuses, isHeld, isLegalMove, makeLifecycle, nextStatuses, type Lifecycle, type MoveRequest } from '../../src/core/lifecycleModel';
import type { Task } from '../../src/core/model';
import { planMove } from '../../src/core/moves';
import { applyEdits } from '../../src/core/text';
import { moveForDrop } from '../../src/shared/boardMessages';
import { taskContextValue } from '../../src/extension/tree/taskTreeModel';
import { nextMovesOf } from '../../src/cli/mcp/readTools';

const NOW = new Date('2026-11-21T10:00:00Z');
const WORDS = ['todo', 'claimed', 'in_progress', 'review', 'qa', 'staging', 'done', 'shipped'];
const SIDE_WORDS = ['blocked', 'cancelled', 'parked', 'on_hold'];

const lifecycleArb: fc.Arbitrary<Lifecycle> = fc
  .record({
    main: fc.shuffledSubarray(WORDS, { minLength: 2, maxLength: 6 }),
    sides: fc.array(fc.record({ name: fc.constantFrom(...SIDE_WORDS), any: fc.boolean(), pick: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), final: fc.boolean() }), { maxLength: 3 }),
  })
  .map(({ main, sides }) => {
    const seen = new Set<string>();
    const side = sides
      .filter((s) => !seen.has(s.name) && seen.add(s.name))
      .map((s) => ({
        name: s.name,
        from: s.any ? ('any' as const) : [...new Set(s.pick.map((i) => main[i % (main.length - 1)]!))],
        final: s.any ? undefined : s.final,
      }));
    return makeLifecycle(main, side, new Map());
  });

function boardWith(status: string, held: boolean): string {
  return ['# TODO', '', '```yaml', '- T1: "A task"', `  assigned_agent:${held ? ' ann' : ''}`, `  status: ${status}`, '```', '', '## Session History', '', ''].join('\n');
}

function checklistWith(title: string): string {
  return ['# Tasks', '', `## ${title}`, '- [ ] A task', ''].join('\n');
}

/** Plans `move` on `text` and checks the written text against the one before under the lifecycle. */
function assertLegal(lifecycle: Lifecycle, file: string, text: string, move: MoveRequest, what: string): void {
  const parse = (t: string) => (file.endsWith('-tasks.md') ? parseChecklist({ file, text: t, lifecycle }) : parseBoard({ file, text: t, lifecycle }));
  const before = parse(text);
  const task = before.tasks[0]!;
  // A checklist's items are its owner's (the file name): the owner moves them.
  const agent = file.endsWith('-tasks.md') ? 'dev' : 'ann';
  const plan = planMove(text, file, task.id, move, { now: NOW, lifecycle, agent, stamps: true, history: true, parsed: before });
  assert.ok(plan.ok, `${what}: ${plan.ok ? '' : plan.message}`);
  const after = applyEdits(text, plan.edits);
  const problems = checkTransitions(before.tasks, parse(after).tasks, { text: after, lifecycle });
  assert.deepEqual(problems.map((p) => p.message), [], `${what} wrote an illegal step`);
}

/** Every move a surface offers for `task`, as requests. */
function offered(lifecycle: Lifecycle, task: Task): { move: MoveRequest; by: string }[] {
  const out: { move: MoveRequest; by: string }[] = [];
  const status = task.status!;
  // The tree's menus: the `can-` parts of the context value.
  const context = taskContextValue({ task }, lifecycle);
  for (const named of ['claim', 'start', 'complete', 'release'] as const) if (context.includes(`.can-${named}`)) out.push({ move: named, by: `tree ${named}` });
  if (context.includes('.can-move')) for (const to of nextStatuses(lifecycle, status, task.kind)) out.push({ move: { to }, by: `tree move to ${to}` });
  // The board: a drop on each column.
  for (const column of lifecycle.main) {
    const drop = moveForDrop(lifecycle, task.kind, status, column);
    if (drop) out.push({ move: drop, by: `board drop on ${column}` });
  }
  // The MCP server's nextMoves.
  for (const tool of nextMovesOf({ status, kind: task.kind }, lifecycle)) {
    const named = { claim_task: 'claim', start_task: 'start', complete_task: 'complete', release_task: 'release' }[tool];
    const to = /^move_task to (.+)$/.exec(tool)?.[1];
    if (named) out.push({ move: named as MoveRequest, by: `mcp ${tool}` });
    else if (to) out.push({ move: { to }, by: `mcp ${tool}` });
    else assert.fail(`nextMovesOf offered ${tool} for a known status ${status}`);
  }
  return out;
}

describe('every move the tool offers is legal under the lifecycle', function () {
  this.timeout(120_000);

  it('on boards', () => {
    fc.assert(
      fc.property(lifecycleArb, (lifecycle) => {
        for (const status of allStatuses(lifecycle)) {
          const text = boardWith(status, isHeld(lifecycle, status));
          const task = parseBoard({ file: 'TODO.md', text, lifecycle }).tasks[0]!;
          assert.equal(task.status, status);
          for (const { move, by } of offered(lifecycle, task)) assertLegal(lifecycle, 'TODO.md', text, move, `${by} from ${status} in [${lifecycle.main}]`);
          // A drop the board refuses is one enforcement refuses.
          for (const column of lifecycle.main) {
            if (column === status || moveForDrop(lifecycle, 'board', status, column)) continue;
            assert.equal(isLegalMove(lifecycle, status, column, 'board'), false);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('on checklists', () => {
    fc.assert(
      fc.property(lifecycleArb, (lifecycle) => {
        const file = '.claude/tasks/dev-tasks.md';
        for (const status of allStatuses(lifecycle).filter((s) => s !== 'claimed')) {
          const text = checklistWith(status.replace(/_/g, ' '));
          const task = parseChecklist({ file, text, lifecycle }).tasks[0]!;
          assert.equal(task.status, status, text);
          for (const { move, by } of offered(lifecycle, task as Task)) assertLegal(lifecycle, file, text, move, `${by} from ${status} in [${lifecycle.main}]`);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('holds on a fixed case: review comes before done', () => {
    const lifecycle = makeLifecycle(['todo', 'claimed', 'in_progress', 'review', 'done'], [{ name: 'blocked', from: ['claimed', 'in_progress'] }], new Map());
    const task = parseBoard({ file: 'TODO.md', text: boardWith('in_progress', true), lifecycle }).tasks[0]!;
    const moves = offered(lifecycle, task).map((o) => (typeof o.move === 'string' ? o.move : `to ${o.move.to}`));
    assert.ok(moves.includes('to review'));
    assert.ok(!moves.includes('complete'), moves.join(', '));
  });
});
