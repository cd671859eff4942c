import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseBoard } from '../../src/core/board/parseBoard';
import type { Task, WorkLogEntry } from '../../src/core/model';
import { DEFAULT_STALE_MS, historyNaming, lastProgress, staleClaims } from '../../src/core/stale';
import { applyEdits } from '../../src/core/text';

const DEMO = path.resolve(__dirname, '../../../test/fixtures/demo-workspace/TODO.md');
const HOUR = 3_600_000;

function entry(timestamp: string | undefined): WorkLogEntry {
  return {
    file: 'BACKEND_WORK_LOG.md',
    heading: 'entry',
    timestamp,
    summary: '',
    fields: {},
    markdown: '',
    mentionedIds: [],
    taskIds: [],
    span: { start: 0, end: 0 },
    line: 0,
  };
}

describe('stale claims', () => {
  const text = fs.readFileSync(DEMO, 'utf8');
  const board = parseBoard({ file: 'TODO.md', text });
  const noEntries = (): WorkLogEntry[] => [];
  /** The demo board checked at noon on 2026-11-04, four hours after TASK_003's claim, its text as `textOf` gives it. */
  const checkedAtNoon = (textOf: () => string | undefined) =>
    staleClaims(board.tasks, { now: new Date('2026-11-04T12:00:00Z'), thresholdMs: DEFAULT_STALE_MS, history: board.history, entriesFor: noEntries, textOf });

  it('flags a claim older than the threshold, measured from the Session History, with a preferred Release fix', () => {
    // TASK_003 was claimed at 2026-11-04T07:55:00Z (history) and has no other sign of life.
    const problems = checkedAtNoon(() => text);
    const stale = problems.find((p) => p.taskId === 'TASK_003');
    assert.ok(stale, 'TASK_003 is stale');
    assert.equal(stale.code, 'stale-claim');
    assert.equal(stale.severity, 'warning');
    assert.equal(text.slice(stale.span.start, stale.span.end), 'claimed');
    assert.match(stale.message, /eng-backend/);
    assert.match(stale.message, /2026-11-04T07:55:00\.000Z/);
    const fix = stale.fixes[0]!;
    assert.equal(fix.preferred, true);
    assert.equal(fix.title, 'Release TASK_003');
    const released = applyEdits(text, fix.edits);
    assert.equal(fix.edits, fix.edits, 'made once');
    assert.equal(
      released,
      text.replace(
        '  assigned_agent: eng-backend\n  status: claimed',
        '  assigned_agent:\n  status: todo',
      ),
    );
  });

  it("makes a board's Release edits when they are first read, from the text as it was when checked", () => {
    // The extension may hold a large text in pieces, which any read of it copies whole: the check itself reads none.
    let current: string | undefined = text;
    const problems = checkedAtNoon(() => current);
    const fix = problems.find((p) => p.taskId === 'TASK_003')!.fixes[0]!;
    assert.equal(typeof Object.getOwnPropertyDescriptor(fix, 'edits')?.get, 'function', 'the edits are made on first read');
    current = undefined;
    assert.equal(applyEdits(text, fix.edits), text.replace('  assigned_agent: eng-backend\n  status: claimed', '  assigned_agent:\n  status: todo'));
    // Carried as plain data (JSON for the CLI and the MCP server, structured clone to a webview): the edits go along.
    assert.deepEqual(JSON.parse(JSON.stringify(fix)).edits, fix.edits);
    assert.deepEqual(structuredClone(fix).edits, fix.edits);
  });

  it('reads a work-log or Session History time without a zone as UTC, whatever zone the machine is in', () => {
    const zone = process.env.TZ;
    // Node reads TZ again when it changes: the same check on a machine five hours behind UTC.
    process.env.TZ = 'America/New_York';
    try {
      const task = parseBoard({ file: 'TODO.md', text: '# TODO\n\n```yaml\n- TASK_1: "t"\n  assigned_agent: a\n  status: claimed\n```\n' }).tasks[0]!;
      const at10 = Date.parse('2026-11-05T10:00:00Z');
      // A work-log heading `## 2026-11-05 10:00` is read to a timestamp without a zone.
      assert.deepEqual(lastProgress(task, { history: [], entriesFor: () => [entry('2026-11-05T10:00')] }), { time: at10, source: 'work log' });
      const history = [{ text: '2026-11-05 10:00:00 - a claimed TASK_1', span: { start: 0, end: 0 } }];
      assert.deepEqual(lastProgress(task, { history, entriesFor: () => [] }), { time: at10, source: 'Session History' });
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('reads claimed_at as lint reads it: a day-first date is a time, an ambiguous or unreadable one none', () => {
    const claimed = (at: string): Task =>
      parseBoard({ file: 'TODO.md', text: `# TODO\n\n\`\`\`yaml\n- TASK_1: "t"\n  assigned_agent: a\n  status: claimed\n  claimed_at: "${at}"\n\`\`\`\n` }).tasks[0]!;
    const options = { history: [], entriesFor: (): WorkLogEntry[] => [] };
    assert.deepEqual(lastProgress(claimed('25/03/2026 10:00'), options), { time: Date.parse('2026-03-25T10:00:00Z'), source: 'claimed_at' });
    // `Date.parse` reads 03/04/2026 as 4 March and `TBD 2024` as 1 January 2024: a claim aged by a guess.
    for (const at of ['03/04/2026', 'TBD 2024']) assert.equal(lastProgress(claimed(at), options), undefined, at);
  });

  it('reads an ISO claimed_at without a zone as UTC, whatever the machine\'s time zone', () => {
    const task = parseBoard({ file: 'TODO.md', text: '# TODO\n\n```yaml\n- TASK_1: "t"\n  assigned_agent: a\n  status: claimed\n  claimed_at: "2026-11-05T10:00"\n```\n' }).tasks[0]!;
    const zone = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      assert.deepEqual(lastProgress(task, { history: [], entriesFor: (): WorkLogEntry[] => [] }), { time: Date.UTC(2026, 10, 5, 10, 0), source: 'claimed_at' });
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('does not flag a claim younger than the threshold', () => {
    const problems = staleClaims(board.tasks, {
      now: new Date('2026-11-04T08:30:00Z'),
      thresholdMs: DEFAULT_STALE_MS,
      history: board.history,
      entriesFor: noEntries,
    });
    assert.equal(problems.find((p) => p.taskId === 'TASK_003'), undefined);
  });

  it('an in-progress task is stale too, and its Release fix frees it (in_progress → todo is a release)', () => {
    const problems = staleClaims(board.tasks, {
      now: new Date('2026-11-10T00:00:00Z'),
      thresholdMs: DEFAULT_STALE_MS,
      history: board.history,
      entriesFor: noEntries,
      textOf: () => text,
    });
    assert.deepEqual(problems.map((p) => p.taskId).sort(), ['TASK_002', 'TASK_003']);
    const inProgress = problems.find((p) => p.taskId === 'TASK_002')!;
    assert.equal(inProgress.fixes.length, 1);
    assert.match(inProgress.message, /release it if backend-engineer has stopped/);
    const fixed = parseBoard({ file: 'TODO.md', text: applyEdits(text, inProgress.fixes[0]!.edits) });
    const task = fixed.tasks.find((t) => t.id === 'TASK_002')!;
    assert.equal(task.status, 'todo');
    assert.equal(task.assignedAgent, undefined);
  });

  it('a later work-log entry naming the task counts as progress', () => {
    const task = board.tasks.find((t) => t.id === 'TASK_003')!;
    const entriesFor = (t: Task): WorkLogEntry[] => (t.id === 'TASK_003' ? [entry('2026-11-09T22:00:00Z')] : []);
    const problems = staleClaims([task], {
      now: new Date('2026-11-10T00:00:00Z'),
      thresholdMs: DEFAULT_STALE_MS,
      history: board.history,
      entriesFor,
    });
    assert.deepEqual(problems, []);
    assert.equal(lastProgress(task, { history: board.history, entriesFor })?.source, 'work log');
  });

  it('claimed_at and started_at count, whichever is latest', () => {
    const src = [
      '```yaml',
      '- TASK_009: "x"',
      '  assigned_agent: bob',
      '  status: in_progress',
      '  claimed_at: "2026-11-01T00:00:00Z"',
      '  started_at: "2026-11-05T00:00:00Z"',
      '```',
      '',
    ].join('\n');
    const tasks = parseBoard({ file: 'TODO.md', text: src }).tasks;
    const at = (iso: string) =>
      staleClaims(tasks, { now: new Date(iso), thresholdMs: 2 * HOUR, history: [], entriesFor: noEntries }).length;
    assert.equal(at('2026-11-05T01:00:00Z'), 0);
    assert.equal(at('2026-11-05T03:00:00Z'), 1);
  });

  it('a held task with no timestamp anywhere has no known age and is not flagged', () => {
    const src = '```yaml\n- TASK_009: "x"\n  assigned_agent: bob\n  status: claimed\n```\n';
    const tasks = parseBoard({ file: 'TODO.md', text: src }).tasks;
    assert.deepEqual(staleClaims(tasks, { now: new Date(), thresholdMs: 0, history: [], entriesFor: noEntries }), []);
  });

  it('a history line naming a longer id does not count for a shorter one', () => {
    const src = '```yaml\n- TASK_1: "x"\n  assigned_agent: bob\n  status: claimed\n  claimed_at: "2026-11-01T00:00:00Z"\n```\n';
    const tasks = parseBoard({ file: 'TODO.md', text: src }).tasks;
    const history = [{ text: '2026-11-09T00:00:00Z bob started TASK_10', timestamp: '2026-11-09T00:00:00Z', span: { start: 0, end: 0 } }];
    const last = lastProgress(tasks[0]!, { history, entriesFor: noEntries });
    assert.equal(last?.source, 'claimed_at');
  });
});

describe('historyNaming', () => {
  const line = (text: string) => ({ text, span: { start: 0, end: 0 } });
  const history = [
    line('- 2025-01-01T10:00:00Z claimed TASK_1 (alice)'),
    line('- 2025-01-01T11:00:00Z claimed TASK_10 (bob)'),
    line('- 2025-01-01T12:00:00Z X-TASK_1 and TASK_1b are other ids'),
    line('TASK_1: done, TASK_1 again'),
    line('- released v1.2 (carol)'),
  ];

  it('finds the lines naming an id as a whole word, once each, in order', () => {
    assert.deepEqual(historyNaming('TASK_1', history), [history[0], history[3]]);
    assert.deepEqual(historyNaming('TASK_10', history), [history[1]]);
    assert.deepEqual(historyNaming('TASK_2', history), []);
  });

  it('answers the same for the same history read again (the index is reused)', () => {
    assert.deepEqual(historyNaming('X-TASK_1', history), [history[2]]);
    assert.deepEqual(historyNaming('TASK_1', history), [history[0], history[3]]);
  });

  it('matches ids with other characters by the word-bounded pattern', () => {
    assert.deepEqual(historyNaming('v1.2', history), [history[4]]);
    assert.deepEqual(historyNaming('1.2', history), []);
  });

  it('does not take an id in parentheses for the line\'s task: a forced claim is no progress on what it went past', () => {
    const forced = [line('- 2026-11-21T10:00:00Z qa-bot claimed TASK_006 (forced past TASK_002 unfinished)'), line('- 2026-11-21T10:00:00Z x moved v1.3 to done (after v2.0)')];
    assert.deepEqual(historyNaming('TASK_006', forced), [forced[0]]);
    assert.deepEqual(historyNaming('TASK_002', forced), []);
    assert.deepEqual(historyNaming('v2.0', forced), []);
    assert.deepEqual(historyNaming('v1.3', forced), [forced[1]]);
  });
});
