import assert from 'node:assert/strict';
import { DEFAULT_GLOBS, expandBraces, fileKindOf, globMatches } from '../../src/core/fileKinds';

describe('fileKindOf', () => {
  it('classifies the default task files at any depth', () => {
    const cases: [string, ReturnType<typeof fileKindOf>][] = [
      ['TODO.md', 'board'],
      ['packages/api/TODO.md', 'board'],
      ['.claude/tasks/backend-engineer-tasks.md', 'checklist'],
      ['svc/.claude/tasks/qa-tasks.md', 'checklist'],
      ['BACKEND_WORK_LOG.md', 'worklog'],
      ['docs/FRONTEND_WORK_LOG.md', 'worklog'],
      ['.claude/agents/eng-backend.md', 'agent'],
      ['.claude/agents/TODO.md', 'agent'],
      ['.\\.claude\\tasks\\a-tasks.md', 'checklist'],
      ['./TODO.md', 'board'],
      ['todo.md', 'board'],
      ['docs/todo.md', 'board'],
      ['.claude/tasks/todo.md', 'board'],
      ['Todo.md', undefined],
      ['TODO.md.bak', undefined],
      ['.claude/tasks/notes.md', undefined],
      ['.claude/tasks/sub/a-tasks.md', undefined],
      ['.claude/agents/sub/x.md', undefined],
      ['WORK_LOG.md', 'worklog'],
      ['AGENT_WORK_LOG.md', 'worklog'],
      ['AI_WORK_LOG.md', 'worklog'],
      ['docs/BACKEND_WORK_LOG.md', 'worklog'],
      ['work_log.md', undefined],
      ['WORK_LOG.md.orig', undefined],
      ['README.md', undefined],
    ];
    for (const [path, kind] of cases) assert.equal(fileKindOf(path), kind, path);
  });

  it('never classifies files under node_modules or .git, or under custom excludes', () => {
    assert.equal(fileKindOf('node_modules/pkg/TODO.md'), undefined);
    assert.equal(fileKindOf('a/node_modules/b/.claude/agents/x.md'), undefined);
    assert.equal(fileKindOf('.git/TODO.md'), undefined);
    assert.equal(fileKindOf('vendor/TODO.md', DEFAULT_GLOBS, ['vendor/**']), undefined);
    assert.equal(fileKindOf('vendor/TODO.md', DEFAULT_GLOBS, []), 'board');
  });

  it('uses custom globs, and an empty glob turns a kind off', () => {
    const globs = { ...DEFAULT_GLOBS, board: '{TODO,TASKS}.md', worklog: '' };
    assert.equal(fileKindOf('TASKS.md', globs), 'board');
    assert.equal(fileKindOf('sub/TASKS.md', globs), undefined);
    assert.equal(fileKindOf('BACKEND_WORK_LOG.md', globs), undefined);
  });
});

describe('globMatches', () => {
  it('supports **, *, ?, {a,b} and [...] on posix paths', () => {
    assert.ok(globMatches('**/*.md', 'a.md'));
    assert.ok(globMatches('**/*.md', 'a/b/c.md'));
    assert.ok(!globMatches('*.md', 'a/b.md'), '* does not cross /');
    assert.ok(globMatches('a/**', 'a/b/c'));
    assert.ok(globMatches('a/**/z', 'a/z'));
    assert.ok(globMatches('a/**/z', 'a/b/c/z'));
    assert.ok(globMatches('file?.txt', 'file1.txt'));
    assert.ok(!globMatches('file?.txt', 'file12.txt'));
    assert.ok(!globMatches('a?b', 'a/b'));
    assert.ok(globMatches('*.{md,markdown}', 'x.markdown'));
    assert.ok(!globMatches('*.{md,markdown}', 'x.txt'));
    assert.ok(globMatches('v[0-9].md', 'v3.md'));
    assert.ok(!globMatches('v[!0-9].md', 'v3.md'));
    assert.ok(globMatches('a.b+(c)', 'a.b+(c)'), 'regex characters are literal');
    assert.ok(!globMatches('a.b', 'axb'));
    assert.ok(globMatches('x**y', 'xaby'), '** inside a segment is a *');
  });
});

describe('expandBraces', () => {
  it('spells a glob out without braces, for .gitattributes', () => {
    assert.deepEqual(expandBraces('**/{TODO,todo}.md'), ['**/TODO.md', '**/todo.md']);
    assert.deepEqual(expandBraces('{a,b{c,d}}/{x,y}'), ['a/x', 'a/y', 'bc/x', 'bc/y', 'bd/x', 'bd/y']);
    assert.deepEqual(expandBraces('**/*WORK_LOG.md'), ['**/*WORK_LOG.md']);
    assert.deepEqual(expandBraces('a{b'), ['a{b'], 'an unclosed brace is kept');
  });
});
