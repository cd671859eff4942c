// Planning a new board task (add_task) and a work-log entry (append_work_log)
// on plain text: where the item goes, what it looks like, and that every other
// byte of the file stays as it was.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
// The module object itself (a default import is, under esModuleInterop): the code under test reads `linkSync` from
// it at each call, and a namespace import of it is read-only.
import nodeFs from 'node:fs';
import { parseBoard } from '../../src/core/board/parseBoard';
import { applyEdits } from '../../src/core/text';
import { planAddTask, type NewTask } from '../../src/cli/mcp/addTask';
import { appendWorkLogEntry, formatWorkLogEntry, withEntryAppended, workLogHeading } from '../../src/cli/mcp/appendWorkLog';
import { parseWorkLog } from '../../src/core/worklog/parseWorkLog';

const NOW = new Date('2026-11-21T10:30:45.123Z');

function add(text: string, task: NewTask): { text: string; id: string; group: string; line: number } {
  const plan = planAddTask(text, parseBoard({ file: 'TODO.md', text }), task, NOW);
  assert.ok(plan.ok, plan.ok ? '' : plan.message);
  return { text: applyEdits(text, plan.edits), id: plan.id, group: plan.group, line: plan.line };
}

describe('planAddTask (add_task)', () => {
  it('adds a checkbox item like its neighbours: bullet, numbering, id style, line breaks, under the first status', () => {
    // Statuses as headings: the item goes at the end of the To Do section (here Backlog), after a nested step.
    const text = '# Board\r\n\r\n## In Progress\r\n\r\n1. [ ] **T-008**: Build API @ana\r\n\r\n## Backlog\r\n\r\n1. [ ] **T-009**: Write docs\r\n2. [ ] **T-010**: Ship\r\n   - [ ] sub step\r\n\r\n## Done\r\n\r\n1. [x] **T-001**: Setup\r\n';
    const out = add(text, { title: 'Fresh idea' });
    assert.equal(out.id, 'T-011');
    assert.equal(out.text, text.replace('   - [ ] sub step\r\n', '   - [ ] sub step\r\n3. [ ] **T-011**: Fresh idea\r\n'));
    assert.deepEqual([out.group, out.line], ['Backlog', 11]);
    // A list whose items write no id: the title alone, named by it as the parse names such items.
    const plain = '# Plan\n\n- [ ] Write docs\n- [x] Set up CI\n\n## Later\n\n- [ ] Polish\n';
    const first = add(plain, { title: 'Tidy up' });
    assert.equal(first.text, plain.replace('- [x] Set up CI\n', '- [x] Set up CI\n- [ ] Tidy up\n'));
    assert.equal(first.id, 'tidy-up');
    assert.equal(add(plain, { title: 'Later thing', group: 'later' }).text, `${plain}- [ ] Later thing\n`);
    // The first item of an empty To Do section: after a blank line under its heading.
    const empty = '# B\n\n## To Do\n\n## Done\n\n- [x] T-1: a\n';
    assert.equal(add(empty, { title: 'New' }).text, '# B\n\n## To Do\n\n- [ ] T-2: New\n\n## Done\n\n- [x] T-1: a\n');
    // A struck-out item is no task, but its id is taken: given out again, one id would name two items.
    assert.equal(add('## To Do\n\n- [ ] T-12: Add OAuth\n- [ ] T-13: ~~Add SSO~~ (dropped)\n', { title: 'New' }).id, 'T-14');
  });

  it('adds a table row in the table\'s columns and words, padded as it is, starting the To Do table when there is none', () => {
    const aligned = '| ID  | Task       | Status | Owner | Priority |\n|-----|------------|--------|-------|----------|\n| T-1 | Write docs | Todo   | -     | High     |\n| T-2 | Fix login  | Done   | bob   | Low      |\n';
    const out = add(aligned, { title: 'A much longer title', priority: 'medium' });
    assert.equal(out.id, 'T-3');
    assert.equal(
      out.text,
      '| ID  | Task                | Status | Owner | Priority |\n|-----|---------------------|--------|-------|----------|\n| T-1 | Write docs          | Todo   | -     | High     |\n' +
        '| T-2 | Fix login           | Done   | bob   | Low      |\n| T-3 | A much longer title | Todo   | -     | Medium   |\n',
    );
    // Aligned by display width (a CJK character takes two columns): the new row is padded by columns, and a title
    // too wide widens the column by the columns it lacks.
    const wide = '| ID  | Task     | Status |\n|-----|----------|--------|\n| T-1 | 写文档   | Todo   |\n| T-2 | 修复登录 | Done   |\n';
    assert.equal(add(wide, { title: '测试' }).text, `${wide}| T-3 | 测试     | Todo   |\n`);
    assert.equal(
      add(wide, { title: '更新部署脚本' }).text,
      '| ID  | Task         | Status |\n|-----|--------------|--------|\n| T-1 | 写文档       | Todo   |\n| T-2 | 修复登录     | Done   |\n| T-3 | 更新部署脚本 | Todo   |\n',
    );
    // Not aligned: each cell as written, an empty one as the column writes it; a pipe in the title escaped.
    const loose = '| ID | Task | Status | Owner |\n|----|------|--------|-------|\n| T-1 | Write docs | todo | |\n';
    assert.equal(add(loose, { title: 'Either | or' }).text, `${loose}| T-2 | Either \\| or | todo | |\n`);
    const sections = '# Board\n\n## To Do\n\n## Done\n\n| ID | Task | Status |\n|---|---|---|\n| T-2 | Setup | Done |\n';
    const started = add(sections, { title: 'First' });
    assert.equal(started.text, sections.replace('## To Do\n', '## To Do\n\n| ID | Task | Status |\n|---|---|---|\n| T-3 | First | Todo |\n'));
    assert.equal(parseBoard({ file: 'TODO.md', text: started.text }).tasks.find((t) => t.id === 'T-3')?.status, 'todo');
  });

  it('adds a checkbox item in the place and style a person would: phases under a title, bold ids, loose lists, groups', () => {
    const after = (text: string, task: NewTask = { title: 'New' }): string => add(text, task).text;
    // `# TODO` over phases beside `## Completed` is the file's title: the item goes at the end of the first phase.
    const phases = '# TODO\n\nProject tasks.\n\n## Phase 1\n\n- [ ] T-1: one\n- [ ] T-2: two\n\n## Completed\n\n- [x] T-3: three\n';
    assert.equal(after(phases), phases.replace('- [ ] T-2: two\n', '- [ ] T-2: two\n- [ ] T-4: New\n'));
    // No To Do heading, but items whose boxes say todo: after them.
    const tasks = '## Tasks\n\n- [ ] T-1: a\n\n## Done\n\n- [x] T-2: c\n';
    assert.equal(after(tasks), tasks.replace('- [ ] T-1: a\n', '- [ ] T-1: a\n- [ ] T-3: New\n'));
    // Emphasis opened before the id closes where the neighbour closes it.
    assert.equal(after('- [ ] **TASK-001:** one\n'), '- [ ] **TASK-001:** one\n- [ ] **TASK-002:** New\n');
    assert.equal(after('- [ ] **T-1: Set up CI**\n'), '- [ ] **T-1: Set up CI**\n- [ ] **T-2: New**\n');
    // Items a blank line apart; an ordered list's first item in an empty section; dotted ids counted on.
    assert.equal(after('- [ ] T-1: one\n\n- [ ] T-2: two\n'), '- [ ] T-1: one\n\n- [ ] T-2: two\n\n- [ ] T-3: New\n');
    assert.equal(after('## To Do\n\n## Doing\n\n1. [ ] T-1: a\n2. [ ] T-2: b\n'), '## To Do\n\n1. [ ] T-3: New\n\n## Doing\n\n1. [ ] T-1: a\n2. [ ] T-2: b\n');
    assert.equal(after('- [ ] T-1.1: one\n- [ ] T-1.2: two\n'), '- [ ] T-1.1: one\n- [ ] T-1.2: two\n- [ ] T-1.3: New\n');
    // A group under two status headings: the first status's; an empty status heading named as the group.
    const twice = '## To Do\n\n### Backend\n\n- [ ] T-1: one\n\n## Done\n\n### Backend\n\n- [x] T-2: two\n';
    assert.equal(after(twice, { title: 'New', group: 'Backend' }), twice.replace('- [ ] T-1: one\n', '- [ ] T-1: one\n- [ ] T-3: New\n'));
    const empty = '## To Do\n\n## Done\n\n- [x] T-1: one\n';
    assert.equal(after(empty, { title: 'New', group: 'To Do' }), '## To Do\n\n- [ ] T-2: New\n\n## Done\n\n- [x] T-1: one\n');
    // A board whose only item follows the file's BOM is read, and added to.
    assert.equal(after('\ufeff- [ ] T-1: one\n'), '\ufeff- [ ] T-1: one\n- [ ] T-2: New\n');
  });

  it('adds a table row in the words its cells use: a bare status word, the empty cell, the priority scale, the columns', () => {
    const after = (text: string, task: NewTask = { title: 'New' }): string => add(text, task).text;
    const noted = '| ID | Task | Status | Owner |\n|---|---|---|---|\n| T-1 | one | Todo (after T-2) | @bob |\n| T-2 | two | Done | - |\n';
    assert.equal(after(noted), `${noted}| T-3 | New | Todo | - |\n`);
    const caps = '| ID | Task | Status | Priority |\n|---|---|---|---|\n| #1 | one | todo | HIGH |\n| #2 | two | todo | P2 |\n';
    assert.equal(after(caps, { title: 'New', priority: 'low' }), `${caps}| #3 | New | todo | LOW |\n`);
    const scale = '| ID | Task | Status | Priority |\n|---|---|---|---|\n| T-1 | one | todo | P2 |\n| T-2 | two | todo | P3 |\n';
    assert.equal(after(scale, { title: 'New', priority: 'high' }), `${scale}| T-3 | New | todo | P1 |\n`);
    // An id in marks (`**T-1**`) is T-1, and the new one is written in the same marks.
    const marked = '| ID | Task | Status |\n|---|---|---|\n| **T-1** | one | todo |\n';
    assert.equal(after(marked), `${marked}| **T-2** | New | todo |\n`);
    const described = '| ID | Title | Description | Status | Blocked By |\n|---|---|---|---|---|\n| T-1 | one | first | todo | - |\n';
    assert.equal(after(described, { title: 'New', description: 'what it is', dependsOn: ['T-1'] }), `${described}| T-3 | New | what it is | todo | T-1 |\n`.replace('T-3', 'T-2'));
  });

  it('says why a title cannot be added as written: an agent, a word read as an id, a title another item has', () => {
    const plain = '- [ ] one\n- [ ] two\n';
    const why = (text: string, title: string): string => {
      const plan = planAddTask(text, parseBoard({ file: 'TODO.md', text }), { title }, NOW);
      return plan.ok ? '' : plan.message;
    };
    assert.match(why(plain, '@alice fix login'), /@alice in the title would be read as its agent/);
    assert.match(why(plain, 'UTF-8 decoding'), /the title would be read as "decoding"/);
    assert.match(why('## To Do\n\n- [ ] a\n\n## Done\n\n- [x] Fix login\n', 'Fix login'), /another task would be read differently/);
    assert.match(why('| ID | Task | Status |\n|---|---|---|\n| T-1/a | one | todo |\n', 'x'), /^TODO\.md:3: its ids are written in a way add cannot continue \(T-1\/a\)/);
  });

  it('refuses what a checkbox or table board has no place for, naming the line, and a board with no first-status heading', () => {
    const checkbox = '## Backlog\n\n- [ ] Write docs\n';
    const table = '# Tasks\n| ID | Title | Status |\n| --- | --- | --- |\n| 1 | Docs | todo |\n';
    for (const [text, task, said] of [
      [checkbox, { title: 'c', priority: 'high' }, /^TODO\.md:3: a checkbox item has no place for a priority/],
      [checkbox, { title: 'c', dependsOn: ['X'] }, /^TODO\.md:3: a checkbox item has no place for what it depends on/],
      [table, { title: 'c', priority: 'high' }, /^TODO\.md:4: the table has no Priority column/],
      [table, { title: 'c', description: 'why' }, /^TODO\.md:4: the table has no Description column/],
      [checkbox, { title: 'c', group: 'Elsewhere' }, /^TODO\.md:3: no task sits under a heading "Elsewhere"/],
    ] as const) {
      const plan = planAddTask(text, parseBoard({ file: 'TODO.md', text }), task as NewTask, NOW);
      assert.equal(plan.ok, false);
      assert.match(plan.ok ? '' : plan.message, said);
      assert.ok(!plan.ok && plan.badArgument);
    }
    const noTodo = '## In Progress\n\n- [ ] T-1: Build\n\n## Done\n\n- [x] T-2: Setup\n';
    const plan = planAddTask(noTodo, parseBoard({ file: 'TODO.md', text: noTodo }), { title: 'c' }, NOW);
    assert.equal(plan.ok ? '' : plan.message, 'TODO.md:3: the board\'s statuses are its headings, and none is for todo: add that heading, then the task; nothing was added.');
    // Items whose boxes say todo, but after the status headings (`## Deferred`): no place for a new task either.
    const deferred = '## In Progress\n\n- [ ] T-1: a\n\n## Deferred\n\n- [ ] T-2: b\n';
    assert.equal(planAddTask(deferred, parseBoard({ file: 'TODO.md', text: deferred }), { title: 'c' }, NOW).ok, false);
  });

  it('keeps the board\'s id style and counts from its highest id', () => {
    const text = '## Tasks\n\n```yaml\n- AUTH-007: "a"\n  status: done\n\n- AUTH-012: "b"\n  status: todo\n```\n';
    const out = add(text, { title: 'c' });
    assert.equal(out.id, 'AUTH-013');
    assert.equal(
      out.text,
      '## Tasks\n\n```yaml\n- AUTH-007: "a"\n  status: done\n\n- AUTH-012: "b"\n  status: todo\n\n' +
        '- AUTH-013: "c"\n  priority: medium\n  assigned_agent:\n  status: todo\n  created_at: "2026-11-21T10:30:45Z"\n```\n',
    );
    assert.equal(out.line, 9);
  });

  it('keeps CRLF line breaks, no blank line between items when the board uses none, and the created_at quoting', () => {
    const text = '## Tasks\r\n```yaml\r\n- TASK_1: "a"\r\n  status: todo\r\n  created_at: \'2026-01-01T00:00:00Z\'\r\n- TASK_2: "b"\r\n  status: todo\r\n```\r\n';
    const out = add(text, { title: 'c', priority: 'low' });
    assert.equal(out.id, 'TASK_3');
    assert.equal(
      out.text,
      '## Tasks\r\n```yaml\r\n- TASK_1: "a"\r\n  status: todo\r\n  created_at: \'2026-01-01T00:00:00Z\'\r\n- TASK_2: "b"\r\n  status: todo\r\n' +
        '- TASK_3: "c"\r\n  priority: low\r\n  assigned_agent:\r\n  status: todo\r\n  created_at: \'2026-11-21T10:30:45Z\'\r\n```\r\n',
    );
  });

  it('in a file whose lines end differently, the new item ends its lines like the line it follows, and no other line changes', () => {
    const text = '# Board\r\n\n## Tasks\n\n```yaml\n- TASK_001: "A"\n  status: todo\n```\n';
    const out = add(text, { title: 'New one' }).text;
    assert.equal(out.slice(0, text.indexOf('```\n')), text.slice(0, text.indexOf('```\n')));
    assert.equal((out.match(/\r\n/g) ?? []).length, 1, 'only the title line ends in CRLF');
    assert.ok(parseBoard({ file: 'TODO.md', text: out }).tasks.some((t) => t.title === 'New one'));
  });

  it('writes a several-line description as a block and depends_on as a flow list', () => {
    const text = '```yaml\n- TASK_001: "a"\n  status: todo\n```\n';
    const out = add(text, { title: 'b', description: 'First line.\n\nThird line.', dependsOn: ['TASK_001'] });
    assert.ok(
      out.text.includes('  depends_on: [TASK_001]\n  description: |\n    First line.\n\n    Third line.\n```\n'),
      out.text,
    );
    const task = parseBoard({ file: 'TODO.md', text: out.text }).tasks.find((t) => t.id === out.id)!;
    assert.equal(task.fields.description, 'First line.\n\nThird line.\n');
    assert.deepEqual(task.fields.depends_on, ['TASK_001']);
  });

  it('puts the first task of an empty group inside that group\'s yaml block', () => {
    const text = '## Tasks\n\n```yaml\n- TASK_001: "a"\n  status: todo\n```\n\n## Backlog\n\n```yaml\n```\n\n## Session History\n';
    const out = add(text, { title: 'later', group: 'Backlog' });
    assert.equal(out.group, 'Backlog');
    assert.ok(out.text.includes('## Backlog\n\n```yaml\n- TASK_002: "later"\n  priority: medium\n'), out.text);
    assert.ok(out.text.endsWith('```\n\n## Session History\n'));
    assert.equal(parseBoard({ file: 'TODO.md', text: out.text }).tasks.find((t) => t.id === 'TASK_002')?.group, 'Backlog');
  });

  it('creates a missing group as a new section before Session History', () => {
    const text = '# TODO\n\n## Tasks\n\n```yaml\n- TASK_001: "a"\n  status: todo\n```\n\n## Session History\n\n- 2026-11-02T09:20:00Z x claimed TASK_001\n';
    const out = add(text, { title: 'b', group: 'Ideas' });
    const at = text.indexOf('## Session History');
    assert.equal(out.text.slice(0, at), text.slice(0, at));
    assert.ok(out.text.endsWith(text.slice(at)));
    assert.equal(
      out.text.slice(at, out.text.length - (text.length - at)),
      '## Ideas\n\n```yaml\n- TASK_002: "b"\n  priority: medium\n  assigned_agent:\n  status: todo\n  created_at: "2026-11-21T10:30:45Z"\n```\n\n',
    );
  });

  it('reads no heading inside a fence or an HTML comment: the missing group becomes a section of its own', () => {
    const item = (id: string, title: string) => `\`\`\`yaml\n- ${id}: "${title}"\n  priority: medium\n  assigned_agent:\n  status: todo\n  created_at: "2026-11-21T10:30:45Z"\n\`\`\`\n`;
    // A YAML comment `# Backlog` in the block, a `## Session History` in an example, a `## Backlog` commented out.
    const commented = '## Tasks\n\n```yaml\n# Backlog\n- TASK_001: "A"\n  status: todo\n```\n\n## Session History\n\n';
    const fencedHistory = '## Tasks\n\n```yaml\n- TASK_001: "A"\n  status: todo\n```\n\n## Notes\n\n```markdown\n## Session History\n```\n';
    const inComment = '<!-- template:\n## Backlog\n-->\n\n## Tasks\n\n```yaml\n- TASK_001: "A"\n  status: todo\n```\n';
    for (const [text, at] of [
      [commented, commented.indexOf('## Session History')],
      [fencedHistory, fencedHistory.length],
      [inComment, inComment.length],
    ] as const) {
      const out = add(text, { title: 'X', group: 'Backlog' });
      const section = `## Backlog\n\n${item('TASK_002', 'X')}`;
      assert.equal(out.text, at === text.length ? `${text}\n${section}` : `${text.slice(0, at)}${section}\n${text.slice(at)}`);
      const read = parseBoard({ file: 'TODO.md', text: out.text });
      assert.deepEqual(read.tasks.map((t) => [t.id, t.group]), [['TASK_001', 'Tasks'], ['TASK_002', 'Backlog']]);
      assert.deepEqual(read.problems.filter((p) => p.severity !== 'info'), []);
    }
  });

  it('starts an empty board at TASK_001 under a Tasks heading', () => {
    const out = add('# TODO\n', { title: 'first' });
    assert.equal(out.id, 'TASK_001');
    assert.equal(out.text, '# TODO\n\n## Tasks\n\n```yaml\n- TASK_001: "first"\n  priority: medium\n  assigned_agent:\n  status: todo\n  created_at: "2026-11-21T10:30:45Z"\n```\n');
  });

  it('follows a board whose items start with a field key (`- id: ...`): that shape, its agent field, its id quoting', () => {
    const text = '## Tasks\n\n```yaml\n- id: TASK_001\n  title: a\n  status: todo\n```\n';
    const out = add(text, { title: 'b' });
    assert.equal(out.id, 'TASK_002');
    assert.equal(
      out.text,
      '## Tasks\n\n```yaml\n- id: TASK_001\n  title: a\n  status: todo\n\n' +
        '- id: TASK_002\n  title: "b"\n  priority: medium\n  assigned_agent:\n  status: todo\n  created_at: "2026-11-21T10:30:45Z"\n```\n',
    );
    // Numbers as ids, an `assignee:` field: the new item is written the same way, and reads back so.
    const numbered = '```yaml\n- id: 1\n  title: One\n  assignee: kim\n  status: todo\n\n- id: 2\n  title: Two\n  status: done\n```\n';
    const next = add(numbered, { title: 'Three' });
    assert.equal(next.id, '3');
    assert.ok(next.text.endsWith('- id: 3\n  title: "Three"\n  priority: medium\n  assignee:\n  status: todo\n  created_at: "2026-11-21T10:30:45Z"\n```\n'), next.text);
    assert.deepEqual(parseBoard({ file: 'TODO.md', text: next.text }).tasks.map((t) => [t.id, t.shape, t.agentKey]), [['1', 'id-field', 'assignee'], ['2', 'id-field', undefined], ['3', 'id-field', 'assignee']]);
  });

  it('writes a one-line flow item on a board of flow items, its description and dependencies inside the braces', () => {
    const text = '## Tasks\n\n```yaml\n- {TASK_001: "A", status: todo}\n- {TASK_002: "B", status: done}\n```\n';
    const out = add(text, { title: 'C', description: 'First line.\nSecond: "quoted", {braced}', dependsOn: ['TASK_001'] });
    assert.equal(
      out.text,
      text.replace(
        '```\n',
        '- {TASK_003: "C", priority: medium, assigned_agent: , status: todo, created_at: "2026-11-21T10:30:45Z", depends_on: [TASK_001], ' +
          'description: "First line.\\nSecond: \\"quoted\\", {braced}"}\n```\n',
      ),
    );
    const task = parseBoard({ file: 'TODO.md', text: out.text }).tasks.find((t) => t.id === 'TASK_003')!;
    assert.deepEqual([task.title, task.status, task.fields.description, task.fields.depends_on], ['C', 'todo', 'First line.\nSecond: "quoted", {braced}', ['TASK_001']]);
    const byField = '```yaml\n- {id: 7, title: A, status: todo}\n```\n';
    assert.equal(
      add(byField, { title: 'B' }).text,
      '```yaml\n- {id: 7, title: A, status: todo}\n\n- {id: 8, title: "B", priority: medium, assigned_agent: , status: todo, created_at: "2026-11-21T10:30:45Z"}\n```\n',
    );
  });

  it('takes no id with a control character for the model: an escape sequence in an id is never copied into a new one', () => {
    const text = '```yaml\n- "\\e]0;owned\\aT1": "A"\n  status: todo\n\n- "T\u202e7": "B"\n  status: todo\n```\n';
    assert.deepEqual(parseBoard({ file: 'TODO.md', text }).tasks.map((t) => t.id), ['\u001b]0;owned\u0007T1', 'T\u202e7']);
    const out = add(text, { title: 'New' });
    assert.equal(out.id, 'TASK_001');
    assert.ok(out.text.endsWith('  status: todo\n\n- TASK_001: "New"\n  priority: medium\n  assigned_agent:\n  status: todo\n  created_at: "2026-11-21T10:30:45Z"\n```\n'), out.text);
  });

  it('refuses an empty title', () => {
    const plan = planAddTask('# TODO\n', parseBoard({ file: 'TODO.md', text: '# TODO\n' }), { title: ' \n ' }, NOW);
    assert.equal(plan.ok, false);
  });
});

describe('appendWorkLog (append_work_log)', () => {
  it('builds the seed-002 heading in UTC', () => {
    assert.equal(workLogHeading('  Refresh  tokens ', 'TASK_003', NOW), '## 2026-11-21 10:30 UTC — Refresh tokens (TASK_003)');
  });

  it('separates the entry from the last one with --- and keeps CRLF', () => {
    const log = '# Backend Work Log\r\n\r\n## 2026-11-02 15:40 UTC — a (TASK_001)\r\n\r\n**Task Summary**: a\r\n\r\n\r\n';
    const out = withEntryAppended(log, ['## h', '', '**Task Summary**: b\nsecond line']);
    // The log's own bytes stay, its extra blank line at the end included.
    assert.equal(out.text, '# Backend Work Log\r\n\r\n## 2026-11-02 15:40 UTC — a (TASK_001)\r\n\r\n**Task Summary**: a\r\n\r\n\r\n---\r\n\r\n## h\r\n\r\n**Task Summary**: b\r\nsecond line\r\n');
    assert.equal(out.headingLine, 10);
  });

  it('keeps every existing byte of the log, trailing spaces and blank lines included', () => {
    const entry = ['## 2026-11-21 10:30 UTC — s (TASK_1)', '', '**Task Summary**: x'];
    for (const text of ['# Log\n\n## e1\nnote with two spaces  \n\n\n', '# Log\n\n## e1\nno final break  ', '# Log\r\n\r\n## e1\r\nx\t\r\n']) {
      const out = withEntryAppended(text, entry).text;
      assert.ok(out.startsWith(text), JSON.stringify(text));
      assert.match(out.slice(text.length), /^(\r?\n)*---\r?\n\r?\n## 2026-11-21 10:30 UTC — s \(TASK_1\)\r?\n/);
    }
  });

  it('writes the entry at the level of the log\'s own entries, so the earlier ones stay entries', () => {
    const entry = ['## 2026-11-21 10:30 UTC — s (TASK_1)', '', '**Task Summary**: x'];
    const read = (text: string) => parseWorkLog({ file: 'WORK_LOG.md', text }).entries.map((e) => e.heading);
    for (const [log, level] of [
      ['# Work Log\n\n## Sprint 1\n\n### 2026-01-05 11:00 UTC — fixed login (TASK_002)\n\n**Task Summary**: dash\n', '###'],
      ['# Log\n\n### Completed Tasks\n\n#### [2026-01-05 11:00] TASK_002 fixed\n\ndone\n', '####'],
      ['# Work Log started 2026-01-01\n\n## 2026-01-05 11:00 UTC — a (TASK_002)\n', '##'],
      ['# Work Log started 2026-01-01\n', '##'],
      // Entries at the top level after a BOM, and entries dated otherwise than YYYY-MM-DD.
      ['\ufeff# 2026-11-01 10:00 UTC — Schema (TASK_001)\n\n**Task Summary**: a\n\n# 2026-11-02 10:00 UTC — Endpoint (TASK_002)\n\n**Task Summary**: b\n', '#'],
      ['# Log\n\n### November 2, 2026 — Schema (TASK_001)\n\ndone\n', '###'],
      ['# Log\n\n### 02/11/2026 14:00 — Schema (TASK_001)\n\ndone\n', '###'],
      // An undated title over dated `#` entries: the entries are at `#` (at `##`, the new one was read inside the last).
      ['# Work Log\n\n# 2026-11-02 10:00 UTC — Schema (TASK_001)\n\nDesigned the schema.\n', '#'],
      // A lone dated `##` over sprints of `###` entries: the entries are at `###` still.
      [
        '# Work Log\n\n## Release 2026-11-05\n\nShipped.\n\n## Sprint 1\n\n' +
          ['01', '02', '03', '04', '06'].map((d) => `### 2026-11-${d} 10:00 UTC — e${d} (TASK_0${d})\n\nDone.\n`).join('\n'),
        '###',
      ],
    ] as const) {
      const before = read(log);
      const out = withEntryAppended(log, entry);
      assert.equal(out.heading, `${level} 2026-11-21 10:30 UTC — s (TASK_1)`);
      assert.ok(out.text.startsWith(log));
      assert.equal(out.text.split('\n')[out.headingLine - 1], out.heading);
      assert.deepEqual(read(out.text), [...before, '2026-11-21 10:30 UTC — s (TASK_1)'], log);
    }
  });

  it('adds to a checkbox board of 200,000 items: no spread of them overflows the call stack', () => {
    const text = `# TODO\n\n## To Do\n\n${Array.from({ length: 200_000 }, (_, i) => `- [ ] Task number ${i}\n`).join('')}\n## Done\n`;
    const out = add(text, { title: 'One more' });
    assert.equal(out.text, text.replace('- [ ] Task number 199999\n', '- [ ] Task number 199999\n- [ ] One more\n'));
  });

  it('reads a log of 200,000 dated entries: no spread of them overflows the call stack', () => {
    const text = `# Log\n\n${Array.from({ length: 200_000 }, (_, i) => `## 2026-11-02 10:${String(i % 60).padStart(2, '0')} UTC — entry ${i}\n\nDone.\n`).join('\n')}`;
    const entries = parseWorkLog({ file: 'WORK_LOG.md', text }).entries;
    assert.equal(entries.length, 200_000);
    assert.equal(entries[199_999]!.summary, 'entry 199999');
  });

  it('formats a field of 130,000 lines: no spread of them overflows the call stack', () => {
    const lines = formatWorkLogEntry({ taskId: 'TASK_1', summary: 's', fields: { 'Testing Performed': 'x\n'.repeat(130_000) } }, NOW);
    assert.ok(lines.filter((l) => l === 'x').length >= 129_999);
  });

  it('puts the entry above the newest one in a log kept newest first, apart from it as the entries are', () => {
    const entry = ['## 2026-11-21 10:30 UTC — s (TASK_1)', '', '**Task Summary**: s'];
    const ruled = '# Log\r\n\r\n## 2026-11-03 10:00 UTC — b (TASK_2)\r\n\r\nDone.\r\n\r\n---\r\n\r\n## 2026-11-02 09:00 UTC — a (TASK_1)\r\n\r\nDone.\r\n';
    const out = withEntryAppended(ruled, entry);
    assert.equal(out.text, ruled.replace('## 2026-11-03', '## 2026-11-21 10:30 UTC — s (TASK_1)\r\n\r\n**Task Summary**: s\r\n\r\n---\r\n\r\n## 2026-11-03'));
    assert.equal(out.headingLine, 3);
    assert.deepEqual(parseWorkLog({ file: 'WORK_LOG.md', text: out.text }).entries.map((e) => e.timestamp), ['2026-11-21T10:30Z', '2026-11-03T10:00Z', '2026-11-02T09:00Z']);
    const plain = '# Log\n\n### 2026-11-03 — b (TASK_2)\nDone.\n\n### 2026-11-02 — a (TASK_1)\nDone.\n';
    assert.equal(withEntryAppended(plain, entry).text, plain.replace('### 2026-11-03', '### 2026-11-21 10:30 UTC — s (TASK_1)\n\n**Task Summary**: s\n\n### 2026-11-03'));
    // Oldest first, or in no order: at the end, as before.
    const oldest = '# Log\n\n## 2026-11-02 — a (TASK_1)\n\nDone.\n\n---\n\n## 2026-11-03 — b (TASK_2)\n\nDone.\n';
    assert.ok(withEntryAppended(oldest, entry).text.startsWith(`${oldest}\n---\n\n## 2026-11-21`));
  });

  it('closes a fence the log leaves open, so the new entry is read as one', () => {
    const log = '# Log\n\n## 2026-01-05 11:00 UTC — a (TASK_002)\n\n````bash\nnpm test\n```\n';
    const out = withEntryAppended(log, ['## 2026-11-21 10:30 UTC — s (TASK_1)']);
    assert.equal(out.text, `${log}\`\`\`\`\n\n---\n\n## 2026-11-21 10:30 UTC — s (TASK_1)\n`);
    assert.deepEqual(parseWorkLog({ file: 'WORK_LOG.md', text: out.text }).entries.map((e) => e.heading), ['2026-01-05 11:00 UTC — a (TASK_002)', '2026-11-21 10:30 UTC — s (TASK_1)']);
  });

  it('closes no fence inside a list item, closed or not: the margin ends it, and a fence written there would open one', () => {
    const head = '# Work Log\n\n## 2026-01-01 10:00 UTC — a (TASK_001)\n\n**Task Summary**: ran\n\n';
    for (const tail of ['- ```sh\n  make\n  ```\n', '- step:\n  ```sh\n  make\n     ```\n', '- step:\n  ```sh\n  make\n', '> ```\n> quoted\n']) {
      const out = withEntryAppended(head + tail, ['## 2026-11-21 10:30 UTC — s (TASK_1)']);
      assert.equal(out.text, `${head}${tail}\n---\n\n## 2026-11-21 10:30 UTC — s (TASK_1)\n`, tail);
      assert.deepEqual(parseWorkLog({ file: 'WORK_LOG.md', text: out.text }).entries.map((e) => e.heading), ['2026-01-01 10:00 UTC — a (TASK_001)', '2026-11-21 10:30 UTC — s (TASK_1)'], tail);
    }
  });

  it('adds no second --- when the log already ends with one, and none before the first entry', () => {
    assert.equal(withEntryAppended('# Log\n\n## a\n\ntext\n\n---\n', ['## b']).text, '# Log\n\n## a\n\ntext\n\n---\n\n## b\n');
    assert.equal(withEntryAppended('# Log\n', ['## b']).text, '# Log\n\n## b\n');
  });

  it('refuses a folder by the log\'s name, saying so, and writes nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-worklog-'));
    try {
      const file = path.join(dir, 'QA_WORK_LOG.md');
      fs.mkdirSync(file);
      await assert.rejects(appendWorkLogEntry(file, { taskId: 'TASK_1', summary: 's', fields: {} }, NOW), /QA_WORK_LOG\.md: it is a folder, not a work log; nothing was written\./);
      assert.deepEqual(fs.readdirSync(file), []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('creates a missing log whole, then appends to it under the lock', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-worklog-'));
    try {
      const file = path.join(dir, 'QA_WORK_LOG.md');
      const first = await appendWorkLogEntry(file, { taskId: 'TASK_1', summary: 's', fields: { 'Task Summary': 'one' } }, NOW);
      const second = await appendWorkLogEntry(file, { taskId: 'TASK_2', summary: 't', fields: {} }, NOW);
      const text = fs.readFileSync(file, 'utf8');
      assert.equal(text.split('\n')[0], '# Qa Work Log');
      assert.equal(text.split('\n')[first.line - 1], '## 2026-11-21 10:30 UTC — s (TASK_1)');
      assert.equal(text.split('\n')[second.line - 1], '## 2026-11-21 10:30 UTC — t (TASK_2)');
      assert.equal(text.split('\n')[second.line - 3], '---');
      assert.equal(text.match(/\*\*Task Summary\*\*: none/g)?.length, 1);
      assert.deepEqual(fs.readdirSync(dir), ['QA_WORK_LOG.md']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives an empty log its title with the first entry', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-worklog-'));
    try {
      const file = path.join(dir, 'QA_WORK_LOG.md');
      fs.writeFileSync(file, '');
      const first = await appendWorkLogEntry(file, { taskId: 'TASK_1', summary: 's', fields: {} }, NOW);
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      assert.deepEqual(lines.slice(0, 3), ['# Qa Work Log', '', '## 2026-11-21 10:30 UTC — s (TASK_1)']);
      assert.equal(first.line, 3);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('creates a missing log in a new folder, and appends under the lock, on a drive with no hard links (FAT, exFAT)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-worklog-'));
    const link = nodeFs.linkSync;
    // What such a drive answers to link(2); Windows says EISDIR or EPERM for some of them.
    nodeFs.linkSync = () => {
      throw Object.assign(new Error('EPERM: operation not permitted, link'), { code: 'EPERM' });
    };
    try {
      const file = path.join(dir, 'logs', 'QA_WORK_LOG.md');
      const first = await appendWorkLogEntry(file, { taskId: 'TASK_1', summary: 's', fields: {} }, NOW);
      const second = await appendWorkLogEntry(file, { taskId: 'TASK_2', summary: 't', fields: {} }, NOW);
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      assert.equal(lines[0], '# Qa Work Log');
      assert.equal(lines[first.line - 1], '## 2026-11-21 10:30 UTC — s (TASK_1)');
      assert.equal(lines[second.line - 1], '## 2026-11-21 10:30 UTC — t (TASK_2)');
      // No temp file and no lock left beside it.
      assert.deepEqual(fs.readdirSync(path.dirname(file)), ['QA_WORK_LOG.md']);
    } finally {
      nodeFs.linkSync = link;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
