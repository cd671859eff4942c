import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { fileKindOf } from '../../src/core/fileKinds';
import type { ChecklistTask, ParsedBoard } from '../../src/core/model';
import { parseFile } from '../../src/core/parseFile';
import { TaskIndex } from '../../src/core/taskIndex';

const root = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'demo-workspace');

function walk(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name).replace(/\\/g, '/')],
  );
}

function demoIndex(): TaskIndex {
  const index = new TaskIndex();
  for (const file of walk('')) {
    const kind = fileKindOf(file);
    if (kind) index.set(file, kind, readFileSync(join(root, file), 'utf8'));
  }
  return index;
}

describe('TaskIndex', () => {
  it('holds the demo workspace files by kind', () => {
    const index = demoIndex();
    assert.deepEqual(index.files(), [
      '.claude/agents/backend-engineer.md',
      '.claude/agents/eng-backend.md',
      '.claude/agents/frontend-engineer.md',
      '.claude/tasks/backend-engineer-tasks.md',
      '.claude/tasks/frontend-engineer-tasks.md',
      'BACKEND_WORK_LOG.md',
      'TODO.md',
    ]);
    assert.equal(index.get('TODO.md')!.kind, 'board');
    assert.equal(index.get('BACKEND_WORK_LOG.md')!.parsed.kind, 'worklog');
  });

  it('lists board and checklist tasks by file then position', () => {
    const index = demoIndex();
    const tasks = index.tasks();
    assert.deepEqual(
      tasks.map((t) => `${t.file}#${t.id}`).slice(0, 7),
      [
        '.claude/tasks/backend-engineer-tasks.md#backend-engineer/implement-post-api-users-endpoint',
        '.claude/tasks/backend-engineer-tasks.md#backend-engineer/add-pagination-to-get-api-users',
        '.claude/tasks/backend-engineer-tasks.md#backend-engineer/document-error-codes-in-the-openapi-spec',
        '.claude/tasks/backend-engineer-tasks.md#backend-engineer/design-the-users-and-sessions-schema',
        '.claude/tasks/backend-engineer-tasks.md#backend-engineer/set-up-the-migrations-folder',
        '.claude/tasks/frontend-engineer-tasks.md#frontend-engineer/sign-up-form-wired-to-post-api-users',
        '.claude/tasks/frontend-engineer-tasks.md#frontend-engineer/show-api-validation-errors-inline',
      ],
    );
    const board = tasks.filter((t) => t.kind === 'board').map((t) => t.id);
    assert.deepEqual(board, ['TASK_001', 'TASK_002', 'TASK_003', 'TASK_004', 'TASK_005', 'TASK_006', 'TASK_007']);
    for (let i = 1; i < tasks.length; i++) {
      const [a, b] = [tasks[i - 1]!, tasks[i]!];
      assert.ok(a.file < b.file || (a.file === b.file && a.span.start < b.span.start), 'file then position');
    }
    const sub = index.find('backend-engineer/request-validation-with-zod') as ChecklistTask;
    assert.equal(sub.depth, 1);
    assert.equal(index.find('TASK_003')!.status, 'claimed');
    assert.equal(index.find('TASK_003', 'other/TODO.md'), undefined);
    assert.equal(index.find('TASK_003', 'TODO.md')!.title, 'Add JWT refresh-token rotation');
  });

  it('orders entries newest first and links them to tasks by id', () => {
    const index = demoIndex();
    assert.deepEqual(
      index.entries().map((e) => e.timestamp),
      ['2026-11-03T18:05Z', '2026-11-02T15:40Z'],
    );
    const linked = (id: string): (string | undefined)[] => index.entriesFor(index.find(id)!).map((e) => e.timestamp);
    const mentioned = (id: string): (string | undefined)[] => index.mentionsOf(index.find(id)!).map((e) => e.timestamp);
    assert.deepEqual(linked('TASK_001'), ['2026-11-02T15:40Z']);
    assert.deepEqual(mentioned('TASK_001'), []);
    // TASK_002's own entry; TASK_001's entry, whose Next Steps say it "unblocks TASK_002", only mentions it.
    assert.deepEqual(linked('TASK_002'), ['2026-11-03T18:05Z']);
    assert.deepEqual(mentioned('TASK_002'), ['2026-11-02T15:40Z']);
    // TASK_002's entry names TASK_004 in its Potential Issues ("no rate limit yet (TASK_004)").
    assert.deepEqual(linked('TASK_004'), []);
    assert.deepEqual(mentioned('TASK_004'), ['2026-11-03T18:05Z']);
    assert.deepEqual(linked('TASK_003'), []);
    assert.deepEqual(linked('backend-engineer/implement-post-api-users-endpoint'), []);
  });

  it('orders entries by the time they name, not by how it is spelled: a zone counts, and none is UTC', () => {
    const index = new TaskIndex();
    // 11:00 at UTC+2 is 09:00 UTC, before the 10:00 (UTC) entry, though its text sorts after it.
    index.set('WORK_LOG.md', 'worklog', '## 2026-11-05T11:00+02:00\nnine\n\n## 2026-11-05 10:00\nten\n\n## 2026-11-05T08:30Z\neight\n');
    assert.deepEqual(
      index.entries().map((e) => e.summary),
      ['ten', 'nine', 'eight'],
    );
    // By abbreviation: 03:00 PST is 11:00 UTC, after the 10:00 entry; 10:30 CET is 09:30 UTC, before it.
    index.set('WORK_LOG.md', 'worklog', '## 2026-11-05 03:00 PST\neleven\n\n## 2026-11-05 10:00 UTC\nten\n\n## 2026-11-05 10:30 CET\nhalf past nine\n');
    assert.deepEqual(
      index.entries().map((e) => e.summary),
      ['eleven', 'ten', 'half past nine'],
    );
  });

  it('puts an entry whose date is ambiguous after the dated ones, in file order, instead of dating it by a guess', () => {
    const index = new TaskIndex();
    // Read day first, 03/04/2026 would sort between April and March; month first, between March and February.
    index.set('WORK_LOG.md', 'worklog', '## 2026-02-01\nfirst\n\n## 03/04/2026\nambiguous\n\n## 2026-05-01\nlast\n\n## 2026-03-15\nmiddle\n\n## someday\nno date\n');
    assert.deepEqual(
      index.entries().map((e) => [e.summary, e.timestamp]),
      [['last', '2026-05-01'], ['middle', '2026-03-15'], ['first', '2026-02-01'], ['ambiguous', undefined], ['someday', undefined]],
    );
  });

  it('links an entry to the task its heading or summary names, and counts ids elsewhere as mentions', () => {
    const index = new TaskIndex();
    index.set('TODO.md', 'board', '- T_1: "Write the users schema"\n  status: done\n- T_2: "Add the sign-up endpoint"\n  status: todo\n');
    index.set(
      'WORK_LOG.md',
      'worklog',
      [
        '### 14:00 - Started, no task named',
        'Touched T_2 files on the way.',
        '',
        '### 15:00',
        'Finished T_1; Add the sign-up endpoint can start.',
        '',
      ].join('\n'),
    );
    const [t1, t2] = index.tasks();
    // A bare `### 15:00` takes its first line as the summary, which names T_1 by id and T_2 by title: both own it.
    // The first entry's heading names no task; T_2 is only in its body.
    assert.deepEqual(index.entriesFor(t1!).map((e) => e.line), [3]);
    assert.deepEqual(index.mentionsOf(t1!), []);
    assert.deepEqual(index.entriesFor(t2!).map((e) => e.line), [3]);
    assert.deepEqual(index.mentionsOf(t2!).map((e) => e.line), [0]);
  });

  it('gives an entry whose leading id is no task\'s to the tasks its closing parentheses list', () => {
    const index = new TaskIndex();
    index.set('TODO.md', 'board', '- TASK_001: "Schema"\n  status: done\n- TASK_002: "Decoding"\n  status: in_progress\n');
    index.set(
      'WORK_LOG.md',
      'worklog',
      [
        '# Work Log',
        '',
        '## 2026-11-06 10:00 UTC — UTF-8: fix decoding of uploads (TASK_002)',
        '',
        '## 2026-11-07 10:00 UTC — TASK_001: Fix encoding (UTF-8)',
        '',
        '## 2026-11-08 10:00 UTC — TASK_001: follow-up (TASK_002)',
        '',
        '## 2026-11-09 10:00 UTC — UTF-8: read more (see TASK_002)',
        '',
      ].join('\n'),
    );
    const [t1, t2] = index.tasks();
    // UTF-8 is no task: the first entry is TASK_002's. TASK_001 is one, so the third stays its own, and TASK_002 is
    // named there in passing; parentheses that hold words besides ids name no owner.
    assert.deepEqual(index.entriesFor(t2!).map((e) => e.line), [2]);
    assert.deepEqual(index.entriesFor(t1!).map((e) => e.line), [6, 4]);
    assert.deepEqual(index.mentionsOf(t2!).map((e) => e.line), [8, 6]);
    // Once TASK_002 has left the board (archived), its entries are still found by the id.
    index.set('TODO.md', 'board', '- TASK_001: "Schema"\n  status: done\n');
    assert.deepEqual(index.entriesNaming('TASK_002').map((e) => e.line), [2]);
    assert.deepEqual(index.mentionsNaming('TASK_002').map((e) => e.line), [8, 6]);
  });

  it('links by exact title when the id is not named, with whole-word edges', () => {
    const index = new TaskIndex();
    index.set('.claude/tasks/dev-tasks.md', 'checklist', '## To Do\n- [ ] Rotate refresh tokens\n- [ ] Tests\n');
    index.set(
      'DEV_WORK_LOG.md',
      'worklog',
      '## 2026-01-01 10:00\n**Task Summary**: Rotate refresh tokens nightly\n\n## 2026-01-02 10:00\n**Task Summary**: Tests added; Rotate refresh tokensX\n',
    );
    const [rotate, tests] = index.tasks();
    assert.deepEqual(
      index.entriesFor(rotate!).map((e) => e.timestamp),
      ['2026-01-01T10:00'],
    );
    assert.deepEqual(index.entriesFor(tests!), [], 'short titles do not link');
  });

  it('links a title to exactly the entries that hold it whole, however many entries and words', () => {
    // The reference reads every entry, as the index did before it looked titles up by their words.
    const glued = /[\p{L}\p{N}_]/u;
    const holds = (text: string, title: string): boolean => {
      for (let at = text.indexOf(title); at !== -1; at = text.indexOf(title, at + 1)) {
        const startOk = !glued.test(title[0]!) || at === 0 || !glued.test(text[at - 1]!);
        const endOk = !glued.test(title[title.length - 1]!) || !glued.test(text[at + title.length] ?? '');
        if (startOk && endOk) return true;
      }
      return false;
    };
    const word = fc.constantFrom('Rotate', 'refresh', 'tokens', 'tokensX', 'é', 'café', '𝐀bc', 'bc', 'part', '1', '12', 'x_y', 'API');
    const gap = fc.constantFrom(' ', ' ', '-', ' (', ') ', ', ', '', '𝐀');
    const phrase = fc.array(fc.tuple(word, gap), { minLength: 1, maxLength: 5 }).map((parts) => parts.map(([w, g]) => w + g).join('').trim());
    fc.assert(
      fc.property(fc.array(phrase, { minLength: 1, maxLength: 6 }), fc.array(fc.tuple(phrase, phrase, phrase), { minLength: 1, maxLength: 6 }), (titles, entries) => {
        const index = new TaskIndex();
        index.set('.claude/tasks/dev-tasks.md', 'checklist', `## To Do\n${titles.map((t) => `- [ ] ${t}`).join('\n')}\n`);
        index.set('DEV_WORK_LOG.md', 'worklog', entries.map(([heading, summary, body], i) => `## 2026-01-${String(i + 1).padStart(2, '0')} ${heading}\n**Task Summary**: ${summary}\n\n${body}\n`).join('\n'));
        for (const task of index.tasks()) {
          const title = task.title.trim();
          const expected = title.length < 8 ? [] : index.entries().filter((e) => holds(e.markdown, title) && (holds(e.heading, title) || holds(e.summary, title)));
          assert.deepEqual(index.entriesFor(task), expected, `"${title}"`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('takes the dependents a parse made elsewhere names, without walking its tasks', () => {
    const text = '```yaml\n- TASK_001: "One"\n  status: todo\n- TASK_002: "Two"\n  status: todo\n  depends_on: [TASK_001]\n```\n';
    const walked = new TaskIndex();
    walked.set('TODO.md', 'board', text);
    assert.deepEqual([...walked.dependentFiles()], ['TODO.md']);
    // The hint is the parse's answer: one that says none is believed, which shows nothing walked the tasks.
    const parsed = parseFile('board', { file: 'TODO.md', text });
    const told = new TaskIndex();
    told.setParsed('TODO.md', 'board', text, parsed, undefined, undefined, new Int32Array(0));
    assert.deepEqual([...told.dependentFiles()], []);
    const toldRight = new TaskIndex();
    toldRight.setParsed('TODO.md', 'board', text, parseFile('board', { file: 'TODO.md', text }), undefined, undefined, Int32Array.of(1));
    assert.deepEqual([...toldRight.dependentFiles()], ['TODO.md']);
    assert.deepEqual(toldRight.dependencyProblems('TODO.md'), walked.dependencyProblems('TODO.md'));
  });

  it('carries the dependents of a board over an edit to one task, reading only the tasks it changed', () => {
    const text = (title: string, third: string): string =>
      `\`\`\`yaml\n- TASK_001: "${title}"\n  status: todo\n- TASK_002: "Two"\n  status: todo\n  depends_on: [TASK_001]\n- TASK_003: "Three"\n  status: todo${third}\n\`\`\`\n`;
    const first = text('One', '');
    // As above, an answer of none for this parse is believed: carried over an edit, it stays none.
    const told = new TaskIndex();
    told.setParsed('TODO.md', 'board', first, parseFile('board', { file: 'TODO.md', text: first }), undefined, undefined, new Int32Array(0));
    told.set('TODO.md', 'board', text('One, renamed', ''));
    assert.deepEqual([...told.dependentFiles()], []);
    // A task the edit changed is read: TASK_003 now names TASK_002, and the answer had none.
    told.set('TODO.md', 'board', text('One, renamed', '\n  depends_on: [TASK_002]'));
    assert.deepEqual(told.waitingOn(told.tasks().find((t) => t.id === 'TASK_003')!).map((w) => w.id), ['TASK_002']);

    // Edits that move the tasks after them, add and drop dependencies: what a fresh index reads, every time.
    const index = new TaskIndex();
    let title = 'One';
    let third = '';
    index.set('TODO.md', 'board', text(title, third));
    for (const [nextTitle, nextThird] of [['One!', ''], ['O', '\n  depends_on: [TASK_001]'], ['Once more', '\n  depends_on: [TASK_001, TASK_404]'], ['One', '']]) {
      assert.ok(index.dependentFiles().size > 0);
      title = nextTitle!;
      third = nextThird!;
      index.set('TODO.md', 'board', text(title, third));
      const fresh = new TaskIndex();
      fresh.set('TODO.md', 'board', text(title, third));
      assert.deepEqual(index.dependencyProblems('TODO.md'), fresh.dependencyProblems('TODO.md'), `${title}${third}`);
      for (const task of fresh.tasks()) assert.deepEqual(index.waitingOn(index.tasks().find((t) => t.id === task.id)!), fresh.waitingOn(task), `${task.id} after ${title}${third}`);
    }
  });

  it('lets a board go once a re-parse has replaced it, however many re-parses follow', async () => {
    const text = (title: string): string => `\`\`\`yaml\n- TASK_001: "${title}"\n  status: todo\n- TASK_002: "Two"\n  status: todo\n\`\`\`\n`;
    const index = new TaskIndex();
    index.set('TODO.md', 'board', text('One'));
    /** Sets the board with a new first title; that each is a re-parse shows in TASK_002, moved with the same fields. */
    const retitle = (title: string): void => {
      const before = index.get('TODO.md')!.parsed as ParsedBoard;
      index.set('TODO.md', 'board', text(title));
      const after = index.get('TODO.md')!.parsed as ParsedBoard;
      assert.notEqual(after.tasks[1], before.tasks[1]);
      assert.equal(after.tasks[1]!.fields, before.tasks[1]!.fields, `${title}: read whole, not re-parsed`);
    };
    retitle('One!');
    const replaced = new WeakRef(index.get('TODO.md')!.parsed);
    for (const title of ['One!!', 'One!!!', 'One']) retitle(title);
    assert.deepEqual(index.tasks().map((t) => t.title), ['One', 'Two']);
    // A WeakRef's target is held to the end of the turn that made it.
    await new Promise((resolve) => setTimeout(resolve, 0));
    setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
    assert.equal(replaced.deref(), undefined, 'a board three re-parses old is still held');
  });

  it('finds a dependency field however it is spelled (`dep_s:`), on a board of 1 MB or less and on a larger one', () => {
    for (const padding of [0, 12_000]) {
      const filler = Array.from({ length: padding }, (_, i) => `- PAD_${i}: "Filler task number ${i} of the board, written long enough to pass a megabyte"\n  status: todo\n`).join('');
      const text = `\`\`\`yaml\n${filler}- T_1: "One"\n  status: todo\n- T_2: "Two"\n  status: todo\n  dep_s: [T_1, T_404]\n\`\`\`\n`;
      const index = new TaskIndex();
      index.set('TODO.md', 'board', text);
      assert.equal(text.length > 1024 * 1024, padding > 0);
      assert.deepEqual([...index.dependentFiles()], ['TODO.md'], `${text.length} characters`);
      assert.deepEqual(index.waitingOn(index.tasks().find((t) => t.id === 'T_2')!).map((w) => w.id), ['T_1', 'T_404']);
    }
  });

  it('puts undated entries after dated ones, in file order', () => {
    const index = new TaskIndex();
    index.set('B_WORK_LOG.md', 'worklog', '## 1. first\nx\n\n## 2026-01-01\ny\n');
    index.set('A_WORK_LOG.md', 'worklog', '## 2026-02-01\nz\n\n## no date\nw\n');
    assert.deepEqual(
      index.entries().map((e) => e.heading),
      ['2026-02-01', '2026-01-01', 'no date', '1. first'],
    );
  });

  it('gives each file its lint problems', () => {
    const index = demoIndex();
    assert.deepEqual(index.problems('.claude/tasks/backend-engineer-tasks.md'), []);
    assert.deepEqual(index.problems('BACKEND_WORK_LOG.md'), []);
    assert.deepEqual(index.problems('.claude/agents/eng-backend.md'), []);
    assert.deepEqual(index.problems('missing.md'), []);
    index.set('.claude/tasks/x-tasks.md', 'checklist', '## In Progress\n- [x] done early\n');
    assert.deepEqual(
      index.problems('.claude/tasks/x-tasks.md').map((p) => p.code),
      ['checklist-state-mismatch'],
    );
    index.set('.claude/agents/bad.md', 'agent', '---\nname: [x\n---\n');
    assert.deepEqual(
      index.problems('.claude/agents/bad.md').map((p) => p.code),
      ['bad-front-matter'],
    );
    index.set('sub/TODO.md', 'board', '```yaml\n- TASK_009: "x"\n  status: finished-ish\n```\n');
    assert.ok(index.problems('sub/TODO.md').some((p) => p.code === 'unknown-status'));
  });

  it('gives the agents with their colours', () => {
    const index = demoIndex();
    assert.deepEqual(
      index.agents().map((a) => [a.name, a.color]),
      [
        ['backend-engineer', 'orange'],
        ['eng-backend', 'yellow'],
        ['frontend-engineer', 'cyan'],
      ],
    );
    assert.equal(index.agent('eng-backend')!.model, 'sonnet');
    assert.equal(index.agent('Frontend-Engineer')!.color, 'cyan');
    assert.equal(index.agent('nobody'), undefined);
  });

  it('parses once per text, and rebuilds views after a change or delete', () => {
    const index = new TaskIndex();
    index.set('TODO.md', 'board', '```yaml\n- TASK_001: "a"\n  status: todo\n```\n', 1);
    const parsed = index.get('TODO.md')!.parsed;
    const tasks = index.tasks();
    index.set('TODO.md', 'board', '```yaml\n- TASK_001: "a"\n  status: todo\n```\n', 1);
    assert.equal(index.get('TODO.md')!.parsed, parsed, 'same version: not re-parsed');
    assert.equal(index.tasks(), tasks, 'views are kept when nothing changed');
    index.set('TODO.md', 'board', '```yaml\n- TASK_001: "a"\n  status: claimed\n  assigned_agent: x\n```\n', 2);
    assert.notEqual(index.get('TODO.md')!.parsed, parsed);
    assert.equal(index.find('TASK_001')!.status, 'claimed');
    assert.equal(index.get('TODO.md')!.version, 2);
    assert.equal(index.delete('TODO.md'), true);
    assert.deepEqual(index.tasks(), []);
    assert.equal(index.delete('TODO.md'), false);
  });

  it("lists each file's tasks as its parse holds them, a list per file in path order, and copies them only for one list of all", () => {
    const index = new TaskIndex();
    index.set('b/TODO.md', 'board', '```yaml\n- TASK_002: "b"\n  status: todo\n```\n', 1);
    index.set('a/TODO.md', 'board', '```yaml\n- TASK_001: "a"\n  status: done\n```\n', 1);
    index.set('WORK_LOG.md', 'worklog', '## 2026-11-02 15:40 — Schema (TASK_001)\n', 1);
    const [a, b] = [index.get('a/TODO.md')!.parsed, index.get('b/TODO.md')!.parsed];
    assert.ok(a.kind === 'board' && b.kind === 'board');
    const lists = index.taskLists();
    assert.equal(lists.length, 2, 'a list per task file, none for the work log');
    assert.equal(lists[0], a.tasks, "the first file's own list, not a copy");
    assert.equal(lists[1], b.tasks);
    assert.deepEqual(index.tasks().map((t) => t.id), ['TASK_001', 'TASK_002']);
    index.delete('b/TODO.md');
    assert.equal(index.tasks(), a.tasks, 'one task file: its own list');
  });

  it('finds by id in file order, within one file when asked, and forgets a deleted file', () => {
    const index = new TaskIndex();
    const board = (status: string) => `\`\`\`yaml\n- TASK_001: "a"\n  status: ${status}\n  assigned_agent: x\n- TASK_002: "b"\n  status: todo\n\`\`\`\n`;
    index.set('b/TODO.md', 'board', board('claimed'));
    index.set('a/TODO.md', 'board', board('done'));
    assert.equal(index.find('TASK_001')!.file, 'a/TODO.md', 'the first file by path');
    assert.equal(index.find('TASK_001', 'b/TODO.md')!.status, 'claimed');
    index.set('a/TODO.md', 'board', board('in_progress'));
    assert.equal(index.find('TASK_001')!.status, 'in_progress', 'a new text of a file is found, not its old parse');
    assert.equal(index.find('TASK_001', 'b/TODO.md')!.status, 'claimed');
    index.delete('a/TODO.md');
    assert.equal(index.find('TASK_001')!.file, 'b/TODO.md');
    assert.equal(index.find('TASK_001', 'a/TODO.md'), undefined);
    assert.equal(index.find('TASK_404'), undefined);
  });
});
