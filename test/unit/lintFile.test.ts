import assert from 'node:assert/strict';
import { lintFile } from '../../src/core/lintFile';
import type { ParsedWorkLog, Problem } from '../../src/core/model';
import { parseFile } from '../../src/core/parseFile';
import { withLfBreaks } from '../../src/core/lineBreaks';
import { applyEdits } from '../../src/core/text';
import { fixAll } from '../../src/core/fixAll';

describe('parseFile and lintFile', () => {
  it('parseFile reads each kind with its own parser', () => {
    const text = '# T\n\n## To Do\n- [ ] a\n';
    assert.equal(parseFile('board', { file: 'TODO.md', text: '- TASK_001: "a"\n  status: todo\n' }).kind, 'board');
    assert.equal(parseFile('checklist', { file: '.claude/tasks/dev-tasks.md', text }).kind, 'checklist');
    assert.equal(parseFile('worklog', { file: 'X_WORK_LOG.md', text: '## 2026-01-01 10:00\nok\n' }).kind, 'worklog');
    assert.equal(parseFile('agent', { file: '.claude/agents/a.md', text: '---\nname: a\n---\n' }).kind, 'agent');
  });

  it('dates the fixes that write a completion date with the day it is given', () => {
    const text = '# T\n\n## Completed\n- [x] Ship it\n';
    const problems = lintFile(parseFile('checklist', { file: '.claude/tasks/dev-tasks.md', text }), text, '2031-02-03');
    const missing = problems.find((p) => p.code === 'checklist-missing-date');
    assert.ok(missing, 'a ticked item without its date is reported');
    assert.ok(missing.fixes.some((f) => f.edits.some((e) => e.newText.includes('2031-02-03'))), JSON.stringify(missing.fixes));
  });

  it('reports a problem found twice once, and keeps two different ones on the same span', () => {
    const one: Problem = { code: 'unreadable-file', severity: 'error', message: 'one', span: { start: 0, end: 4 }, fixes: [] };
    const other: Problem = { ...one, message: 'another' };
    const parsed = { ...parseFile('worklog', { file: 'X_WORK_LOG.md', text: '' }), problems: [one, { ...one }, other] } as ParsedWorkLog;
    assert.deepEqual(
      lintFile(parsed, '').map((p) => p.message),
      ['one', 'another'],
    );
  });
});

describe('lone CR line ends (lone-cr)', () => {
  const lint = (text: string): Problem[] => lintFile(parseFile('board', { file: 'TODO.md', text }), text).filter((p) => p.code === 'lone-cr');
  const tasksOf = (text: string): string[] => {
    const parsed = parseFile('board', { file: 'TODO.md', text });
    return parsed.kind === 'board' ? parsed.tasks.map((t) => t.id) : [];
  };

  it('flags CR-only line ends in an LF file once, at the first, with the fix that makes its tasks readable', () => {
    // A CR-only board that got one task with LF line ends appended (what an LF writer leaves in it).
    const text = '# TODO\r\r```yaml\r- TASK_001: "A"\r  status: todo\r\n- TASK_002: "B"\n  status: todo\n```\n';
    assert.deepEqual(tasksOf(text), ['TASK_002'], 'TASK_001 is not seen');
    const [problem, ...more] = lint(text);
    assert.equal(more.length, 0);
    assert.equal(problem?.severity, 'warning');
    assert.equal(problem?.span.start, text.indexOf('\r'));
    assert.match(problem?.message ?? '', /^TODO\.md:1: 4 lines end in a CR alone \(an old Mac line end\) where the file's other lines end in LF; /);
    const fixed = applyEdits(text, problem!.fixes[0]!.edits);
    assert.equal(fixed, text.replace(/\r(?!\n)/g, '\n'));
    assert.deepEqual(tasksOf(fixed), ['TASK_001', 'TASK_002']);
    assert.deepEqual(lint(fixed), []);
  });

  it('ends them in CRLF in a file whose lines mostly end so', () => {
    const text = '# TODO\r\n\r\n```yaml\r\n- TASK_001: "A"\r  status: todo\r\n```\r\n';
    const [problem] = lint(text);
    assert.equal(applyEdits(text, problem!.fixes[0]!.edits), '# TODO\r\n\r\n```yaml\r\n- TASK_001: "A"\r\n  status: todo\r\n```\r\n');
  });

  it('names CR CR LF line ends (a CRLF converted again) as such, and its fix takes the extra CR out, not a blank line in', () => {
    const crlf = '# TODO\r\n\r\n```yaml\r\n- TASK_001: "Write the parser"\r\n  priority: high\r\n  assigned_agent:\r\n  status: todo\r\n```\r\n';
    const text = crlf.replace(/\r\n/g, '\r\r\n');
    const all = lintFile(parseFile('board', { file: 'TODO.md', text }), text);
    assert.ok(all.some((p) => p.code === 'bad-priority'), 'the extra CR ends the value it follows');
    const [problem, ...more] = lint(text);
    assert.equal(more.length, 0);
    assert.equal(problem?.span.start, text.indexOf('\r'));
    assert.equal(problem?.message, "TODO.md:1: 8 lines end in CR CR LF (a CRLF line end converted to CRLF a second time); the extra CR reads as the line's last character, so a value on such a line ends in a CR");
    assert.equal(problem?.fixes[0]?.title, 'Remove the extra CR from the 8 line ends in CR CR LF');
    assert.equal(applyEdits(text, problem!.fixes[0]!.edits), crlf);
    assert.equal(fixAll(text, (t) => lintFile(parseFile('board', { file: 'TODO.md', text: t }), t)).text, crlf, 'fix all takes the CRs out first, alone');
    // Two extra CRs on one line end: one line end, both removed.
    const twice = '- TASK_001: "A"\r\r\r\n  status: todo\r\n';
    const [one] = lint(twice);
    assert.match(one?.message ?? '', /^TODO\.md:1: a line ends in CR CR LF /);
    assert.equal(applyEdits(twice, one!.fixes[0]!.edits), '- TASK_001: "A"\r\n  status: todo\r\n');
  });

  it('tells each line end apart where a file has both: a CR alone ends its line, a CR before a CRLF is removed', () => {
    // A trailing CR alone too (a save cut short): it ends its line in LF, and the CR CR LF line ends still lose their CR.
    const text = '# TODO\n\n```yaml\n- TASK_001: "A"\r  status: todo\r\r\n  priority: high\r\r\n```\n\r';
    const [problem] = lint(text);
    assert.equal(
      problem?.message,
      "TODO.md:4: 2 lines end in a CR alone (an old Mac line end) where the file's other lines end in LF; the lines such a CR ends read as one, so the tasks on them are not seen; and 2 more end in CR CR LF (a CRLF line end converted to CRLF a second time); the extra CR reads as the line's last character, so a value on such a line ends in a CR",
    );
    assert.equal(problem?.fixes[0]?.title, 'End those 2 lines in LF like the others, and remove the extra CR from the 2 line ends in CR CR LF');
    assert.equal(applyEdits(text, problem!.fixes[0]!.edits), '# TODO\n\n```yaml\n- TASK_001: "A"\n  status: todo\r\n  priority: high\r\n```\n\n');
  });

  it('says nothing of LF, CRLF or CR-only files (the last are read with LF breaks)', () => {
    for (const text of ['# TODO\n\n```yaml\n- T_1: "A"\n  status: todo\n```\n', '# TODO\r\n```yaml\r\n- T_1: "A"\r\n  status: todo\r\n```\r\n']) assert.deepEqual(lint(text), []);
    assert.deepEqual(lint(withLfBreaks('# TODO\r```yaml\r- T_1: "A"\r  status: todo\r```\r')), []);
  });
});

describe('fixAll with lone CR line ends', () => {
  const lint = (text: string): Problem[] => lintFile(parseFile('board', { file: 'TODO.md', text }), text);
  // A lone CR inside an item: the joined line reads as one value holding ": ", which other rules would quote.
  const text = '# TODO\n\n```yaml\n- TASK_001: "A"\n  status: in_progress\r  assigned_agent: bob\n```\n';

  it('ends the lines first and alone, so no other fix lands inside the joined line', () => {
    assert.ok(lint(text).some((p) => p.code !== 'lone-cr' && p.fixes.length > 0), 'other rules see the joined line');
    const fixed = fixAll(text, lint).text;
    assert.equal(fixed, text.replace('\r', '\n'));
    const parsed = parseFile('board', { file: 'TODO.md', text: fixed });
    const task = parsed.kind === 'board' ? parsed.tasks[0] : undefined;
    assert.equal(task?.status, 'in_progress');
    assert.equal(task?.kind === 'board' ? task.assignedAgent : undefined, 'bob');
  });

  it('fixes nothing else while the lone CRs stay (a fix asked for by another code)', () => {
    const codes = new Set(lint(text).filter((p) => p.code !== 'lone-cr' && p.fixes.length > 0).map((p) => p.code));
    assert.ok(codes.size > 0);
    assert.equal(fixAll(text, lint, { codes }).text, text);
  });
});
