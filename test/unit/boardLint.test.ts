import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Problem, ProblemCode } from '../../src/core/model';
import { applyEdits } from '../../src/core/text';
import { parseBoard } from '../../src/core/board/parseBoard';
import { lintBoard } from '../../src/core/board/lintBoard';
import { fixAll } from '../../src/core/fixAll';
import { dependenciesOf } from '../../src/core/dependencies/dependencies';

const malformedText = readFileSync(join(__dirname, '..', '..', '..', 'test', 'fixtures', 'malformed', 'TODO.md'), 'utf8');

function lint(text: string): Problem[] {
  return lintBoard(parseBoard({ file: 'TODO.md', text }), text);
}

function board(...items: string[]): string {
  return '# TODO\n\n```yaml\n' + items.join('\n\n') + '\n```\n';
}

function codes(problems: readonly Problem[]): ProblemCode[] {
  return problems.map((p) => p.code).sort();
}

/**
 * Applies fix `fixTitle` (or the preferred one) of the first `code` problem and checks:
 * that problem is gone, every other problem is still there, and only the
 * problem's own line(s) changed. Returns the fixed text.
 */
function applyFix(text: string, code: ProblemCode, fixTitle?: string): string {
  const before = lint(text);
  const problem = before.find((p) => p.code === code);
  assert.ok(problem, `expected a ${code} problem in:\n${text}`);
  const fix = fixTitle ? problem.fixes.find((f) => f.title === fixTitle) : problem.fixes.find((f) => f.preferred);
  assert.ok(fix, `fix ${fixTitle ?? '(preferred)'} of ${code}: ${problem.fixes.map((f) => f.title).join(', ')}`);
  const after = applyEdits(text, fix.edits);
  const start = Math.min(...fix.edits.map((e) => e.start));
  const end = Math.max(...fix.edits.map((e) => e.end));
  const delta = after.length - text.length;
  // Nothing outside the edit's own line(s) changed.
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  let lineEnd = text.indexOf('\n', end);
  if (lineEnd === -1) lineEnd = text.length;
  assert.equal(after.slice(0, lineStart), text.slice(0, lineStart));
  assert.equal(after.slice(lineEnd + delta), text.slice(lineEnd));
  const remaining = lint(after);
  const expected = codes(before);
  expected.splice(expected.indexOf(code), 1);
  assert.deepEqual(codes(remaining), expected, `after fixing ${code}`);
  return after;
}

describe('lintBoard: rules and their fixes', () => {
  it('unknown-status: maps human spellings with a preferred fix', () => {
    const spellings: Record<string, string> = {
      pending: 'todo', 'in-progress': 'in_progress', 'In Progress': 'in_progress', 'in progress': 'in_progress', WIP: 'in_progress',
      doing: 'in_progress', completed: 'done', complete: 'done', Done: 'done', DONE: 'done', finished: 'done', Todo: 'todo',
      TODO: 'todo', open: 'todo', Claimed: 'claimed',
      // As a table cell or a heading reads them: with an emoji, a count.
      '"Done ✅"': 'done', '"✅ Done"': 'done', '"In Progress 🚧"': 'in_progress', '"Complete (3)"': 'done',
    };
    for (const [written, canonical] of Object.entries(spellings)) {
      const text = board(`- TASK_001: "t"\n  assigned_agent: a\n  status: ${written}\n  priority: low`);
      const [problem] = lint(text);
      assert.equal(problem?.code, 'unknown-status', written);
      assert.equal(problem.severity, 'warning');
      const fixed = applyFix(text, 'unknown-status');
      // (A quoted value keeps its quotes.)
      assert.ok(fixed.includes(`  status: ${canonical}\n`) || fixed.includes(`  status: "${canonical}"\n`), `${written} → ${canonical}`);
    }
  });

  it('unknown-status: an unmappable word gets one fix per status, none preferred', () => {
    const text = board('- TASK_001: "t"\n  status: blocked');
    const [problem] = lint(text);
    assert.equal(problem?.code, 'unknown-status');
    assert.equal(problem.severity, 'error');
    assert.deepEqual(problem.fixes.map((f) => f.title), ['Change status to todo', 'Change status to claimed', 'Change status to in_progress', 'Change status to done']);
    assert.ok(problem.fixes.every((f) => !f.preferred));
    assert.ok(applyFix(text, 'unknown-status', 'Change status to todo').includes('status: todo\n'));
  });

  it('unknown-status: a value that said more than its status keeps what it said in a comment', () => {
    const text = board('- TASK_001: "t"\n  status: completed (2026-01-02)', '- TASK_002: "u"\n  status: "Done ✅"');
    const fixed = fixAll(text, lint).text;
    assert.ok(fixed.includes('  status: done  # completed (2026-01-02)\n'), fixed);
    assert.ok(fixed.includes('  status: "done"\n'), fixed);
    assert.deepEqual(lint(fixed).filter((p) => p.code === 'unknown-status'), []);
  });

  it('unquoted-colon: a title starting with a bracket, which YAML reads as a list and no title, is quoted', () => {
    const text = board('- TASK_007: [Backend]: Implement login\n  status: todo\n  priority: high');
    assert.equal(parseBoard({ file: 'TODO.md', text }).tasks[0]!.title, '');
    const problem = lint(text).find((p) => p.code === 'unquoted-colon')!;
    assert.ok(problem, 'said');
    const fixed = fixAll(text, lint).text;
    assert.equal(fixed, text.replace('[Backend]: Implement login', '"[Backend]: Implement login"'));
    assert.equal(parseBoard({ file: 'TODO.md', text: fixed }).tasks[0]!.title, '[Backend]: Implement login');
  });

  it('tab-indent: the lines of one block value indented alike keep together, a colon in one of them or not', () => {
    const text = board('- TASK_001: "Tabbed block"\n  status: todo\n  description: |\n\tFirst line\n\tNote: second line\n\tpriority: high');
    const fixed = fixAll(text, lint).text;
    assert.ok(fixed.includes('  description: |\n    First line\n    Note: second line\n    priority: high\n'), fixed);
    const task = parseBoard({ file: 'TODO.md', text: fixed }).tasks[0]!;
    assert.equal(task.fields['description'], 'First line\nNote: second line\npriority: high\n');
    // A field after the block, tab-indented apart from it, is still a field.
    const apart = board('- TASK_001: "t"\n  description: |\n    First line\n\tpriority: high\n  status: todo');
    assert.ok(fixAll(apart, lint).text.includes('    First line\n  priority: high\n'));
  });

  it('tab-indent: a block written all in tabs keeps its lines, a `key:` among them, and their nesting', () => {
    // `Steps:` is the block's first line, deeper than its field: at the fields' indent it would end the block.
    const text = board('- TASK_001: "Parser"\n\tstatus: todo\n\tnotes: |\n\t\tSteps:\n\t\t\t1. read\n\t\t\t2. parse');
    const fixed = fixAll(text, lint).text;
    assert.ok(fixed.includes('  status: todo\n  notes: |\n    Steps:\n      1. read\n      2. parse\n'), fixed);
    assert.deepEqual(lint(fixed), []);
    assert.equal(parseBoard({ file: 'TODO.md', text: fixed }).tasks[0]!.fields['notes'], 'Steps:\n  1. read\n  2. parse\n');
  });

  it('tab-indent: a tab-indented line that is no field goes under the value it continues, not beside the fields', () => {
    // At the fields' indent, `In Progress` would be a key with no colon; deeper, it is the title's second line.
    const text = board('- TASK_001: Fix the login\n\t In Progress\n  status: todo');
    const problem = lint(text).find((p) => p.code === 'tab-indent')!;
    assert.deepEqual(problem.fixes.map((f) => f.title), ['Indent with 4 spaces']);
    const fixed = fixAll(text, lint).text;
    assert.ok(fixed.includes('- TASK_001: Fix the login\n    In Progress\n  status: todo'), fixed);
    assert.deepEqual(lint(fixed), []);
    assert.equal(parseBoard({ file: 'TODO.md', text: fixed }).tasks[0]!.title, 'Fix the login In Progress');
  });

  it('tab-indent: a tab-indented list item outside a block is offered the fields\' indent, but fix does not apply it', () => {
    // At the fields' indent, `- TASK_9: x` is a list where YAML wants a key: the item would be unreadable instead.
    const text = board('- TASK_001: "Parser"\n  \t- TASK_9: x\n  status: todo');
    const problem = lint(text).find((p) => p.code === 'tab-indent')!;
    assert.deepEqual(problem.fixes.map((f) => [f.title, f.preferred]), [['Indent with 2 spaces', false]]);
    assert.equal(fixAll(text, lint).text, text);
    // A list under a field is its block: fixed.
    const listed = board('- TASK_001: "Parser"\n  tags:\n\t- a\n  status: todo');
    assert.ok(fixAll(listed, lint).text.includes('  tags:\n    - a\n  status: todo'), fixAll(listed, lint).text);
  });

  it('unquoted-colon: a title or value YAML continues on the next line is quoted whole, on one line', () => {
    const text = board('- TASK_001: Fix the bug: in the\r\n    login flow\r\n  status: todo\r\n  notes: Caveat: the\r\n    second line\r\n  priority: high');
    const fixed = fixAll(text, lint).text;
    assert.ok(fixed.includes('- TASK_001: "Fix the bug: in the login flow"\r\n  status: todo\r\n  notes: "Caveat: the second line"\r\n  priority: high'), JSON.stringify(fixed));
    const task = parseBoard({ file: 'TODO.md', text: fixed }).tasks[0]!;
    assert.equal(task.title, 'Fix the bug: in the login flow');
    assert.deepEqual(lint(fixed), []);
  });

  it('yaml-syntax: a quote never closed is reported where it opens, not where the item ends', () => {
    const text = board('- TASK_001: "Unclosed quote\n  status: todo', '- TASK_002: \'It\'\'s fine\n  status: todo');
    const problems = lint(text).filter((p) => p.code === 'yaml-syntax');
    assert.deepEqual(problems.map((p) => p.span.start), [text.indexOf('"Unclosed'), text.indexOf("'It''s")]);
    assert.match(problems[0]!.message, /Missing closing "quote/);
  });

  it('unknown-status: keeps the quotes of a quoted status', () => {
    const text = board('- TASK_001: "t"\n  status: "Done"   # finished');
    assert.ok(applyFix(text, 'unknown-status').includes('  status: "done"   # finished\n'));
  });

  it('missing-status: inserts status: todo as a new field line at the field indentation', () => {
    const text = board('-   TASK_001: "t"\n    priority: low\n    created_at: "2026-01-01T00:00:00Z"', '- TASK_002: "u"\n  status: todo');
    const fixed = applyFix(text, 'missing-status');
    assert.ok(fixed.includes('    created_at: "2026-01-01T00:00:00Z"\n    status: todo\n\n- TASK_002'));
  });

  it('missing-status: a status written under another key (Status, state) is renamed, never joined by status: todo', () => {
    for (const key of ['Status', 'state', 'STATUS']) {
      const text = board(`- TASK_001: "Ship login"\n  ${key}: done`);
      const problem = lint(text).find((p) => p.code === 'missing-status')!;
      assert.deepEqual(problem.fixes.map((f) => [f.title, f.preferred]), [[`Rename ${key} to status`, true]]);
      const fixed = fixAll(text, lint).text;
      assert.equal(fixed, text.replace(`  ${key}: done`, '  status: done'));
      assert.equal(parseBoard({ file: 'TODO.md', text: fixed }).tasks[0]!.status, 'done');
    }
  });

  it('missing-status: a status run into its key (status:done) gets the space, never a second status', () => {
    for (const line of ['status:done', 'status:in_progress   # mine', 'state:claimed']) {
      const text = board(`- TASK_001: "Ship login"\n  ${line}\n  assigned_agent: ana`, '- TASK_002: "Next"\n  status: todo');
      const problem = lint(text).find((p) => p.code === 'missing-status')!;
      assert.equal(problem.message, `TASK_001 has no status: "${line}" needs a space after the colon to be read as one`);
      assert.equal(text.slice(problem.span.start, problem.span.end), line);
      assert.deepEqual(problem.fixes.map((f) => [f.title, f.preferred]), [['Add a space after the colon', true]]);
      const fixed = fixAll(text, lint).text;
      assert.ok(!/status: todo\n  (status|state):/.test(fixed), fixed);
      const spaced = line.replace(':', ': ');
      assert.ok(fixed.includes(`  ${line.startsWith('state') ? spaced.replace('state', 'status') : spaced}\n`), fixed);
      assert.equal(parseBoard({ file: 'TODO.md', text: fixed }).tasks[0]!.status, line.startsWith('state') ? 'claimed' : line.slice(7).split(' ')[0]);
    }
    // A word no lifecycle reads: the space is offered, not applied by fix-all (the status is the person's to check).
    const someday = lint(board('- TASK_001: "t"\n  status:someday')).find((p) => p.code === 'missing-status')!;
    assert.deepEqual(someday.fixes.map((f) => [f.title, f.preferred]), [['Add a space after the colon', false]]);
    // Two lines run together, or a mark YAML reads after the colon, are not this case.
    for (const line of ['status:created_at: yesterday', 'status:| claimed']) {
      assert.deepEqual(lint(board(`- TASK_001: "t"\n  ${line}`)).find((p) => p.code === 'missing-status')!.fixes.map((f) => f.title), ['Add status: todo'], line);
    }
  });

  it('missing-status: the value under another key is read as the status it will be, its problems told at once', () => {
    // `Status: In Progress`: the rename alone would leave a word to rewrite; both are said now, and fix-all does both.
    const text = board('- TASK_001: "Ship login"\n  Status: In Progress\n  assigned_agent: ana', '- TASK_002: "Fix docs"\n  state: claimed', '- TASK_003: "Tidy"\n  state: someday');
    const said = lint(text).map((p) => `${p.code} ${p.message}`);
    assert.ok(said.includes('unknown-status Status "In Progress" of TASK_001 means in_progress; write it as in_progress'), said.join('\n'));
    assert.ok(said.includes('claim-without-agent TASK_002 is claimed but has no assigned_agent'), said.join('\n'));
    assert.ok(said.some((m) => m.startsWith('unknown-status Status "someday" of TASK_003 is not one of')), said.join('\n'));
    const fixed = fixAll(text, lint).text;
    assert.ok(fixed.includes('  status: in_progress\n  assigned_agent: ana'), fixed);
    assert.deepEqual(lint(fixed).map((p) => p.code).sort(), ['claim-without-agent', 'unknown-status']);
    // An empty key says no status: the task gets the missing status's own fix.
    const empty = board('- TASK_001: "t"\n  state:');
    assert.deepEqual(lint(empty).find((p) => p.code === 'missing-status')!.fixes.map((f) => f.title), ['Add status: todo']);
  });

  it('claim-without-agent: an agent under a key spelled otherwise (Assignee) is renamed, never released', () => {
    const text = board('- TASK_001: "t"\n  Assignee: bob\n  status: claimed', '- TASK_002: "u"\n  status: claimed');
    const found = lint(text).filter((p) => p.code === 'claim-without-agent');
    assert.deepEqual(
      found.map((p) => [p.message, p.fixes.map((f) => [f.title, f.preferred])]),
      [
        ['TASK_001 is claimed but has no agent read: "Assignee" is not read as it; write it as assignee', [['Rename Assignee to assignee', true], ['Release to todo', false]]],
        ['TASK_002 is claimed but has no assigned_agent', [['Release to todo', false]]],
      ],
    );
    const fixed = applyEdits(text, found[0]!.fixes[0]!.edits);
    assert.equal(fixed, text.replace('Assignee:', 'assignee:'));
    assert.equal(parseBoard({ file: 'TODO.md', text: fixed }).tasks[0]!.assignedAgent, 'bob');
    // A claim is the holder's to decide: fix-all leaves the code alone, as it does the release (`fix --code` renames).
    assert.equal(fixAll(text, lint).text, text);
  });

  it('reads an agent field that says nobody (None, unassigned, TBD, N/A, a dash) as no agent', () => {
    for (const word of ['None', 'unassigned', 'TBD', 'N/A', '-', '"none"']) {
      const text = board(`- TASK_001: "t"\n  assigned_agent: ${word}\n  status: claimed`);
      const parsed = parseBoard({ file: 'TODO.md', text });
      assert.equal(parsed.tasks[0]!.assignedAgent, undefined, word);
      assert.ok(codes(lint(text)).includes('claim-without-agent'), word);
    }
    assert.equal(parseBoard({ file: 'TODO.md', text: board('- TASK_001: "t"\n  assignee: [none, bob]\n  status: claimed') }).tasks[0]!.assignedAgent, 'bob');
    assert.equal(parseBoard({ file: 'TODO.md', text: board('- TASK_001: "t"\n  assigned_agent: noname\n  status: claimed') }).tasks[0]!.assignedAgent, 'noname');
  });

  it('missing-status: a task with an agent or a move\'s time is offered todo, never given it by fix-all', () => {
    for (const fields of ['  assigned_agent: bob', '  started_at: "2026-11-01T10:00:00Z"']) {
      const text = board(`- TASK_001: "t"\n${fields}`);
      const problem = lint(text).find((p) => p.code === 'missing-status')!;
      assert.deepEqual(problem.fixes.map((f) => [f.title, f.preferred]), [['Add status: todo', false]]);
      assert.equal(fixAll(text, lint).text, text, fields);
    }
  });

  it('missing-status: the new line ends like the line it follows, in a file whose lines end differently', () => {
    const text = '# TODO\r\n\n```yaml\n- TASK_001: "A"\n  priority: high\n```\n';
    assert.equal(applyFix(text, 'missing-status'), '# TODO\r\n\n```yaml\n- TASK_001: "A"\n  priority: high\n  status: todo\n```\n');
  });

  it('missing-id: in a flow-style item, inside its braces; in a block item, ending like the line above it', () => {
    const text = board('- {title: "x", status: todo}', '- TASK_005: "y"\n  status: todo');
    assert.equal(applyFix(text, 'missing-id'), board('- {title: "x", status: todo, id: TASK_006}', '- TASK_005: "y"\n  status: todo'));
    const mixed = '# TODO\r\n\n```yaml\n- title: "x"\n  status: todo\n- TASK_005: "y"\n  status: todo\n```\n';
    assert.equal(applyFix(mixed, 'missing-id'), mixed.replace('- title: "x"\n', '- title: "x"\n  id: TASK_006\n'));
  });

  it('missing-status: in a flow-style item, inside its braces', () => {
    const text = board('- {TASK_011: "No status"}', '- {TASK_012: "Spaced", priority: high }  # note');
    let fixed = applyFix(text, 'missing-status');
    fixed = applyFix(fixed, 'missing-status');
    assert.equal(fixed, board('- {TASK_011: "No status", status: todo}', '- {TASK_012: "Spaced", priority: high, status: todo }  # note'));
  });

  it('missing-status: after a block value, and with CRLF', () => {
    const text = board('- TASK_001: "t"\n  description: |\n    line one\n    line two\n  # trailing comment').replace(/\n/g, '\r\n');
    const fixed = applyFix(text, 'missing-status');
    assert.ok(fixed.includes('    line two\r\n  status: todo\r\n  # trailing comment'));
  });

  it('missing-id: an item with a title and no id gets the next free id', () => {
    const text = board('- TASK_007: "a"\n  status: todo', '- title: "no id"\n  status: todo');
    const problem = lint(text).find((p) => p.code === 'missing-id');
    assert.ok(problem);
    const fixed = applyFix(text, 'missing-id');
    assert.ok(fixed.includes('- title: "no id"\n  id: TASK_008\n  status: todo'));
    const empty = board('- id:\n  title: "empty id"\n  status: todo');
    assert.ok(applyFix(empty, 'missing-id').includes('- id: TASK_001\n'));
  });

  it('duplicate-id: a renumbered row of an aligned table keeps it aligned, however many rows fix-all renumbers', () => {
    const table = (ids: readonly string[]): string => {
      const width = Math.max(2, ...ids.map((id) => id.length));
      const rows = ids.map((id, i) => `| ${id.padEnd(width)} | Task ${i} | todo   |\n`).join('');
      return `# Board\n\n| ${'ID'.padEnd(width)} | Task   | Status |\n| ${'-'.repeat(width)} | ------ | ------ |\n${rows}`;
    };
    assert.equal(applyFix(table(['T-1', 'T-1', 'T-9']), 'duplicate-id'), table(['T-1', 'T-10', 'T-9']));
    const fixed = fixAll(table(['T-1', 'T-1', 'T-1', 'T-9']), lint);
    assert.equal(fixed.text, table(['T-1', 'T-10', 'T-11', 'T-9']));
  });

  it('duplicate-id: renumbers later occurrences keeping prefix, separator and width', () => {
    const text = board('- TASK_013: "a"\n  status: todo', '- TASK_009: "b"\n  status: todo', '- TASK_013: "c"\n  status: todo', '- TASK_013: "d"\n  status: todo');
    const problems = lint(text).filter((p) => p.code === 'duplicate-id');
    assert.equal(problems.length, 2);
    assert.deepEqual(problems.map((p) => p.fixes[0]!.title), ['Renumber to TASK_014', 'Renumber to TASK_015']);
    assert.ok(applyFix(text, 'duplicate-id').includes('- TASK_014: "c"'));
    const hyphen = board('- AUTH-01: "a"\n  status: todo', '- AUTH-01: "b"\n  status: todo');
    assert.ok(applyFix(hyphen, 'duplicate-id').includes('- AUTH-02: "b"'));
    const idField = board('- id: "X_1"\n  title: a\n  status: todo', '- id: "X_1"\n  title: b\n  status: todo');
    assert.ok(applyFix(idField, 'duplicate-id').includes('- id: "X_2"\n  title: b'));
  });

  it('duplicate-id and missing-id: the new id is none the other task files use', () => {
    const text = board('- TASK_013: "a"\n  status: todo', '- TASK_013: "b"\n  status: todo', '- title: "c"\n  status: todo');
    const asked: string[] = [];
    const elsewhere = (like: string): ReadonlySet<string> => (asked.push(like), new Set(['TASK_014', 'TASK_015', 'TASK_020']));
    const problems = lintBoard(parseBoard({ file: 'TODO.md', text }), text, undefined, elsewhere);
    assert.deepEqual(problems.map((p) => [p.code, p.fixes[0]!.title]), [['duplicate-id', 'Renumber to TASK_021'], ['missing-id', 'Give it the id TASK_022']]);
    assert.deepEqual(asked, ['TASK_013'], 'asked once per id style');
    // A board with no id to give asks nothing.
    const clean = board('- TASK_013: "a"\n  status: todo');
    assert.deepEqual(lintBoard(parseBoard({ file: 'TODO.md', text: clean }), clean, undefined, elsewhere), []);
    assert.equal(asked.length, 1);
  });

  it('dependency-spelling: a dependency field spelled otherwise is read as the field, said, and renamed', () => {
    const text = board(
      '- TASK_001: "a"\n  status: todo\n  depends-on: [TASK_002]',
      '- TASK_002: "b"\n  status: todo\n  blockedBy: TASK_003',
      '- TASK_003: "c"\n  status: todo\n  Depends_On: [TASK_001]\n  depends_on: [TASK_002]',
      '- TASK_004: "d"\n  status: todo\n  depends_on: [TASK_001]\n  dependencies: [TASK_002]',
    );
    const found = lint(text);
    assert.deepEqual(found.map((p) => [p.code, p.taskId, p.fixes.map((f) => f.title)]), [
      ['dependency-spelling', 'TASK_001', ['Rename to depends_on']],
      ['dependency-spelling', 'TASK_002', ['Rename to blocked_by']],
      ['dependency-spelling', 'TASK_003', []],
    ]);
    assert.match(found[0]!.message, /^"depends-on" is read as depends_on; write it so, as other tools read only that name$/);
    // Read meanwhile: each task waits on what it names, under whichever spelling.
    const tasks = parseBoard({ file: 'TODO.md', text }).tasks;
    assert.deepEqual(tasks.map((t) => dependenciesOf(t)), [['TASK_002'], ['TASK_003'], ['TASK_001', 'TASK_002'], ['TASK_001', 'TASK_002']]);
    const deps = board('- TASK_001: "a"\n  status: todo\n  deps: TASK_002, TASK_003\n  description: "dependent on nothing else"');
    assert.deepEqual(dependenciesOf(parseBoard({ file: 'TODO.md', text: deps }).tasks[0]!), ['TASK_002', 'TASK_003']);
    const fixed = applyFix(text, 'dependency-spelling');
    assert.ok(fixed.includes('  depends_on: [TASK_002]\n'));
    assert.deepEqual(dependenciesOf(parseBoard({ file: 'TODO.md', text: fixed }).tasks[0]!), ['TASK_002']);
    // Two spellings of one field: renaming both would write the key twice, which YAML refuses. Said, not renamed.
    const twice = board('- TASK_001: "a"\n  status: done', '- TASK_002: "b"\n  status: todo\n  depends-on: TASK_001\n  dependsOn: [TASK_001]');
    assert.deepEqual(lint(twice).map((p) => [p.code, p.fixes.length]), [['dependency-spelling', 0], ['dependency-spelling', 0]]);
    assert.equal(fixAll(twice, lint).text, twice);
  });

  it('bad-priority: maps spellings, offers every priority for unknown words', () => {
    const map: Record<string, string> = { High: 'high', urgent: 'high', critical: 'high', P0: 'high', P1: 'high', Highest: 'high', Blocker: 'high', normal: 'medium', P2: 'medium', P3: 'low', Lowest: 'low', Minor: 'low', trivial: 'low' };
    for (const [written, canonical] of Object.entries(map)) {
      const text = board(`- TASK_001: "t"\n  priority: ${written}\n  status: todo`);
      assert.ok(applyFix(text, 'bad-priority').includes(`  priority: ${canonical}\n`), written);
    }
    const unknown = board('- TASK_001: "t"\n  priority: whenever\n  status: todo');
    const [problem] = lint(unknown);
    assert.deepEqual(problem?.fixes.map((f) => f.title), ['Change priority to high', 'Change priority to medium', 'Change priority to low']);
    assert.ok(problem.fixes.every((f) => !f.preferred));
    assert.ok(applyFix(unknown, 'bad-priority', 'Change priority to low').includes('priority: low\n'));
  });

  it('bad-timestamp: rewrites readable dates to ISO 8601, warns on unreadable ones', () => {
    const cases: Record<string, string> = {
      '2026-11-05 10:00': '"2026-11-05T10:00:00Z"',
      '"25/11/2026"': '"2026-11-25T00:00:00Z"',
      '"2026-11-05 10:00:30"': '"2026-11-05T10:00:30Z"',
    };
    for (const field of ['created_at', 'claimed_at', 'started_at', 'completed_at', 'updated_at']) {
      for (const [written, iso] of Object.entries(cases)) {
        const text = board(`- TASK_001: "t"\n  status: todo\n  ${field}: ${written}`);
        assert.ok(applyFix(text, 'bad-timestamp').includes(`  ${field}: ${iso}\n`), `${field}: ${written}`);
      }
    }
    const unreadable = lint(board('- TASK_001: "t"\n  status: todo\n  created_at: yesterday'));
    assert.deepEqual(unreadable.map((p) => [p.code, p.severity, p.fixes.length]), [['bad-timestamp', 'warning', 0]]);
    assert.deepEqual(lint(board('- TASK_001: "t"\n  status: todo\n  created_at: "2026-11-05T10:00:00Z"\n  updated_at: 2026-11-05')), []);
  });

  it('bad-timestamp: reads only explicit date shapes; anything else is a warning with no fix, never an invented date', () => {
    const readable: Record<string, string> = {
      '"Nov 5, 2026"': '"2026-11-05T00:00:00Z"',
      '"5 November 2026 14:30"': '"2026-11-05T14:30:00Z"',
      '"17/09/2026 08:15"': '"2026-09-17T08:15:00Z"',
      // Month first when the second number is no month; one day either way round.
      '12/25/2026': '"2026-12-25T00:00:00Z"',
      '"05/05/2026"': '"2026-05-05T00:00:00Z"',
      '2026-11-05 10:00 UTC': '"2026-11-05T10:00:00Z"',
      // Year first is year, month, day whatever the separator.
      '2026/11/01': '"2026-11-01T00:00:00Z"',
      '2026/11/01 10:00': '"2026-11-01T10:00:00Z"',
      '2026.11.01': '"2026-11-01T00:00:00Z"',
    };
    for (const [written, iso] of Object.entries(readable)) {
      const text = board(`- TASK_001: "t"\n  status: todo\n  created_at: ${written}`);
      assert.ok(applyFix(text, 'bad-timestamp').includes(`  created_at: ${iso}\n`), written);
    }
    // ISO-shaped but no real day or time (`Date` reads 2026-02-30 as 2 March): no fix either.
    for (const written of ['TBD 2024', '"2024"', 'Q3 2026', 'sometime in 2026', '"2026-11-05 maybe"', '31/02/2026', 'Nov 2026', '"2026-02-30"', '"2026-11-01T25:00:00Z"', '"2025-02-29T10:00:00Z"', '"2026-13-01"', '2026/13/01', '2026.02.30', '2026/11-01']) {
      const problems = lint(board(`- TASK_001: "t"\n  status: todo\n  created_at: ${written}`));
      assert.deepEqual(problems.map((p) => [p.code, p.fixes.length]), [['bad-timestamp', 0]], written);
    }
  });

  it('bad-timestamp: a numeric date with day and month both 12 or less is ambiguous: both rewrites, neither applied by fix', () => {
    const text = board('- TASK_001: "t"\n  status: todo\n  created_at: "03/04/2026 10:00"');
    const problems = lint(text);
    assert.deepEqual(problems.map((p) => p.message), [
      'created_at of TASK_001 is ambiguous: "03/04/2026 10:00" is 2026-04-03 read day first, 2026-03-04 read month first; write the one meant in ISO 8601',
    ]);
    assert.deepEqual(problems[0]!.fixes.map((f) => [f.title, f.preferred]), [
      ['Write 2026-04-03T10:00:00Z (day first)', false],
      ['Write 2026-03-04T10:00:00Z (month first)', false],
    ]);
    assert.ok(applyFix(text, 'bad-timestamp', 'Write 2026-03-04T10:00:00Z (month first)').includes('  created_at: "2026-03-04T10:00:00Z"\n'));
    assert.equal(fixAll(text, (t) => lint(t)).text, text);
    assert.equal(fixAll(text, (t) => lint(t), { codes: new Set(['bad-timestamp']) }).text, text);
    for (const written of ['03-04-2026', '3.4.26']) {
      const fixes = lint(board(`- TASK_001: "t"\n  status: todo\n  updated_at: ${written}`))[0]!.fixes;
      assert.deepEqual(fixes.map((f) => f.title), ['Write 2026-04-03T00:00:00Z (day first)', 'Write 2026-03-04T00:00:00Z (month first)'], written);
    }
  });

  it("bad-timestamp: an ambiguous date is read as the board's other dates are written, when they are all one way round", () => {
    const two = (first: string, second: string): string =>
      board(`- TASK_001: "t"\n  status: todo\n  created_at: "${first}"`, `- TASK_002: "u"\n  status: todo\n  created_at: "${second}"`);
    const dayFirst = two('07/09/2026 10:00', '18/09/2026');
    const [problem] = lint(dayFirst);
    assert.equal(problem!.message, 'created_at of TASK_001 is not ISO 8601: write 2026-09-07T10:00:00Z ("07/09/2026 10:00" read day first, as the file\'s other dates are)');
    assert.deepEqual(problem!.fixes.map((f) => [f.title, f.preferred]), [['Write 2026-09-07T10:00:00Z (day first)', true]]);
    // fix rewrites both, the ambiguous one as the file's other date says.
    assert.equal(fixAll(dayFirst, (t) => lint(t)).text, two('2026-09-07T10:00:00Z', '2026-09-18T00:00:00Z'));
    assert.equal(fixAll(two('07/09/2026', '12/25/2026'), (t) => lint(t)).text, two('2026-07-09T00:00:00Z', '2026-12-25T00:00:00Z'));
    // Both ways round in the file, or a date of another separator: still ambiguous, and fix writes no guess.
    for (const text of [two('07/09/2026', '18/09/2026') + '\n09/19/2026\n', two('07.09.2026', '18/09/2026')]) {
      assert.deepEqual(lint(text)[0]!.fixes.map((f) => f.preferred), [false, false]);
    }
  });

  it('claim-without-agent: an error whose fix releases the task to todo', () => {
    for (const status of ['claimed', 'in_progress']) {
      const text = board(`- TASK_001: "t"\n  assigned_agent:\n  status: ${status}`);
      const [problem] = lint(text);
      assert.equal(problem?.code, 'claim-without-agent');
      assert.equal(problem.severity, 'error');
      assert.equal(problem.fixes[0]!.title, 'Release to todo');
      // Releasing is a lifecycle move (a decision), so it is not the preferred fix that `fix` applies unasked.
      assert.equal(problem.fixes[0]!.preferred, false);
      assert.ok(applyFix(text, 'claim-without-agent', 'Release to todo').includes('  status: todo\n'));
    }
    const wip = board('- TASK_001: "t"\n  status: WIP');
    assert.equal(fixAll(wip, (t) => lint(t)).text, wip.replace('status: WIP', 'status: in_progress'));
    assert.equal(fixAll(wip, (t) => lint(t), { codes: new Set(['claim-without-agent']) }).text, wip.replace('status: WIP', 'status: todo'));
    assert.deepEqual(lint(board('- TASK_001: "t"\n  assigned_agent: someone\n  status: claimed')), []);
  });

  it('fixes each syntax problem of the malformed board without touching other lines', () => {
    for (const code of ['unquoted-colon', 'tab-indent', 'bad-indent', 'unknown-status', 'missing-status', 'duplicate-id', 'bad-priority'] as const) {
      applyFix(malformedText, code);
    }
    applyFix(malformedText, 'claim-without-agent', 'Release to todo');
    const quoted = applyFix(board('- TASK_1: Say "hi": now \\ later\n  status: todo'), 'unquoted-colon');
    assert.ok(quoted.includes('- TASK_1: "Say \\"hi\\": now \\\\ later"\n'));
    assert.equal(parseBoard({ file: 'x', text: quoted }).tasks[0]!.title, 'Say "hi": now \\ later');
  });

  it('unquoted-colon: a value that a stray CR parts from its colon is quoted with a space after the colon', () => {
    // `key:"..."` would be one plain scalar, not a key: the fix would drop the field.
    const value = applyFix(board('- TASK_1: "Claimed"\n  assigned_agent:\r- TASK_9: x\n  status: claimed'), 'unquoted-colon');
    assert.ok(value.includes('  assigned_agent: "\r- TASK_9: x"\n'), JSON.stringify(value));
    assert.equal(parseBoard({ file: 'x', text: value }).tasks[0]!.assignedAgent, '\r- TASK_9: x');
    const title = applyFix(board('- TASK_1:\rFix bug: login fails\n  status: todo'), 'unquoted-colon');
    assert.ok(title.includes('- TASK_1: "\rFix bug: login fails"\n'), JSON.stringify(title));
  });

  it('unquoted-colon: fields written after the title on its line are read as fields, and fixed onto lines of their own', () => {
    const text = board(
      '- TASK_1: Fix login, status: done',
      '- TASK_2: Retry: backoff, status: in_progress, assigned_agent: bob\n  priority: high',
      '- id: TASK_3\n  title: Docs, priority: low\n  status: todo',
    );
    const tasks = parseBoard({ file: 'TODO.md', text }).tasks;
    assert.deepEqual(tasks.map((t) => [t.id, t.title, t.status, t.assignedAgent, t.priority]), [
      ['TASK_1', 'Fix login', 'done', undefined, undefined],
      ['TASK_2', 'Retry: backoff', 'in_progress', 'bob', 'high'],
      ['TASK_3', 'Docs', 'todo', undefined, 'low'],
    ]);
    // One problem each, no missing status (whose fix would write `status: todo` over the one written).
    assert.deepEqual(codes(lint(text)), ['unquoted-colon', 'unquoted-colon', 'unquoted-colon']);
    const fixed = fixAll(text, (t) => lint(t)).text;
    assert.equal(fixed, board(
      '- TASK_1: Fix login\n  status: done',
      '- TASK_2: "Retry: backoff"\n  status: in_progress\n  assigned_agent: bob\n  priority: high',
      '- id: TASK_3\n  title: Docs\n  priority: low\n  status: todo',
    ));
    assert.deepEqual(lint(fixed), []);
    // Quoting stays on offer; and where the field is also on a line, the pair is the title's text, quoted.
    const one = board('- TASK_1: Fix login, status: done');
    const quote = lint(one)[0]!.fixes.find((f) => f.title === 'Quote the title')!;
    assert.equal(applyEdits(one, quote.edits), board('- TASK_1: "Fix login, status: done"'));
    const twice = board('- TASK_1: Fix login, status: done\n  status: todo');
    assert.deepEqual(lint(twice).map((p) => p.fixes.map((f) => f.title)), [['Quote the title']]);
  });

  it('unquoted-colon in a flow-style item: the item is read pair by pair, and the value is quoted inside its braces', () => {
    const text = board(
      '- {TASK_001: Fix: login page, status: in_progress, assigned_agent: bob}',
      '- {id: TASK_002, title: Docs: API, status: todo, depends_on: [TASK_001, TASK_003]}',
      '- {TASK_003: "ok", status: todo}',
    );
    const tasks = parseBoard({ file: 'TODO.md', text }).tasks;
    assert.deepEqual(tasks.map((t) => [t.id, t.title, t.status, t.assignedAgent]), [
      ['TASK_001', 'Fix: login page', 'in_progress', 'bob'],
      ['TASK_002', 'Docs: API', 'todo', undefined],
      ['TASK_003', 'ok', 'todo', undefined],
    ]);
    assert.deepEqual(lint(text).map((p) => [p.code, p.taskId, p.fixes.map((f) => f.title)]), [
      ['unquoted-colon', 'TASK_001', ['Quote the title']],
      ['unquoted-colon', 'TASK_002', ['Quote the value']],
    ]);
    applyFix(text, 'unquoted-colon');
    const fixed = fixAll(text, (t) => lint(t)).text;
    assert.equal(fixed, board(
      '- {TASK_001: "Fix: login page", status: in_progress, assigned_agent: bob}',
      '- {id: TASK_002, title: "Docs: API", status: todo, depends_on: [TASK_001, TASK_003]}',
      '- {TASK_003: "ok", status: todo}',
    ));
    assert.deepEqual(lint(fixed), []);
  });

  it('a title pushed onto its own line is a YAML error, not a mis-indented field with a fix that fixes nothing', () => {
    const text = board('- TASK_1:\n "Integrate webhooks: payment_intent.succeeded"\n  status: todo');
    const problems = lint(text);
    assert.deepEqual(codes(problems), ['yaml-syntax']);
    assert.deepEqual(problems[0]!.fixes, []);
  });

  it('applying every preferred fix leaves fewer problems', () => {
    const before = lint(malformedText);
    const edits = [];
    let lastEnd = -1;
    for (const p of before) {
      const fix = p.fixes.find((f) => f.preferred);
      if (!fix) continue;
      const sorted = [...fix.edits].sort((a, b) => a.start - b.start);
      if (sorted[0]!.start < lastEnd) continue; // overlapping fixes wait for the next round
      edits.push(...sorted);
      lastEnd = sorted[sorted.length - 1]!.end;
    }
    const after = lint(applyEdits(malformedText, edits));
    assert.ok(after.length < before.length, `${after.length} < ${before.length}`);
    // claim-without-agent stays: its release fix is a decision, not preferred.
    assert.deepEqual(codes(after), ['bad-timestamp', 'claim-without-agent']);
  });
});
