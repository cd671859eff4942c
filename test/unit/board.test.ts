import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BoardTask, ParsedBoard } from '../../src/core/model';
import { parseBoard } from '../../src/core/board/parseBoard';
import { lintBoard } from '../../src/core/board/lintBoard';
import { applyEdits } from '../../src/core/text';
import { fixToApply } from '../../src/core/fixAll';

const fixtures = join(__dirname, '..', '..', '..', 'test', 'fixtures');
const demoText = readFileSync(join(fixtures, 'demo-workspace', 'TODO.md'), 'utf8');
const malformedText = readFileSync(join(fixtures, 'malformed', 'TODO.md'), 'utf8');

function parse(text: string): ParsedBoard {
  return parseBoard({ file: 'TODO.md', text });
}

function task(board: ParsedBoard, id: string, nth = 0): BoardTask {
  const found = board.tasks.filter((t) => t.id === id)[nth];
  assert.ok(found, `task ${id} #${nth} listed`);
  return found;
}

function at(text: string, span: { start: number; end: number }): string {
  return text.slice(span.start, span.end);
}

/** 0-based line of an offset. */
function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length - 1;
}

describe('parseBoard: the demo workspace board', () => {
  const board = parse(demoText);

  it('lists the seven tasks in file order with their groups', () => {
    assert.deepEqual(board.tasks.map((t) => t.id), ['TASK_001', 'TASK_002', 'TASK_003', 'TASK_004', 'TASK_005', 'TASK_006', 'TASK_007']);
    assert.deepEqual(board.tasks.map((t) => t.group), ['Tasks', 'Tasks', 'Tasks', 'Tasks', 'Tasks', 'Backlog', 'Backlog']);
    assert.deepEqual(board.tasks.map((t) => t.status), ['done', 'in_progress', 'claimed', 'todo', 'todo', 'todo', 'todo']);
    assert.equal(board.eol, '\n');
    assert.deepEqual(board.problems, []);
    assert.deepEqual(lintBoard(board, demoText), []);
  });

  it('reads title, priority, agent and spans of a canonical item', () => {
    const t = task(board, 'TASK_002');
    assert.equal(t.title, 'Implement POST /api/users endpoint');
    assert.equal(t.priority, 'high');
    assert.equal(t.assignedAgent, 'backend-engineer');
    assert.equal(t.shape, 'id-key');
    assert.equal(at(demoText, t.idSpan), 'TASK_002');
    assert.equal(at(demoText, t.titleSpan), '"Implement POST /api/users endpoint"');
    assert.equal(t.line, lineOf(demoText, demoText.indexOf('- TASK_002')));
    const status = t.fieldSpans.get('status')!;
    assert.equal(at(demoText, status.keySpan), 'status');
    assert.equal(at(demoText, status.valueSpan), 'in_progress');
    assert.equal(at(demoText, status.lineSpan), '  status: in_progress');
    assert.ok(at(demoText, t.span).startsWith('- TASK_002'));
    assert.ok(at(demoText, t.span).endsWith('created_at: "2026-11-02T09:05:00Z"'));
  });

  it('keeps a title comment out of the title and an empty agent as null', () => {
    const t = task(board, 'TASK_004');
    assert.equal(t.title, 'Rate-limit the login endpoint');
    assert.equal(t.assignedAgent, undefined);
    assert.equal(t.fields['assigned_agent'], null);
    const agent = t.fieldSpans.get('assigned_agent')!;
    assert.equal(agent.valueSpan.start, agent.valueSpan.end);
    assert.equal(demoText[agent.valueSpan.start - 1], ':');
  });

  it("keeps TASK_006's description block and depends_on list", () => {
    const t = task(board, 'TASK_006');
    assert.equal(t.title, 'Integrate Stripe webhooks: payment_intent.succeeded');
    assert.deepEqual(t.fields['depends_on'], ['TASK_002']);
    assert.equal(t.fields['description'], 'Verify signatures with the webhook secret from the environment.\nIdempotency keys must survive retries.\n');
    assert.equal(at(demoText, t.fieldSpans.get('depends_on')!.valueSpan), '[TASK_002]');
    const description = t.fieldSpans.get('description')!;
    assert.ok(at(demoText, description.valueSpan).startsWith('|'));
    assert.ok(at(demoText, description.lineSpan).endsWith('must survive retries.'));
    // The id key is the task's id and title, not one of its fields.
    assert.deepEqual(Object.keys(t.fields), ['priority', 'assigned_agent', 'status', 'created_at', 'depends_on', 'description']);
  });

  it('reads the five Session History entries and where the next one goes', () => {
    assert.equal(board.history.length, 5);
    assert.equal(board.history[0]!.timestamp, '2026-11-02T09:20:00Z');
    assert.equal(board.history[4]!.text, '2026-11-04T07:55:00Z eng-backend claimed TASK_003');
    assert.equal(board.historyInsertAt, board.history[4]!.span.end);
    assert.equal(at(demoText, board.history[4]!.span), '- 2026-11-04T07:55:00Z eng-backend claimed TASK_003');
  });
});

describe('parseBoard: the malformed board', () => {
  const board = parse(malformedText);
  const problems = lintBoard(board, malformedText);

  it('lists every task, both TASK_013s included', () => {
    assert.deepEqual(board.tasks.map((t) => t.id), ['TASK_010', 'TASK_011', 'TASK_012', 'TASK_013', 'TASK_013', 'TASK_014', 'TASK_015']);
    assert.equal(task(board, 'TASK_011').title, 'Fix bug: login fails on empty password');
    assert.equal(task(board, 'TASK_012').fields['priority'], 'low');
    assert.equal(task(board, 'TASK_015').status, 'todo');
    assert.equal(task(board, 'TASK_010').status, 'in_progress');
    assert.equal(task(board, 'TASK_010').statusText, 'In Progress');
  });

  it('reports each problem once, on its own line, with the right code', () => {
    const lines = malformedText.split('\n');
    const lineWith = (needle: string, from = 0): number => lines.findIndex((l, i) => i >= from && l.includes(needle));
    const got = problems.map((p) => [p.code, lineOf(malformedText, p.span.start), p.taskId]);
    const dup = lineWith('TASK_013', lineWith('TASK_013') + 1);
    assert.deepEqual(got, [
      ['unknown-status', lineWith('In Progress'), 'TASK_010'],
      ['unquoted-colon', lineWith('TASK_011'), 'TASK_011'],
      ['tab-indent', lineWith('\tpriority'), 'TASK_012'],
      ['missing-status', lineWith('TASK_013'), 'TASK_013'],
      ['duplicate-id', dup, 'TASK_013'],
      ['bad-priority', lineWith('urgent'), 'TASK_013'],
      ['bad-timestamp', lineWith('yesterday'), 'TASK_013'],
      ['claim-without-agent', lineWith('status: claimed'), 'TASK_014'],
      ['bad-indent', lineWith('    priority: medium'), 'TASK_015'],
    ]);
    for (const p of problems) assert.equal(lineOf(malformedText, p.span.start), lineOf(malformedText, p.span.end), `${p.code} stays on one line`);
  });

  it('gives the syntax problems from the parser itself', () => {
    assert.deepEqual(board.problems.map((p) => p.code), ['unquoted-colon', 'tab-indent', 'bad-indent']);
  });
});

describe('parseBoard: shapes agents write', () => {
  it('reads bare items in the markdown body but not prose or history bullets', () => {
    const text = [
      '# Board',
      '',
      '- Note: this bullet is prose',
      '- TASK_001: "Bare task"',
      '  status: todo',
      '  priority: low',
      '',
      'Some text.',
      '- AUTH_SYSTEM: Build the auth system',
      '  status: pending',
      '',
      '## Session History',
      '- 2026-01-01T00:00:00Z a claimed TASK_001',
      '',
    ].join('\n');
    const board = parse(text);
    assert.deepEqual(board.tasks.map((t) => [t.id, t.title, t.status, t.group]), [
      ['TASK_001', 'Bare task', 'todo', 'Board'],
      ['AUTH_SYSTEM', 'Build the auth system', 'todo', 'Board'],
    ]);
    assert.equal(at(text, board.tasks[0]!.span), '- TASK_001: "Bare task"\n  status: todo\n  priority: low');
    assert.equal(board.history.length, 1);
  });

  it('reads capitalised prose bullets (NOTE:, TODO:) as prose, and a plain-word id as a task only with a task field under it', () => {
    const text = [
      '# Board',
      '',
      '## Notes',
      '- NOTE: keep API stable',
      '- TODO: ask Lucas',
      '- WARNING: no field below',
      '  see the wiki',
      '- AUTH: Build login',
      '  status: todo',
      '- TASK-002: "Hyphen id"',
      '- BILLING: Invoices',
      '  priority: high',
      '',
    ].join('\n');
    const board = parse(text);
    assert.deepEqual(board.tasks.map((t) => [t.id, t.status]), [
      ['AUTH', 'todo'],
      ['TASK-002', undefined],
      ['BILLING', undefined],
    ]);
    const fixedLines = lintBoard(board, text).flatMap((p) => p.fixes.flatMap((f) => f.edits)).map((e) => lineOf(text, e.start));
    assert.ok(fixedLines.every((l) => l >= 7), `no fix touches the prose bullets (lines ${fixedLines.join(', ')})`);
  });

  it('a bare bullet stops being a task when an edit breaks the field that made it one', () => {
    const text = '# B\n\n- AUTH: Build login\n  status: todo\n';
    assert.equal(parse(text).tasks.length, 1);
    const at = text.indexOf('status');
    const next = text.slice(0, at) + 'x' + text.slice(at + 1);
    assert.equal(parse(next).tasks.length, 0);
  });

  it('warns once, on the fence line, when a yaml block holds a list but no top-level items (tasks: map, indented list)', () => {
    const text = [
      '# Board',
      '```yaml',
      'tasks:',
      '  - TASK_001: "In a map"',
      '    status: todo',
      '```',
      '',
      '```yml',
      '  - TASK_002: "Indented"',
      '    status: todo',
      '```',
      '',
      '```yaml',
      'settings:',
      '  color: blue',
      '```',
      '',
      '```yaml',
      '- TASK_003: "Fine"',
      '  status: todo',
      '  tags:',
      '    - a',
      '```',
      '',
    ].join('\n');
    const board = parse(text);
    assert.deepEqual(board.tasks.map((t) => t.id), ['TASK_003']);
    assert.deepEqual(board.problems.map((p) => [p.code, p.severity, lineOf(text, p.span.start), at(text, p.span)]), [
      ['unrecognized-block', 'warning', 1, '```yaml'],
      ['unrecognized-block', 'warning', 7, '```yml'],
    ]);
    assert.match(board.problems[0]!.message, /line 2 .*no task items in the expected shape/);
    assert.deepEqual(lintBoard(board, text).map((p) => p.code), ['unrecognized-block', 'unrecognized-block']);
    // The `tasks:` map has no fix; the indented list has one, which moves it to the margin, where it is read.
    assert.deepEqual(board.problems[0]!.fixes, []);
    assert.match(board.problems[1]!.message, /indented by 2 spaces: at the margin, its items are read/);
    const fixed = applyEdits(text, board.problems[1]!.fixes[0]!.edits);
    assert.equal(fixed, text.replace('  - TASK_002: "Indented"\n    status: todo', '- TASK_002: "Indented"\n  status: todo'));
    assert.deepEqual(parse(fixed).tasks.map((t) => [t.id, t.status]), [['TASK_002', 'todo'], ['TASK_003', 'todo']]);
  });

  it('moves an indented list to the margin line by line: nested lines keep their depth, comments and blank lines stay, CRLF stays', () => {
    const body = ['    # the plan', '    - id: 1', '      title: "Set up CI: Actions"', '', '      tags:', '        - ci', '# at the margin', '    - id: 2', '      title: Docs'];
    const text = ['# TODO', '```yml', ...body, '```', ''].join('\r\n');
    const problem = parse(text).problems.find((p) => p.code === 'unrecognized-block')!;
    assert.equal(problem.fixes[0]!.preferred, true);
    const fixed = applyEdits(text, problem.fixes[0]!.edits);
    const moved = ['# the plan', '- id: 1', '  title: "Set up CI: Actions"', '', '  tags:', '    - ci', '# at the margin', '- id: 2', '  title: Docs'];
    assert.equal(fixed, ['# TODO', '```yml', ...moved, '```', ''].join('\r\n'));
    assert.deepEqual(parse(fixed).tasks.map((t) => [t.id, t.title]), [['1', 'Set up CI: Actions'], ['2', 'Docs']]);
    // A line left of the list's own margin, or a tab in the indentation: no fix, the block stays as it is.
    for (const odd of [['  - id: 1', '    title: One', ' x: 2'], ['  - id: 1', '\ttitle: One']]) {
      const oddText = ['```yaml', ...odd, '```', ''].join('\n');
      assert.deepEqual(parse(oddText).problems.find((p) => p.code === 'unrecognized-block')?.fixes, [], JSON.stringify(odd));
    }
  });

  it('says once that sections named by a task id with a **Status:** line are not read, when the board reads no task', () => {
    const sections = ['### TASK-001: Set up the repository', '**Status:** ✅ Completed', '**Assigned to:** devops', '', 'Create the repo.', '', '### TASK-002 — Build the API', '- **Status**: 🚧 In Progress', '', '### Notes', '**Status:** not a task'];
    const text = ['# Project TODO', '', '## Phase 1', '', ...sections, ''].join('\r\n');
    const board = parse(text);
    assert.deepEqual(board.tasks, []);
    assert.deepEqual(board.problems.map((p) => [p.code, p.severity, lineOf(text, p.span.start), at(text, p.span)]), [
      ['unrecognized-block', 'warning', 4, '### TASK-001: Set up the repository'],
    ]);
    assert.match(board.problems[0]!.message, /^2 section\(s\) like "TASK-001: Set up the repository" with a \*\*Status:\*\* line are not read as tasks/);
    // Not said: in a code fence (an example of the shape), without a status line (a page of notes), or beside tasks read.
    for (const other of [
      ['# Docs', '```markdown', ...sections, '```', ''],
      ['# Docs', '### TASK-001: Set up the repository', 'Some words.', ''],
      ['# TODO', '- [ ] T-1 Write it', '', ...sections, ''],
    ]) {
      assert.deepEqual(parse(other.join('\n')).problems.filter((p) => /section\(s\) like/.test(p.message)), [], other.join('|'));
    }
  });

  it('reads the id-field shape and hyphen ids', () => {
    const text = '```yaml\n- id: TASK-001\n  title: "Hyphen id"\n  status: in-progress\n  assigned_agent: a\n- id: TASK-002\n  title: Second\n  status: Done\n```\n';
    const board = parse(text);
    assert.deepEqual(board.tasks.map((t) => [t.id, t.title, t.status, t.statusText, t.shape]), [
      ['TASK-001', 'Hyphen id', 'in_progress', 'in-progress', 'id-field'],
      ['TASK-002', 'Second', 'done', 'Done', 'id-field'],
    ]);
    assert.equal(at(text, board.tasks[0]!.idSpan), 'TASK-001');
    assert.equal(at(text, board.tasks[0]!.titleSpan), '"Hyphen id"');
  });

  it('reads yml fences, longer and tilde fences, and ignores other languages', () => {
    const text = '~~~~yml\n- TASK_1: "a"\n  status: todo\n~~~~\n```json\n- TASK_2: "not yaml"\n```\n````yaml\n- TASK_3: "c"\n```\nstill inside\n````\n';
    assert.deepEqual(parse(text).tasks.map((t) => t.id), ['TASK_1', 'TASK_3']);
  });

  it('reads the shorthand line and fixes it to the full shape', () => {
    const text = '```yaml\n- TASK_001: "Write docs" (docs-writer)\n- TASK_002: "Nobody yet" ()\n```\n';
    const board = parse(text);
    assert.deepEqual(board.tasks.map((t) => [t.id, t.title, t.assignedAgent, t.shape, t.status]), [
      ['TASK_001', 'Write docs', 'docs-writer', 'shorthand', 'claimed'],
      ['TASK_002', 'Nobody yet', undefined, 'shorthand', 'todo'],
    ]);
    assert.deepEqual(board.problems.map((p) => p.code), ['shorthand-item', 'shorthand-item']);
    const fixed = board.problems.reduceRight((t, p) => t.slice(0, p.fixes[0]!.edits[0]!.start) + p.fixes[0]!.edits[0]!.newText + t.slice(p.fixes[0]!.edits[0]!.end), text);
    assert.equal(fixed, '```yaml\n- TASK_001: "Write docs"\n  assigned_agent: docs-writer\n  status: claimed\n- TASK_002: "Nobody yet"\n  assigned_agent:\n  status: todo\n```\n');
    const after = parse(fixed);
    assert.deepEqual(after.problems, []);
    assert.deepEqual(after.tasks.map((t) => [t.id, t.status, t.assignedAgent]), [['TASK_001', 'claimed', 'docs-writer'], ['TASK_002', 'todo', undefined]]);
  });

  it('fixes a shorthand line whose title holds backslashes to a title YAML reads the same', () => {
    // The shorthand is no YAML: `\t` there is a backslash and a t. In YAML's double quotes it would be a tab, and
    // `\d` no escape at all.
    const text = '```yaml\n- T-1: "Fix C:\\temp\\new loader" (amy)\n- T-2: "Match \\d+ ids" (bob)\n- T-3: "Say \\"hi\\" now" (cy)\n```\n';
    const board = parse(text);
    const titles = board.tasks.map((t) => t.title);
    assert.deepEqual(titles, ['Fix C:\\temp\\new loader', 'Match \\d+ ids', 'Say "hi" now']);
    const fixed = board.problems.reduceRight((t, p) => t.slice(0, p.fixes[0]!.edits[0]!.start) + p.fixes[0]!.edits[0]!.newText + t.slice(p.fixes[0]!.edits[0]!.end), text);
    const after = parse(fixed);
    assert.deepEqual(after.problems, []);
    assert.deepEqual(after.tasks.map((t) => t.title), titles);
    // A title with only the escapes both read alike is kept as written.
    assert.ok(fixed.includes('- T-3: "Say \\"hi\\" now"\n'), fixed);
  });

  it('keeps nested acceptance_criteria lists, tags, numbers and percentages', () => {
    const text = [
      '```yaml',
      '- TASK_020: "Nested"',
      '  status: todo',
      '  estimated_hours: 4',
      '  progress: 75%',
      '  tags: [api, auth]',
      '  acceptance_criteria:',
      '    - given: a user',
      '      then:',
      '        - it works',
      '    - "second"',
      '  dependencies:',
      '    - TASK_001',
      '```',
    ].join('\n');
    const t = parse(text).tasks[0]!;
    assert.equal(t.fields['estimated_hours'], 4);
    assert.equal(t.fields['progress'], '75%');
    assert.deepEqual(t.fields['tags'], ['api', 'auth']);
    assert.deepEqual(t.fields['acceptance_criteria'], [{ given: 'a user', then: ['it works'] }, 'second']);
    assert.deepEqual(t.fields['dependencies'], ['TASK_001']);
    assert.ok(at(text, t.fieldSpans.get('acceptance_criteria')!.lineSpan).endsWith('- "second"'));
  });

  it('turns deeply nested YAML into one yaml-syntax problem, not a crash', function () {
    this.timeout(30_000); // yaml needs a while to hit its stack limit on a loaded machine
    const text = '```yaml\n- TASK_1: "ok"\n  status: todo\n- TASK_2: "deep"\n  data: ' + '['.repeat(3000) + '\n- TASK_3: "after"\n  status: todo\n```\n';
    const board = parse(text);
    assert.deepEqual(board.tasks.map((t) => t.id), ['TASK_1', 'TASK_2', 'TASK_3']);
    assert.deepEqual(board.problems.map((p) => [p.code, p.taskId]), [['yaml-syntax', 'TASK_2']]);
  });

  it('round-trips a CRLF board with a BOM: offsets into the exact text', () => {
    const text = '\uFEFF' + demoText.replace(/\n/g, '\r\n');
    const board = parse(text);
    assert.equal(board.eol, '\r\n');
    assert.equal(board.tasks.length, 7);
    assert.equal(board.history.length, 5);
    const t = task(board, 'TASK_003');
    assert.equal(at(text, t.idSpan), 'TASK_003');
    assert.equal(at(text, t.fieldSpans.get('status')!.valueSpan), 'claimed');
    assert.equal(at(text, t.fieldSpans.get('status')!.lineSpan), '  status: claimed');
    assert.ok(!at(text, t.span).endsWith('\r'));
    assert.equal(t.title, 'Add JWT refresh-token rotation');
    assert.equal(t.fields['TASK_003'], undefined);
    assert.equal(task(board, 'TASK_006').fields['description'], 'Verify signatures with the webhook secret from the environment.\nIdempotency keys must survive retries.\n');
    assert.equal(lintBoard(board, text).length, 0);
    // A BOM before a bare item on the first line.
    const bare = parse('\uFEFF- TASK_1: "x"\r\n  status: todo\r\n');
    assert.equal(bare.tasks[0]!.span.start, 1);
    assert.equal(bare.tasks[0]!.status, 'todo');
  });

  it('reports an invalid YAML item with yaml\'s message when no specific mistake is found', () => {
    const text = '```yaml\n- TASK_1: "a"\n  status: todo\n  note: [unclosed\n- TASK_2: "b"\n  status: todo\n```\n';
    const board = parse(text);
    assert.deepEqual(board.tasks.map((t) => t.id), ['TASK_1', 'TASK_2']);
    assert.equal(board.problems.length, 1);
    assert.equal(board.problems[0]!.code, 'yaml-syntax');
    assert.match(board.problems[0]!.message, /TASK_1/);
  });
});

describe('parseBoard: where a fenced item ends', () => {
  /** The items of a board, as the text each task's span covers, with its line. */
  function items(text: string): Array<[string, string, number]> {
    return parse(text).tasks.map((t) => [t.id, text.slice(t.span.start, t.span.end), t.line]);
  }

  it('ends an item at the next item, the closing fence or the end of the text, leaving blank and comment lines after it out', () => {
    for (const eol of ['\n', '\r\n']) {
      const a = `- A_1: "one"${eol}  status: todo`;
      const b = `- B_2: two${eol}  priority: high`;
      const join = (...lines: string[]): string => lines.join(eol);
      assert.deepEqual(items(join('```yaml', a, b, '```')), [['A_1', a, 1], ['B_2', b, 3]]);
      assert.deepEqual(items(join('```yaml', a, '', '  # later', '# col0', '', b, '```  ', 'status: x')).map((i) => i[2]), [1, 7]);
      assert.deepEqual(items(join('````yml', a, '```', '  note: x', '````', '- prose after the fence')).map((i) => [i[0], i[1].split(eol).length]), [['A_1', 4]]);
      assert.deepEqual(items(join('~~~yaml', a, '  # end')), [['A_1', a, 1]]); // unclosed fence: to the end of the text
      assert.deepEqual(items(join('```yaml', a, '')).map((i) => i[0]), ['A_1']);
    }
  });

  it('says a yaml block is never closed, and leaves the prose it took in out of the fixes fix-all applies', () => {
    const text = '# B\n\n```yaml\n- TASK_001: "A"\n  status: todo\n\n## Notes\n\nContext: the API is flaky.\n';
    const board = parse(text);
    const problems = lintBoard(board, text);
    assert.deepEqual(problems.map((p) => [p.code, p.severity, text.slice(p.span.start, p.span.end)]), [
      ['unrecognized-block', 'warning', '```yaml'],
      ['bad-indent', 'error', 'Context: the API is flaky.'],
    ]);
    assert.match(problems[0]!.message, /The yaml block on line 3 is never closed/);
    assert.equal(fixToApply(problems[1]!), undefined, 'the indent is offered, not applied');
    // Closed, the same line is a field written at column 0: its indent is the fix.
    const closed = text.replace('\n## Notes', '```\n## Notes').replace('## Notes\n\nContext', '```yaml\n- TASK_002: "B"\nstatus: todo\n```\nContext');
    const fixable = lintBoard(parse(closed), closed).find((p) => p.code === 'bad-indent')!;
    assert.ok(fixToApply(fixable));
  });

  it('keeps in an item the lines after it that are not in the usual shape, as the line-by-line reading does', () => {
    const board = parse('```yaml\n- A_1: one\n  status: todo\nextra: at column 0\n- B_2: two\n  status: todo\n```\n');
    assert.deepEqual(board.tasks.map((t) => t.id), ['A_1', 'B_2']);
    const first = board.tasks[0]!;
    assert.equal(first.span.end, board.tasks[1]!.span.start - 1, 'the column-0 line belongs to A_1');
    // A fence line that does not close the fence is content of the item before it.
    const inner = parse('```yaml\n- A_1: one\n  status: todo\n```yaml\n- B_2: two\n```\n');
    assert.deepEqual(inner.tasks.map((t) => t.id), ['A_1', 'B_2']);
    assert.ok(inner.tasks[0]!.span.end > inner.tasks[0]!.fieldSpans.get('status')!.lineSpan.end);
    // A lone CR on a line of its own is content, not a blank line.
    const cr = parse('```yaml\n- A_1: one\n  status: todo\n\r  \n- B_2: two\n```\n');
    assert.deepEqual(cr.tasks.map((t) => [t.id, t.line]), [['A_1', 1], ['B_2', 4]]);
  });
});

describe('parseBoard: yaml-syntax in an `- id:` item', () => {
  it('names the task by its id field and points at the line and column yaml stopped at', () => {
    // A plain scalar continued on a line that holds `: ` (yaml stops at the value that becomes a mapping).
    const text = ['- id: TASK-470', '  title: Chips', '  notes: shows chips', '      in the panel: not title-adjacent', '  status: done', ''].join('\n');
    const board = parse(text);
    assert.deepEqual(board.tasks.map((t) => t.id), ['TASK-470']);
    const [p] = board.problems.filter((x) => x.code === 'yaml-syntax');
    assert.ok(p, JSON.stringify(board.problems));
    assert.equal(p.taskId, 'TASK-470');
    assert.match(p.message, /^Task TASK-470 is not valid YAML: /);
    const before = text.slice(0, p.span.start);
    assert.deepEqual([before.split('\n').length, p.span.start - before.lastIndexOf('\n')], [3, 10], 'line 3, column 10: where the value starts, not column 1');
  });

  it('points an item with no readable id at the column yaml stopped at too', () => {
    const text = '```yaml\n- [a, b\n```\n';
    const [p] = parse(text).problems;
    assert.equal(p?.code, 'yaml-syntax');
    assert.equal(p.span.start, text.indexOf('- [a, b') + '- [a, b'.length, 'the end of the unclosed list, not column 1');
  });
});

describe('parseBoard: an item with several mistakes', () => {
  // The title has an unquoted ": ", one field is tab-indented, one is too deep, one value has an
  // unquoted ": ", and `tags` never closes its list (no specific fix for that one).
  const item = ['- TASK_1: Fix bug: login', '\tpriority: high', '    status: In Progress', '  notes: see: above', '  tags: [a'];
  const text = `\`\`\`yaml\n${item.join('\n')}\n\`\`\`\n`;
  const lineOfItem = (n: number): number => n + 1;

  it('reports every mistake on its own line, each with its own fix, and yaml\'s message for what they leave', () => {
    const board = parse(text);
    assert.deepEqual(board.tasks.map((t) => t.id), ['TASK_1']);
    assert.deepEqual(
      board.problems.map((p) => [p.code, lineOf(text, p.span.start), p.fixes.length]),
      [
        ['unquoted-colon', lineOfItem(0), 1],
        ['tab-indent', lineOfItem(1), 1],
        ['bad-indent', lineOfItem(2), 1],
        ['unquoted-colon', lineOfItem(3), 1],
        ['yaml-syntax', lineOfItem(4), 0],
      ],
    );
  });

  it('reports only the mistakes, no yaml-syntax, when their fixes make the item valid', () => {
    const valid = text.replace('[a', '[a]');
    const board = parse(valid);
    assert.deepEqual(board.problems.map((p) => p.code), ['unquoted-colon', 'tab-indent', 'bad-indent', 'unquoted-colon']);
    // Fixing one mistake leaves the others, one problem fewer each time.
    let current = valid;
    for (let left = 3; left >= 0; left--) {
      const problems = parse(current).problems;
      current = applyEdits(current, problems[0]!.fixes[0]!.edits);
      assert.equal(parse(current).problems.length, left, current);
    }
    assert.equal(task(parse(current), 'TASK_1').title, 'Fix bug: login');
  });

  it('lints the fields as they read once the mistakes are fixed (In Progress → in_progress, with the agent rule)', () => {
    const board = parse(text.replace('[a', '[a]'));
    const t = task(board, 'TASK_1');
    assert.equal(t.statusText, 'In Progress');
    assert.equal(at(text.replace('[a', '[a]'), t.fieldSpans.get('status')!.valueSpan), 'In Progress');
    const codes = lintBoard(board, text.replace('[a', '[a]')).map((p) => p.code);
    assert.ok(codes.includes('unknown-status') && codes.includes('claim-without-agent'), codes.join());
  });
});

describe('BoardTask.fieldSpans', () => {
  it('behaves as a ReadonlyMap on fast-path and yaml-path items alike', () => {
    const text = '```yaml\n- TASK_1: "fast"\n  status: todo\n- TASK_2: "slow"\n  status: todo\n  tags: [a]\n```\n';
    const board = parseBoard({ file: 'TODO.md', text });
    for (const t of board.tasks) {
      const entries = [...t.fieldSpans];
      // fieldSpans also holds the id key's place; fields holds only the fields.
      assert.deepEqual(entries.map(([k]) => k), [t.id, ...Object.keys(t.fields)]);
      assert.deepEqual([...t.fieldSpans.keys()], [t.id, ...Object.keys(t.fields)]);
      assert.equal(t.fieldSpans.size, Object.keys(t.fields).length + 1);
      assert.deepEqual([...t.fieldSpans.values()], entries.map(([, v]) => v));
      const seen: string[] = [];
      t.fieldSpans.forEach((v, k) => seen.push(`${k}=${text.slice(v.valueSpan.start, v.valueSpan.end)}`));
      assert.equal(seen[1], 'status=todo');
      assert.ok(t.fieldSpans.has('status') && !t.fieldSpans.has('nope'));
      assert.equal(t.fieldSpans.get('nope'), undefined);
      assert.deepEqual(new Map(t.fieldSpans).get('status'), t.fieldSpans.get('status'));
    }
  });
});
