import { strict as assert } from 'node:assert';
import { parseBoard } from '../../src/core/board/parseBoard';
import { parseChecklist } from '../../src/core/checklist/parseChecklist';
import { checkTransitions } from '../../src/core/lifecycle';
import { DEFAULT_LIFECYCLE, isLegalMove as legalIn, nextStatuses as nextIn, type TaskKind } from '../../src/core/lifecycleModel';

const isLegalMove = (from: string, to: string, kind: TaskKind) => legalIn(DEFAULT_LIFECYCLE, from, to, kind);
const nextStatuses = (from: string, kind: TaskKind) => nextIn(DEFAULT_LIFECYCLE, from, kind);
import { STATUSES, type Problem, type Status } from '../../src/core/model';
import { applyEdits } from '../../src/core/text';

interface Item {
  readonly id: string;
  readonly status: string;
  readonly agent?: string;
}

function board(items: readonly Item[]): string {
  const body = items
    .map((i) => `- ${i.id}: "Task ${i.id}"\n  priority: high\n  assigned_agent:${i.agent ? ` ${i.agent}` : ''}\n  status: ${i.status}\n  created_at: "2026-11-02T09:00:00Z"\n`)
    .join('\n');
  return `# TODO\n\n\`\`\`yaml\n${body}\`\`\`\n`;
}

function check(before: readonly Item[], after: readonly Item[]): { problems: Problem[]; text: string } {
  const acceptedText = board(before);
  const text = board(after);
  const accepted = parseBoard({ file: 'TODO.md', text: acceptedText }).tasks;
  const current = parseBoard({ file: 'TODO.md', text }).tasks;
  return { problems: checkTransitions(accepted, current, { text }), text };
}

const BOARD_LEGAL: ReadonlyArray<[Status, Status]> = [
  ['todo', 'claimed'],
  ['claimed', 'in_progress'],
  ['in_progress', 'done'],
  ['claimed', 'todo'],
  ['in_progress', 'todo'],
];

const CHECKLIST_LEGAL: ReadonlyArray<[Status, Status]> = [
  ['todo', 'in_progress'],
  ['in_progress', 'done'],
  ['in_progress', 'todo'],
];

describe('lifecycle: legal moves', () => {
  for (const from of STATUSES) {
    for (const to of STATUSES) {
      const boardLegal = from === to || BOARD_LEGAL.some(([a, b]) => a === from && b === to);
      it(`board ${from} → ${to} is ${boardLegal ? 'legal' : 'illegal'}`, () => {
        assert.equal(isLegalMove(from, to, 'board'), boardLegal);
        const agent = 'alice';
        const { problems } = check([{ id: 'TASK_001', status: from, agent }], [{ id: 'TASK_001', status: to, agent }]);
        assert.deepEqual(
          problems.map((p) => p.code),
          boardLegal ? [] : ['illegal-transition'],
        );
      });
    }
  }

  it('checklist moves skip claimed: todo → in_progress → done, release in_progress → todo', () => {
    for (const from of ['todo', 'in_progress', 'done'] as const) {
      for (const to of ['todo', 'in_progress', 'done'] as const) {
        const legal = from === to || CHECKLIST_LEGAL.some(([a, b]) => a === from && b === to);
        assert.equal(isLegalMove(from, to, 'checklist'), legal, `${from} → ${to}`);
      }
    }
  });

  it('nextStatuses names the legal next states', () => {
    assert.deepEqual(nextStatuses('todo', 'board'), ['claimed']);
    assert.deepEqual(nextStatuses('claimed', 'board'), ['in_progress', 'todo']);
    assert.deepEqual(nextStatuses('in_progress', 'board'), ['done', 'todo']);
    assert.deepEqual(nextStatuses('done', 'board'), []);
    assert.deepEqual(nextStatuses('todo', 'checklist'), ['in_progress']);
    assert.deepEqual(nextStatuses('in_progress', 'checklist'), ['done', 'todo']);
  });
});

describe('lifecycle: checkTransitions', () => {
  it('a skipped step is illegal-transition on the status value, naming from, to and the legal next state, with a revert fix', () => {
    const { problems, text } = check(
      [{ id: 'TASK_001', status: 'todo' }],
      [{ id: 'TASK_001', status: 'done' }],
    );
    assert.equal(problems.length, 1);
    const p = problems[0]!;
    assert.equal(p.code, 'illegal-transition');
    assert.equal(p.severity, 'error');
    assert.equal(p.taskId, 'TASK_001');
    assert.equal(text.slice(p.span.start, p.span.end), 'done');
    assert.match(p.message, /TASK_001/);
    assert.match(p.message, /todo → done/);
    assert.match(p.message, /next legal status is claimed/);
    assert.equal(p.fixes.length, 1);
    assert.equal(p.fixes[0]!.preferred, true);
    assert.equal(applyEdits(text, p.fixes[0]!.edits), board([{ id: 'TASK_001', status: 'todo' }]));
  });

  it('the revert of an illegal move puts the agent it wrote back too', () => {
    // An agent skipped claim: todo → in_progress with its name written in the same edit.
    const skipped = check([{ id: 'TASK_001', status: 'todo' }], [{ id: 'TASK_001', status: 'in_progress', agent: 'bob' }]);
    assert.deepEqual(skipped.problems.map((p) => p.code), ['illegal-transition']);
    assert.match(skipped.problems[0]!.fixes[0]!.title, /assigned_agent/);
    assert.equal(applyEdits(skipped.text, skipped.problems[0]!.fixes[0]!.edits), board([{ id: 'TASK_001', status: 'todo' }]));
    // A backward move that also changed the holder gives the task back to the accepted holder.
    const backward = check([{ id: 'TASK_001', status: 'in_progress', agent: 'alice' }], [{ id: 'TASK_001', status: 'claimed', agent: 'bob' }]);
    assert.equal(applyEdits(backward.text, backward.problems[0]!.fixes[0]!.edits), board([{ id: 'TASK_001', status: 'in_progress', agent: 'alice' }]));
  });

  it('a backward move is illegal and its fix restores the accepted spelling and quotes', () => {
    const acceptedText = board([{ id: 'TASK_001', status: 'in_progress', agent: 'alice' }]);
    const text = acceptedText.replace('status: in_progress', "status: 'claimed'   # oops");
    const problems = checkTransitions(
      parseBoard({ file: 'TODO.md', text: acceptedText }).tasks,
      parseBoard({ file: 'TODO.md', text }).tasks,
      { text },
    );
    assert.deepEqual(problems.map((p) => p.code), ['illegal-transition']);
    assert.match(problems[0]!.message, /in_progress → claimed/);
    assert.equal(applyEdits(text, problems[0]!.fixes[0]!.edits), acceptedText.replace('status: in_progress', "status: 'in_progress'   # oops"));
  });

  it('done is final', () => {
    const { problems } = check([{ id: 'TASK_001', status: 'done', agent: 'a' }], [{ id: 'TASK_001', status: 'in_progress', agent: 'a' }]);
    assert.deepEqual(problems.map((p) => p.code), ['illegal-transition']);
    assert.match(problems[0]!.message, /done is final/);
  });

  it('a new task must start in todo', () => {
    const { problems, text } = check(
      [{ id: 'TASK_001', status: 'todo' }],
      [
        { id: 'TASK_001', status: 'todo' },
        { id: 'TASK_002', status: 'in_progress', agent: 'bob' },
      ],
    );
    assert.deepEqual(problems.map((p) => p.code), ['new-task-not-todo']);
    const p = problems[0]!;
    assert.equal(text.slice(p.span.start, p.span.end), 'in_progress');
    assert.equal(
      applyEdits(text, p.fixes[0]!.edits),
      board([
        { id: 'TASK_001', status: 'todo' },
        { id: 'TASK_002', status: 'todo', agent: 'bob' },
      ]),
    );
  });

  it('a new task in todo is fine; a removed task is not a violation', () => {
    const { problems } = check(
      [{ id: 'TASK_001', status: 'claimed', agent: 'a' }],
      [{ id: 'TASK_002', status: 'todo' }],
    );
    assert.deepEqual(problems, []);
  });

  it('claim-without-agent: a claim with no assigned_agent points at the new status and reverts it', () => {
    const { problems, text } = check([{ id: 'TASK_001', status: 'todo' }], [{ id: 'TASK_001', status: 'claimed' }]);
    assert.deepEqual(problems.map((p) => p.code), ['claim-without-agent']);
    const p = problems[0]!;
    assert.equal(text.slice(p.span.start, p.span.end), 'claimed');
    assert.equal(applyEdits(text, p.fixes[0]!.edits), board([{ id: 'TASK_001', status: 'todo' }]));
  });

  it('claim-without-agent: clearing the agent of a held task restores the agent', () => {
    const { problems, text } = check(
      [{ id: 'TASK_001', status: 'in_progress', agent: 'alice' }],
      [{ id: 'TASK_001', status: 'in_progress' }],
    );
    assert.deepEqual(problems.map((p) => p.code), ['claim-without-agent']);
    const p = problems[0]!;
    assert.equal(p.span.start, p.span.end);
    assert.equal(text.slice(p.span.start - 'assigned_agent:'.length, p.span.start), 'assigned_agent:');
    assert.equal(applyEdits(text, p.fixes[0]!.edits), board([{ id: 'TASK_001', status: 'in_progress', agent: 'alice' }]));
  });

  /** `text` (the accepted one with its agent line taken out) after the fix of the one problem it has, a claim-without-agent. */
  function agentRestored(accepted: string, text: string): string {
    const problems = checkTransitions(parseBoard({ file: 'TODO.md', text: accepted }).tasks, parseBoard({ file: 'TODO.md', text }).tasks, { text });
    assert.deepEqual(problems.map((p) => p.code), ['claim-without-agent']);
    return applyEdits(text, problems[0]!.fixes[0]!.edits);
  }

  it('claim-without-agent: restoring a removed agent line on an item whose first key is status keeps one item', () => {
    const accepted = '```yaml\n- status: in_progress\n  id: TASK_001\n  assigned_agent: alice\n```\n';
    const text = '```yaml\n- status: in_progress\n  id: TASK_001\n```\n';
    const fixed = agentRestored(accepted, text);
    assert.equal(fixed, '```yaml\n- assigned_agent: alice\n  status: in_progress\n  id: TASK_001\n```\n');
    const tasks = parseBoard({ file: 'TODO.md', text: fixed }).tasks;
    assert.deepEqual(tasks.map((t) => [t.id, t.status, t.assignedAgent]), [['TASK_001', 'in_progress', 'alice']]);
  });

  it('claim-without-agent: a restored agent line ends like the status line it goes above, in a file whose lines end differently', () => {
    const accepted = '```yaml\r\n- TASK_001: "A"\n  assigned_agent: alice\n  status: in_progress\n```\n';
    const text = '```yaml\r\n- TASK_001: "A"\n  status: in_progress\n```\n';
    assert.equal(agentRestored(accepted, text), accepted);
  });

  it('claim-without-agent: restoring a removed agent in a flow-style item writes it inside the braces', () => {
    const accepted = '```yaml\n- {TASK_001: "Flow", status: in_progress, assigned_agent: alice}\n```\n';
    const text = '```yaml\n- {TASK_001: "Flow", status: in_progress}\n```\n';
    assert.equal(agentRestored(accepted, text), '```yaml\n- {TASK_001: "Flow", status: in_progress, assigned_agent: alice}\n```\n');
  });

  it('claim-without-agent that was already in the accepted file is left to lint', () => {
    const { problems } = check([{ id: 'TASK_001', status: 'claimed' }], [{ id: 'TASK_001', status: 'in_progress' }]);
    assert.deepEqual(problems, []);
  });

  it('stolen-claim: the agent of a held task changed without a release', () => {
    const { problems, text } = check(
      [{ id: 'TASK_001', status: 'claimed', agent: 'alice' }],
      [{ id: 'TASK_001', status: 'claimed', agent: 'mallory' }],
    );
    assert.deepEqual(problems.map((p) => p.code), ['stolen-claim']);
    const p = problems[0]!;
    assert.equal(text.slice(p.span.start, p.span.end), 'mallory');
    assert.match(p.message, /alice/);
    assert.match(p.message, /mallory/);
    assert.equal(applyEdits(text, p.fixes[0]!.edits), board([{ id: 'TASK_001', status: 'claimed', agent: 'alice' }]));
  });

  it('stolen-claim also when the thief moves it on', () => {
    const { problems } = check(
      [{ id: 'TASK_001', status: 'in_progress', agent: 'alice' }],
      [{ id: 'TASK_001', status: 'done', agent: 'mallory' }],
    );
    assert.deepEqual(problems.map((p) => p.code), ['stolen-claim']);
  });

  it('release then claim by someone else, in two steps, is legal', () => {
    const released = check(
      [{ id: 'TASK_001', status: 'claimed', agent: 'alice' }],
      [{ id: 'TASK_001', status: 'todo' }],
    );
    assert.deepEqual(released.problems, []);
    const reclaimed = check([{ id: 'TASK_001', status: 'todo' }], [{ id: 'TASK_001', status: 'claimed', agent: 'bob' }]);
    assert.deepEqual(reclaimed.problems, []);
  });

  it('items named by a title two of them share pair by what they say, not by the number a move changes', () => {
    // Completing the In Progress one moves it under Done, after the To Do one: the numbers `~2` swap.
    const before = '# Board\n\n## In Progress\n\n- [ ] Update docs @bob\n\n## To Do\n\n- [ ] Update docs\n\n## Done\n';
    const after = '# Board\n\n## In Progress\n\n\n## To Do\n\n- [ ] Update docs\n\n## Done\n- [x] Update docs @bob\n';
    const read = (text: string) => parseBoard({ file: 'TODO.md', text }).tasks;
    assert.deepEqual(read(after).map((t) => [t.id, t.status]), [['update-docs', 'todo'], ['update-docs~2', 'done']]);
    assert.deepEqual(checkTransitions(read(before), read(after)), []);
    // The To Do one taken straight to Done is still a skipped step.
    const skipped = '# Board\n\n## In Progress\n\n- [ ] Update docs @bob\n\n## To Do\n\n## Done\n- [x] Update docs\n';
    assert.deepEqual(checkTransitions(read(before), read(skipped)).map((p) => p.code), ['illegal-transition']);
  });

  it('tasks with an unknown status are left to lint', () => {
    const { problems } = check([{ id: 'TASK_001', status: 'todo' }], [{ id: 'TASK_001', status: 'bogus' }]);
    assert.deepEqual(problems, []);
  });

  it('duplicate ids are matched by order', () => {
    const { problems, text } = check(
      [
        { id: 'TASK_001', status: 'todo' },
        { id: 'TASK_001', status: 'claimed', agent: 'a' },
      ],
      [
        { id: 'TASK_001', status: 'claimed', agent: 'b' },
        { id: 'TASK_001', status: 'todo' },
      ],
    );
    assert.deepEqual(problems, []);
    assert.ok(text.includes('TASK_001'));
  });

  it('checklist: todo → done is illegal, todo → in_progress is legal', () => {
    const accepted = parseChecklist({
      file: '.claude/tasks/alice-tasks.md',
      text: '# Alice\n\n## In Progress\n\n## To Do\n- [ ] One\n- [ ] Two\n\n## Completed\n',
    });
    const current = parseChecklist({
      file: '.claude/tasks/alice-tasks.md',
      text: '# Alice\n\n## In Progress\n- [ ] One\n\n## To Do\n\n## Completed\n- [x] Two (completed: 2026-11-20)\n',
    });
    const problems = checkTransitions(accepted.tasks, current.tasks);
    assert.deepEqual(problems.map((p) => [p.code, p.taskId]), [['illegal-transition', 'alice/two']]);
    assert.match(problems[0]!.message, /next legal status is in_progress/);
    assert.deepEqual(problems[0]!.fixes, [], 'no fix without the text');
  });

  it('checklist: with the text, the fix moves the item back to its accepted section', () => {
    const file = '.claude/tasks/alice-tasks.md';
    const acceptedText = '# Alice\n\n## In Progress\n\n## To Do\n- [ ] One\n- [ ] Two\n\n## Completed\n';
    const text = '# Alice\n\n## In Progress\n\n## To Do\n- [ ] One\n\n## Completed\n- [x] Two (completed: 2026-11-20)\n';
    const current = parseChecklist({ file, text });
    const problems = checkTransitions(parseChecklist({ file, text: acceptedText }).tasks, current.tasks, { text, today: '2026-11-21' });
    assert.equal(problems.length, 1);
    const p = problems[0]!;
    assert.equal(text.slice(p.span.start, p.span.end), '[x]');
    assert.equal(p.fixes[0]!.title, 'Revert status to todo');
    assert.equal(applyEdits(text, p.fixes[0]!.edits), acceptedText);
  });
});
