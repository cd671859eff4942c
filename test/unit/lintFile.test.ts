import assert from 'node:assert/strict';
import { lintFile } from '../../src/core/lintFile';
import type { ParsedWorkLog, Problem } from '../../src/core/model';
import { parseFile } from '../../src/core/parseFile';

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
