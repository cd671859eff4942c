// The board's pure parts: the message guard, the lifecycle of drops, the
// filters, the virtualization arithmetic, card building and diffing, and the
// escaping of work-log markdown.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DependencyStatuses } from '../../src/core/dependencies/dependencies';
import type { AgentDefinition, BoardTask, ChecklistTask, Task, WorkLogEntry } from '../../src/core/model';
import { DEFAULT_LIFECYCLE_VIEW, moveForDrop, refusalFor, validateFromWebview, type CardView } from '../../src/shared/boardMessages';
import { taskContextValue } from '../../src/extension/tree/taskTreeModel';

const D = DEFAULT_LIFECYCLE_VIEW;
import { agentColor, BOARD_CARD_LIMIT, boardFiles, buildBoardModel, diffStates } from '../../src/extension/board/cardModel';
import { detailEntries, detailFields, detailMentions, renderLogMarkdown } from '../../src/extension/board/taskDetails';
import { problemsByTask } from '../../src/extension/diagnostics/problemsByTask';
import { formatAge } from '../../media/src/age';
import { cssColor } from '../../media/src/agentColor';
import { NONE, NO_FILTERS, cardMatches, filtersFrom } from '../../media/src/filter';
import { CARD_HEIGHT, buildLayout, locate, visibleRows } from '../../media/src/layout';
import { dropAllowed, type DroppedCard } from '../../media/src/laneRules';

function card(over: Partial<CardView> & { id: string }): CardView {
  return {
    key: `file:///w/TODO.md#${over.id}`,
    file: 'file:///w/TODO.md',
    fileLabel: 'TODO.md',
    title: `title of ${over.id}`,
    kind: 'board',
    status: 'todo',
    logCount: 0,
    line: 0,
    ...over,
  };
}

function boardTask(over: Partial<BoardTask> & { id: string }): BoardTask {
  return {
    kind: 'board',
    file: 'file:///w/TODO.md',
    title: `title of ${over.id}`,
    status: 'todo',
    shape: 'id-key',
    fields: {},
    fieldSpans: new Map(),
    idSpan: { start: 0, end: 0 },
    titleSpan: { start: 0, end: 0 },
    span: { start: 0, end: 0 },
    line: 0,
    ...over,
  };
}

function checklistTask(over: Partial<ChecklistTask> & { id: string }): ChecklistTask {
  return {
    kind: 'checklist',
    file: 'file:///w/.claude/tasks/qa-tasks.md',
    title: over.id,
    status: 'todo',
    agent: 'qa',
    checked: false,
    checkboxSpan: { start: 0, end: 3 },
    notes: [],
    subtasks: [],
    depth: 0,
    span: { start: 0, end: 0 },
    line: 0,
    ...over,
  };
}

describe('board messages', () => {
  it('accepts each well-formed message from the webview, copying only known fields', () => {
    assert.deepEqual(validateFromWebview({ type: 'ready', extra: 1 }), { type: 'ready' });
    assert.deepEqual(validateFromWebview({ type: 'open', key: 'k', evil: '<x>' }), { type: 'open', key: 'k' });
    assert.deepEqual(validateFromWebview({ type: 'select', key: 'k' }), { type: 'select', key: 'k' });
    assert.deepEqual(validateFromWebview({ type: 'claim', key: 'k' }), { type: 'claim', key: 'k' });
    assert.deepEqual(validateFromWebview({ type: 'move', key: 'k', from: 'todo', to: 'claimed' }), { type: 'move', key: 'k', from: 'todo', to: 'claimed' });
    assert.deepEqual(validateFromWebview({ type: 'move', key: 'k', from: 'in_progress', to: 'révision' }), { type: 'move', key: 'k', from: 'in_progress', to: 'révision' });
    assert.deepEqual(validateFromWebview({ type: 'undo', key: 'k' }), { type: 'undo' });
    assert.deepEqual(validateFromWebview({ type: 'createTodo', path: '/etc/passwd' }), { type: 'createTodo' });
  });

  it("carries the agent of the swimlane a card was dropped in, and leaves out an agent that is no one-line name", () => {
    assert.deepEqual(validateFromWebview({ type: 'claim', key: 'k', agent: 'eng-backend' }), { type: 'claim', key: 'k', agent: 'eng-backend' });
    assert.deepEqual(validateFromWebview({ type: 'move', key: 'k', from: 'todo', to: 'claimed', agent: 'bob' }), { type: 'move', key: 'k', from: 'todo', to: 'claimed', agent: 'bob' });
    // The move still goes on, without the agent: the panel asks for one (a card left pending by a dropped message would stay grey).
    for (const agent of ['', ' bob', 'bob\nstatus: done', 'bob\u0007', 42, 'x'.repeat(5000)]) {
      assert.deepEqual(validateFromWebview({ type: 'claim', key: 'k', agent }), { type: 'claim', key: 'k' }, JSON.stringify(agent));
      assert.deepEqual(validateFromWebview({ type: 'move', key: 'k', from: 'todo', to: 'claimed', agent }), { type: 'move', key: 'k', from: 'todo', to: 'claimed' }, JSON.stringify(agent));
    }
  });

  it('drops anything else', () => {
    for (const bad of [
      undefined,
      null,
      'ready',
      42,
      [],
      { type: 'unknown' },
      { type: 'open' },
      { type: 'open', key: 7 },
      { type: 'open', key: '' },
      { type: 'open', key: 'x'.repeat(5000) },
      { type: 'move', key: 'k', from: 'todo', to: 'in progress!' },
      { type: 'move', key: 'k', from: 'todo', to: 'x'.repeat(65) },
      { type: 'move', key: 'k', from: 'Todo', to: 'claimed' },
      { type: 'move', key: 'k', to: 'claimed' },
      { type: '__proto__', key: 'k' },
    ]) {
      assert.equal(validateFromWebview(bad), undefined, JSON.stringify(bad));
    }
  });

  it('keeps a card in the swimlane of its agent, or of none, unless the drop gives it the lane\'s agent', () => {
    const drag = (kind: CardView['kind'], status: string, agent: string): DroppedCard => ({ from: status, status, kind, agent });
    const allowed = (d: DroppedCard, to: string, lanes: string[]) => lanes.filter((lane) => dropAllowed(D, d, to, lane));
    // Nobody's To do card: a claim takes any lane's agent; left in its column, it stays in the lane of no agent.
    assert.deepEqual(allowed(drag('board', 'todo', ''), 'claimed', ['', 'qa', 'dev']), ['', 'qa', 'dev']);
    assert.deepEqual(allowed(drag('board', 'todo', ''), 'todo', ['', 'qa']), ['']);
    // A move that gives no agent (an unassigned task completed, a checkbox ticked) leaves it nobody's: only the No agent lane.
    assert.deepEqual(allowed(drag('board', 'in_progress', ''), 'done', ['', 'qa']), ['']);
    assert.deepEqual(allowed(drag('checkbox', 'todo', ''), 'done', ['', 'qa']), ['']);
    // A held task: its own lane, but for a release, which goes anywhere.
    assert.deepEqual(allowed(drag('board', 'claimed', 'qa'), 'in_progress', ['', 'qa', 'dev']), ['qa']);
    assert.deepEqual(allowed(drag('board', 'claimed', 'qa'), 'todo', ['', 'qa', 'dev']), ['', 'qa', 'dev']);
    // Without swimlanes there is one lane and no such rule.
    assert.equal(dropAllowed(D, drag('checkbox', 'todo', ''), 'done'), true);
  });

  it('allows only the next lifecycle step for board tasks, and release', () => {
    assert.equal(moveForDrop(D, 'board', 'todo', 'claimed'), 'claim');
    assert.equal(moveForDrop(D, 'board', 'claimed', 'in_progress'), 'start');
    assert.equal(moveForDrop(D, 'board', 'in_progress', 'done'), 'complete');
    assert.equal(moveForDrop(D, 'board', 'claimed', 'todo'), 'release');
    assert.equal(moveForDrop(D, 'board', 'todo', 'done'), undefined);
    assert.equal(moveForDrop(D, 'board', 'todo', 'in_progress'), undefined);
    assert.equal(moveForDrop(D, 'board', 'done', 'in_progress'), undefined);
    assert.equal(moveForDrop(D, 'board', 'in_progress', 'claimed'), undefined);
  });

  it('release is the same move everywhere: board drop, tree menu, inline action and palette offer it from claimed and in_progress', () => {
    assert.equal(moveForDrop(D, 'board', 'in_progress', 'todo'), 'release');
    assert.equal(moveForDrop(D, 'checklist', 'in_progress', 'todo'), 'release');
    assert.equal(moveForDrop(D, 'board', 'done', 'todo'), undefined);
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
    const menus = manifest.contributes.menus as Record<string, { command: string; when?: string }[]>;
    const releaseWhens = Object.values(menus).flat().filter((m) => m.command === 'agentTaskBoard.release').map((m) => m.when ?? '');
    assert.ok(releaseWhens.length >= 3, 'context menu, inline action and palette');
    for (const when of releaseWhens) {
      const pattern = new RegExp(/=~ \/(.*)\/(?: |$)/.exec(when)![1]!);
      for (const [kind, from] of [['board', 'claimed'], ['board', 'in_progress'], ['checklist', 'in_progress']] as const) {
        const context = taskContextValue({ task: { kind, status: from } as Task });
        assert.equal(pattern.test(context), moveForDrop(D, kind, from, 'todo') === 'release', `${when} on ${context}`);
      }
      for (const from of ['todo', 'done'] as const) {
        const context = taskContextValue({ task: { kind: 'board', status: from } as Task });
        assert.equal(pattern.test(context), false, `${when} on ${context}`);
      }
    }
  });

  it('moves checklist items todo → in progress → done, never through claimed', () => {
    assert.equal(moveForDrop(D, 'checklist', 'todo', 'in_progress'), 'start');
    assert.equal(moveForDrop(D, 'checklist', 'in_progress', 'done'), 'complete');
    assert.equal(moveForDrop(D, 'checklist', 'todo', 'claimed'), undefined);
    assert.equal(moveForDrop(D, 'checklist', 'todo', 'done'), undefined);
  });

  it('explains a refused drop with the next legal step', () => {
    const why = refusalFor(D, 'board', 'todo', 'done');
    assert.match(why, /To do to Done/);
    assert.match(why, /it can go to Claimed\./);
    assert.match(refusalFor(D, 'checklist', 'todo', 'done'), /it can go to In progress\./);
  });
});

describe('board filters', () => {
  const a = card({ id: 'TASK_1', agent: 'qa', priority: 'high', title: 'Rate-limit the login endpoint' });
  const b = card({ id: 'TASK_2', file: 'file:///w/other/TODO.md', title: 'Write the OpenAPI spec' });

  it('matches by agent, no agent, priority, no priority, file and every word of the text', () => {
    assert.equal(cardMatches(a, { ...NO_FILTERS, agent: 'qa' }), true);
    assert.equal(cardMatches(b, { ...NO_FILTERS, agent: 'qa' }), false);
    assert.equal(cardMatches(b, { ...NO_FILTERS, agent: NONE }), true);
    assert.equal(cardMatches(a, { ...NO_FILTERS, agent: NONE }), false);
    assert.equal(cardMatches(a, { ...NO_FILTERS, priority: 'high' }), true);
    assert.equal(cardMatches(a, { ...NO_FILTERS, priority: NONE }), false);
    assert.equal(cardMatches(b, { ...NO_FILTERS, priority: NONE }), true);
    assert.equal(cardMatches(b, { ...NO_FILTERS, file: 'file:///w/other/TODO.md' }), true);
    assert.equal(cardMatches(a, { ...NO_FILTERS, file: 'file:///w/other/TODO.md' }), false);
    assert.equal(cardMatches(a, { ...NO_FILTERS, text: 'login rate' }), true);
    assert.equal(cardMatches(a, { ...NO_FILTERS, text: 'task_1' }), true);
    assert.equal(cardMatches(a, { ...NO_FILTERS, text: 'login openapi' }), false);
  });

  it('reads saved filters defensively', () => {
    assert.deepEqual(filtersFrom(undefined), NO_FILTERS);
    assert.deepEqual(filtersFrom({ text: 3, agent: 'qa', priority: null }), { ...NO_FILTERS, agent: 'qa' });
  });
});

describe('board layout (virtualization)', () => {
  const cards = Array.from({ length: 1000 }, (_, i) =>
    card({ id: `T${i}`, key: `k${i}`, line: i, status: (['todo', 'claimed', 'in_progress', 'done'] as const)[i % 4], agent: i % 2 ? 'qa' : undefined }),
  );

  it('puts every card in its status column in file order and counts them', () => {
    const layout = buildLayout(cards, NO_FILTERS, false);
    assert.equal(layout.lanes.length, 1);
    assert.deepEqual(layout.counts, { todo: 250, claimed: 250, in_progress: 250, done: 250 });
    assert.deepEqual([0, 1, 2].map((row) => layout.lanes[0].columns.claimed.at(row)!.line), [1, 5, 9]);
    assert.equal(layout.height, 250 * CARD_HEIGHT + 8);
  });

  it('renders only the rows in view, plus overscan', () => {
    const layout = buildLayout(cards, NO_FILTERS, false);
    const lane = layout.lanes[0];
    assert.deepEqual(visibleRows(lane, 250, 0, 800, 2), [0, Math.ceil(800 / CARD_HEIGHT) + 2]);
    const top = 100 * CARD_HEIGHT;
    assert.deepEqual(visibleRows(lane, 250, top, 800, 2), [98, 100 + Math.ceil(800 / CARD_HEIGHT) + 2]);
    assert.deepEqual(visibleRows(lane, 250, 1e9, 800, 2), [250, 250]);
    assert.deepEqual(visibleRows(lane, 3, 0, 800, 2), [0, 3]);
  });

  it('makes one lane per agent, unassigned last, when swimlanes are on', () => {
    const layout = buildLayout(cards, NO_FILTERS, true);
    assert.deepEqual(layout.lanes.map((l) => l.title), ['qa', 'No agent']);
    assert.equal(layout.lanes[1].top, layout.lanes[0].height);
    const where = locate(layout, 'k6');
    assert.equal(where?.lane.key, '');
    assert.equal(where?.status, 'in_progress');
    assert.equal(where?.row, 1);
  });

  it('leaves filtered-out cards out of the layout', () => {
    const layout = buildLayout(cards, { ...NO_FILTERS, agent: 'qa' }, false);
    assert.equal(layout.shown, 500);
    assert.equal(locate(layout, 'k0'), undefined);
  });
});

describe('board card text', () => {
  it('shows ages in short units and nothing for unreadable times', () => {
    const now = Date.parse('2026-11-10T12:00:00Z');
    assert.equal(formatAge('2026-11-10T11:59:30Z', now), 'now');
    assert.equal(formatAge('2026-11-10T11:15:00Z', now), '45m');
    assert.equal(formatAge('2026-11-10T07:00:00Z', now), '5h');
    assert.equal(formatAge('2026-11-02T09:00:00Z', now), '8d');
    assert.equal(formatAge('2025-11-10T12:00:00Z', now), '12mo');
    assert.equal(formatAge('yesterday-ish', now), undefined);
    assert.equal(formatAge(undefined, now), undefined);
  });

  it('maps agent colours to theme variables or hex, and drops anything else', () => {
    assert.equal(agentColor('orange'), '--vscode-charts-orange');
    assert.equal(agentColor('Cyan'), '--vscode-terminal-ansiCyan');
    assert.equal(agentColor('#a0b'), '#a0b');
    assert.equal(agentColor('#a0b1c2'), '#a0b1c2');
    assert.equal(agentColor('red; background: url(x)'), undefined);
    assert.equal(agentColor('chartreuse'), undefined);
    assert.equal(cssColor('--vscode-charts-orange'), 'var(--vscode-charts-orange)');
    assert.equal(cssColor('#fff'), '#fff');
    assert.equal(cssColor('expression(alert(1))'), undefined);
    assert.equal(cssColor('--vscode-x); background: red'), undefined);
  });
});

describe('board view-model', () => {
  const agents: AgentDefinition[] = [{ kind: 'agent', file: 'f', name: 'qa', color: 'green', tools: [], problems: [] }];
  const tasks: Task[] = [
    boardTask({ id: 'TASK_1', priority: 'high', fields: { created_at: '2026-11-02T09:00:00Z' }, line: 4 }),
    boardTask({ id: 'TASK_1', line: 10 }),
    boardTask({ id: 'TASK_2', status: undefined, statusText: 'someday' }),
    boardTask({ id: 'TASK_3', status: 'claimed', assignedAgent: 'qa', title: '<img src=x onerror=alert(1)>' }),
    checklistTask({ id: 'Write tests', status: 'in_progress' }),
  ];
  const src = {
    tasks,
    agents,
    files: ['file:///w/TODO.md', 'file:///w/.claude/tasks/qa-tasks.md'],
    label: (f: string) => f.replace('file:///w/', ''),
    logCount: (t: Task) => (t.id === 'TASK_1' ? 2 : 0),
  };

  it('gives a card the time its created_at names, in UTC, as lint reads it, or none', () => {
    const created = (value: unknown): string | undefined =>
      buildBoardModel({ ...src, tasks: [boardTask({ id: 'TASK_9', fields: { created_at: value } })] }).state.cards[0]!.createdAt;
    // Without a zone, a time is UTC on every machine (the page's Date.parse would take it in the local zone).
    assert.equal(created('2026-11-05T10:00'), '2026-11-05T10:00:00Z');
    assert.equal(created('2026-11-05 10:00'), '2026-11-05T10:00:00Z');
    assert.equal(created('5 November 2026'), '2026-11-05T00:00:00Z');
    // With its zone, as written: every reader takes it alike.
    assert.equal(created('2026-11-05T10:00:00+02:00'), '2026-11-05T10:00:00+02:00');
    assert.equal(created('2026-02-30T10:00:00Z'), undefined, 'no such day');
    // Two days, or none: no age (Date.parse read 03/04/2026 as 4 March and "TBD 2024" as 1 January 2024).
    assert.equal(created('03/04/2026'), undefined);
    assert.equal(created('TBD 2024'), undefined);
    assert.equal(created(new Date(Date.UTC(2026, 10, 5, 10))), '2026-11-05T10:00:00Z');
  });

  it('builds cards with unique keys, agents, ages and log counts, and counts the unplaced', () => {
    const model = buildBoardModel(src);
    const { cards } = model.state;
    assert.deepEqual(
      cards.map((c) => c.key),
      ['file:///w/TODO.md#TASK_1', 'file:///w/TODO.md#TASK_1~2', 'file:///w/TODO.md#TASK_3', 'file:///w/.claude/tasks/qa-tasks.md#Write tests'],
    );
    assert.equal(model.state.unplaced, 1);
    assert.equal(cards[0].createdAt, '2026-11-02T09:00:00Z');
    assert.equal(cards[0].logCount, 2);
    assert.equal(cards[0].priority, 'high');
    assert.equal(cards[2].agent, 'qa');
    assert.equal(cards[2].title, '<img src=x onerror=alert(1)>', 'text travels as data; the webview sets it with textContent');
    assert.equal(cards[3].agent, 'qa', 'a checklist belongs to its agent');
    assert.equal(cards[3].kind, 'checklist');
    assert.deepEqual(model.state.agents, [{ name: 'qa', color: '--vscode-charts-green' }]);
    assert.equal(model.tasks.get('file:///w/TODO.md#TASK_1~2'), tasks[1]);
  });

  it('diffs two states into upserts and removals, and nothing when nothing changed', () => {
    const before = buildBoardModel(src).state;
    assert.equal(diffStates(before, buildBoardModel(src).state), undefined);
    const moved = buildBoardModel({ ...src, tasks: [{ ...(tasks[0] as BoardTask), status: 'claimed', assignedAgent: 'qa' }, ...tasks.slice(2)] }).state;
    const delta = diffStates(before, moved);
    assert.ok(delta);
    assert.deepEqual(delta.upsert.map((c) => [c.key, c.status, c.agent]), [['file:///w/TODO.md#TASK_1', 'claimed', 'qa']]);
    assert.deepEqual(delta.remove, ['file:///w/TODO.md#TASK_1~2']);
    assert.equal(delta.agents, undefined);
  });
  it('puts what a task waits for on its card (ids and statuses, judged across files), and a change of it into a delta', () => {
    const waiting = [boardTask({ id: 'TASK_7', fields: { depends_on: ['TASK_3', 'TASK_9'] } }), boardTask({ id: 'TASK_8', fields: { blocked_by: 'TASK_3' } })];
    const elsewhere = (status: 'in_progress' | 'done') => boardTask({ id: 'TASK_3', file: 'file:///w/api/TODO.md', status });
    const statuses = (status: 'in_progress' | 'done') => new DependencyStatuses([...waiting, elsewhere(status), boardTask({ id: 'TASK_9', status: 'done' })]);
    const withStatus = (status: 'in_progress' | 'done') => {
      const known = statuses(status);
      return buildBoardModel({ ...src, tasks: waiting, waitingOn: (t: Task) => known.waitingOn(t) }).state;
    };
    const before = withStatus('in_progress');
    assert.deepEqual(
      before.cards.map((c) => [c.id, c.waiting]),
      [
        ['TASK_7', [{ id: 'TASK_3', known: true, status: 'in_progress' }]],
        ['TASK_8', [{ id: 'TASK_3', known: true, status: 'in_progress' }]],
      ],
    );
    const after = withStatus('done');
    assert.deepEqual(after.cards.map((c) => c.waiting), [undefined, undefined]);
    assert.deepEqual(diffStates(before, after)?.upsert.map((c) => c.id), ['TASK_7', 'TASK_8']);
    assert.equal(diffStates(before, withStatus('in_progress')), undefined);
  });

  it("puts a task's errors and warnings on its card, worst first, and a change of them into a delta", () => {
    const board = [boardTask({ id: 'TASK_1', line: 4 }), boardTask({ id: 'TASK_2', line: 8 })];
    const lines = (t: Task): readonly [number, number] => [t.line, t.line + 2];
    const found = problemsByTask(board, lines, [
      { severity: 'warning', message: 'priority "urgent" is not one of high, medium, low', line: 10 },
      { severity: 'error', message: 'TASK_2 is claimed with no agent', line: 9 },
      { severity: 'warning', message: 'the claim looks abandoned', line: 8, code: 'stale-claim' },
      { severity: 'error', message: 'the heading is not a status', line: 2 },
    ]);
    const withProblems = buildBoardModel({ ...src, tasks: board, problemsOf: (t: Task) => found.get(t) }).state;
    assert.deepEqual(
      withProblems.cards.map((c) => [c.id, c.problems]),
      [
        ['TASK_1', undefined],
        [
          'TASK_2',
          [
            { severity: 'error', message: 'TASK_2 is claimed with no agent', line: 9 },
            { severity: 'warning', message: 'priority "urgent" is not one of high, medium, low', line: 10 },
          ],
        ],
      ],
      'a stale claim has its own flag, and a problem outside every task is on no card',
    );
    const without = buildBoardModel({ ...src, tasks: board }).state;
    assert.deepEqual(diffStates(without, withProblems)?.upsert.map((c) => c.id), ['TASK_2']);
    assert.deepEqual(diffStates(withProblems, without)?.upsert.map((c) => [c.id, c.problems]), [['TASK_2', undefined]]);
    assert.equal(diffStates(withProblems, buildBoardModel({ ...src, tasks: board, problemsOf: (t: Task) => found.get(t) }).state), undefined);
  });

  it("gives a problem to the innermost task holding its line: a checklist's subtask, not its parent", () => {
    const parent = checklistTask({ id: 'Ship', line: 3 });
    const child = checklistTask({ id: 'Write the notes', line: 4, depth: 1 });
    const next = checklistTask({ id: 'Tag', line: 7 });
    const ends = new Map<Task, number>([
      [parent, 6],
      [child, 4],
      [next, 7],
    ]);
    const found = problemsByTask([parent, child, next], (t) => [t.line, ends.get(t)!], [
      { severity: 'warning', message: 'on the subtask', line: 4 },
      { severity: 'warning', message: "on the parent's note, after its subtask", line: 6 },
      { severity: 'error', message: 'after every task', line: 12 },
    ]);
    assert.deepEqual([...found].map(([t, list]) => [t.id, list.map((p) => p.message)]), [
      ['Write the notes', ['on the subtask']],
      ['Ship', ["on the parent's note, after its subtask"]],
    ]);
  });

  it('keeps whole files under the card limit, in path order, and leaves out a file that does not fit', () => {
    const files = [
      { file: 'file:///w/a/TODO.md', tasks: 12 },
      { file: 'file:///w/big/TODO.md', tasks: BOARD_CARD_LIMIT },
      { file: 'file:///w/c/TODO.md', tasks: 30 },
    ];
    const { shown, omitted } = boardFiles(files);
    assert.deepEqual(shown.map((f) => f.file), ['file:///w/a/TODO.md', 'file:///w/c/TODO.md']);
    assert.deepEqual(omitted.map((f) => f.file), ['file:///w/big/TODO.md']);
    assert.deepEqual(boardFiles(files, 42).shown.map((f) => f.file), ['file:///w/a/TODO.md', 'file:///w/c/TODO.md'], 'exactly full still fits');
    assert.deepEqual(boardFiles(files, 41).shown.map((f) => f.file), ['file:///w/a/TODO.md']);
  });

  it('carries the files left off into the state, and a change of them into a delta', () => {
    const before = buildBoardModel(src).state;
    assert.deepEqual(before.omitted, []);
    const after = buildBoardModel({ ...src, omitted: [{ label: 'big/TODO.md', tasks: 344_000 }] }).state;
    assert.deepEqual(after.omitted, [{ label: 'big/TODO.md', tasks: 344_000 }]);
    const delta = diffStates(before, after);
    assert.ok(delta);
    assert.deepEqual(delta.omitted, [{ label: 'big/TODO.md', tasks: 344_000 }]);
    assert.deepEqual([delta.upsert, delta.remove], [[], []]);
    assert.equal(diffStates(after, buildBoardModel({ ...src, omitted: [{ label: 'big/TODO.md', tasks: 344_000 }] }).state), undefined);
  });
});

describe('board details', () => {
  it('renders work-log markdown with raw HTML escaped and script links dropped', () => {
    const html = renderLogMarkdown('**Task Summary**: done <script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3))');
    assert.match(html, /<strong>Task Summary<\/strong>/);
    assert.ok(!html.includes('<script'), html);
    assert.ok(!html.includes('<img'), html);
    assert.ok(!html.includes('href="javascript:'), html);
    assert.match(html, /&lt;script&gt;/);
  });

  it('lists a board task fields as text and a checklist item with its notes and subtasks', () => {
    const t = boardTask({ id: 'TASK_9', fields: { TASK_9: 'title', priority: 'low', depends_on: ['TASK_1', 'TASK_2'], meta: { a: 1 } }, line: 6 });
    const fields = detailFields(t, 'TODO.md');
    assert.deepEqual(fields.slice(0, 3), [
      { name: 'file', value: 'TODO.md:7' },
      { name: 'priority', value: 'low' },
      { name: 'depends_on', value: 'TASK_1, TASK_2' },
    ]);
    assert.equal(fields[3].name, 'meta');
    const c = checklistTask({ id: 'Ship', notes: ['Blocked: waiting on API'], subtasks: [checklistTask({ id: 'a', title: 'sub a', checked: true })] });
    const cf = detailFields(c, 'qa-tasks.md');
    assert.ok(cf.some((f) => f.name === 'notes' && f.value === 'Blocked: waiting on API'));
    assert.ok(cf.some((f) => f.name === 'subtasks' && f.value === '[x] sub a'));
  });

  it('shows entries without repeating their heading', () => {
    const entry: WorkLogEntry = {
      file: 'file:///w/BACKEND_WORK_LOG.md',
      heading: '2026-11-02 15:40 UTC — Schema (TASK_001)',
      timeText: '2026-11-02 15:40 UTC',
      summary: 'Designed',
      fields: {},
      markdown: '## 2026-11-02 15:40 UTC — Schema (TASK_001)\n\n**Task Summary**: Designed.\n\n---\n',
      mentionedIds: ['TASK_001'],
      taskIds: ['TASK_001'],
      span: { start: 0, end: 10 },
      line: 2,
    };
    const [d] = detailEntries([entry], () => 'BACKEND_WORK_LOG.md');
    assert.equal(d.heading, entry.heading);
    assert.equal(d.when, '2026-11-02 15:40 UTC');
    assert.ok(!d.html.includes('<h2'), d.html);
    assert.ok(!d.html.includes('<hr'), d.html);
    assert.match(d.html, /Designed\./);
    assert.deepEqual(detailMentions([entry], () => 'BACKEND_WORK_LOG.md'), [
      { heading: entry.heading, when: '2026-11-02 15:40 UTC', fileLabel: 'BACKEND_WORK_LOG.md', line: 2 },
    ]);
  });

});
