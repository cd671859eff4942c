import { fixToApply } from '../../src/core/fixAll';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintChecklist } from '../../src/core/checklist/lintChecklist';
import { checklistAgent, parseChecklist } from '../../src/core/checklist/parseChecklist';
import { planChecklistSectionMove } from '../../src/core/checklist/planChecklistSectionMove';
import { sectionStatus } from '../../src/core/checklist/sectionHeadings';
import type { ChecklistTask, ParsedChecklist, Problem, Status } from '../../src/core/model';
import { applyEdits, spanText } from '../../src/core/text';
import { makeLifecycle } from '../../src/core/lifecycleModel';

const tasksDir = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'demo-workspace', '.claude', 'tasks');
const backendFile = '.claude/tasks/backend-engineer-tasks.md';
const backendText = readFileSync(join(tasksDir, 'backend-engineer-tasks.md'), 'utf8');
const frontendText = readFileSync(join(tasksDir, 'frontend-engineer-tasks.md'), 'utf8');
const TODAY = '2026-12-01';

function parse(text: string, file = 'x/.claude/tasks/dev-tasks.md'): ParsedChecklist {
  return parseChecklist({ file, text });
}

function byTitle(list: ParsedChecklist, title: string): ChecklistTask {
  const found = list.tasks.find((t) => t.title === title);
  assert.ok(found, `no task titled ${title}`);
  return found;
}

/** Applies a fix and checks that nothing outside its edits changed. */
function applyFix(text: string, problem: Problem, title: string): string {
  const fix = problem.fixes.find((f) => f.title === title);
  assert.ok(fix, `no fix "${title}" on ${problem.code}`);
  const out = applyEdits(text, fix.edits);
  const first = Math.min(...fix.edits.map((e) => e.start));
  const last = Math.max(...fix.edits.map((e) => e.end));
  assert.equal(out.slice(0, first), text.slice(0, first), 'text before the edits is unchanged');
  assert.equal(out.slice(out.length - (text.length - last)), text.slice(last), 'text after the edits is unchanged');
  return out;
}

describe('parseChecklist', () => {
  it('reads the demo backend checklist: sections, items, subtasks, dates, ids', () => {
    const list = parse(backendText, backendFile);
    assert.equal(list.agent, 'backend-engineer');
    assert.equal(list.eol, '\n');
    assert.deepEqual(
      list.tasks.map((t) => [t.id, t.status, t.checked, t.completedDate]),
      [
        ['backend-engineer/implement-post-api-users-endpoint', 'in_progress', false, undefined],
        ['backend-engineer/add-pagination-to-get-api-users', 'todo', false, undefined],
        ['backend-engineer/document-error-codes-in-the-openapi-spec', 'todo', false, undefined],
        ['backend-engineer/design-the-users-and-sessions-schema', 'done', true, '2026-11-02'],
        ['backend-engineer/set-up-the-migrations-folder', 'done', true, '2026-11-01'],
      ],
    );
    const first = list.tasks[0]!;
    assert.equal(first.title, 'Implement POST /api/users endpoint');
    assert.equal(first.line, 3);
    assert.equal(first.group, 'In Progress');
    assert.equal(first.assignedAgent, 'backend-engineer');
    assert.equal(spanText(backendText, first.checkboxSpan), '[ ]');
    assert.equal(spanText(backendText, first.sectionSpan!), '## In Progress');
    assert.equal(
      spanText(backendText, first.span),
      '- [ ] Implement POST /api/users endpoint\n  - [x] Request validation with zod\n  - [ ] Password hashing with argon2',
    );
    assert.deepEqual(
      first.subtasks.map((s) => [s.title, s.checked, s.status, s.depth, s.line]),
      [
        ['Request validation with zod', true, 'done', 1, 4],
        ['Password hashing with argon2', false, 'todo', 1, 5],
      ],
    );
    assert.equal(byTitle(list, 'Design the users and sessions schema').title, 'Design the users and sessions schema');
    assert.deepEqual([...list.sections.keys()].sort(), ['done', 'in_progress', 'todo']);
    assert.deepEqual(list.problems, []);
  });

  it('reads the demo frontend checklist with an empty In Progress and Completed', () => {
    const list = parse(frontendText, '.claude/tasks/frontend-engineer-tasks.md');
    assert.equal(list.agent, 'frontend-engineer');
    assert.deepEqual(
      list.tasks.map((t) => [t.title, t.status]),
      [
        ['Sign-up form wired to POST /api/users', 'todo'],
        ['Show API validation errors inline', 'todo'],
      ],
    );
    assert.equal(list.sections.size, 3);
  });

  it('accepts common heading spellings and flags unknown headings that hold items', () => {
    for (const [heading, status] of [
      ['Todo', 'todo'],
      ['To-Do', 'todo'],
      ['TODO', 'todo'],
      ['Backlog', 'todo'],
      ['In progress', 'in_progress'],
      ['Doing', 'in_progress'],
      ['WIP', 'in_progress'],
      ['🚧 In Progress (2)', 'in_progress'],
      ['Done', 'done'],
      ['Complete', 'done'],
      ['Completed', 'done'],
      ['Completed Tasks', 'done'],
      ['Pending Tasks', 'todo'],
      ['Tasks In Progress', 'in_progress'],
      ['Todo List', 'todo'],
      ['Done items', 'done'],
    ] as const) {
      assert.equal(sectionStatus(heading), status, heading);
      const list = parse(`# T\n\n## ${heading}\n- [ ] a\n`);
      assert.equal(list.tasks[0]!.status, status, heading);
      assert.deepEqual(list.problems, [], heading);
    }
    // A file with one status section is sectioned: a heading beside it that is not a status is flagged.
    const text = '# T\n\n## Done\n\n## Blocked\n- [ ] waiting on infra\n\n## Notes\nJust prose.\n';
    const list = parse(text);
    assert.equal(list.tasks[0]!.status, undefined);
    assert.equal(list.tasks[0]!.group, 'Blocked');
    assert.equal(list.problems.length, 1, 'only the heading with items is flagged');
    const problem = list.problems[0]!;
    assert.equal(problem.code, 'unknown-heading');
    assert.equal(problem.severity, 'warning');
    assert.equal(spanText(text, problem.span), '## Blocked');
    const fixed = applyFix(text, problem, 'Rename to "To Do"');
    assert.equal(fixed, '# T\n\n## Done\n\n## To Do\n- [ ] waiting on infra\n\n## Notes\nJust prose.\n');
    assert.equal(parse(fixed).tasks[0]!.status, 'todo');
    assert.deepEqual(parse(fixed).problems, []);
  });

  it('flags an item above every section: it has no status, and says so rather than being listed as [?] alone', () => {
    const text = '# Backend tasks\n\n- [ ] Loose item\n  a note\n\n## In Progress\n\n- [ ] Build API\n';
    const list = parse(text);
    assert.equal(list.tasks[0]!.status, undefined);
    assert.deepEqual(list.problems.map((p) => [p.code, p.severity, spanText(text, p.span), p.taskId]), [['no-section', 'warning', '- [ ] Loose item', list.tasks[0]!.id]]);
    // A file whose headings are phases reads boxes as statuses: nothing is above a section there.
    assert.deepEqual(parse('# T\n\n- [ ] first\n\n## Phase 1\n\n- [x] done\n').problems, []);
  });

  it('reads level-1 status headings as sections beside other status headings, and a lone one as the title', () => {
    const text = '# In Progress\n- [ ] A\n\n# To Do\n- [ ] B\n';
    const list = parse(text);
    assert.deepEqual(list.tasks.map((t) => [t.title, t.status, t.group]), [['A', 'in_progress', 'In Progress'], ['B', 'todo', 'To Do']]);
    assert.deepEqual(lintChecklist(list, text, TODAY), []);
    const started = applyEdits(text, planChecklistSectionMove(list, text, 'dev/b', 'in_progress', { today: TODAY }));
    assert.equal(started, '# In Progress\n- [ ] A\n- [ ] B\n\n# To Do\n');
    // A new section is written at the level of the file's sections.
    const done = applyEdits(started, planChecklistSectionMove(parse(started), started, 'dev/a', 'done', { today: TODAY }));
    assert.equal(done, `# In Progress\n- [ ] B\n\n# To Do\n\n# Completed\n- [x] A (completed: ${TODAY})\n`);
    // The file's title, as on a board: alone, over a section of its own status, or over a phase beside other sections.
    for (const [titled, statuses] of [
      ['# To Do\n- [ ] a\n- [x] b\n', [['a', 'todo', true], ['b', 'done', true]]],
      ['# TODO\n\n## In Progress\n- [ ] a\n\n## To Do\n- [ ] b\n', [['a', 'in_progress', undefined], ['b', 'todo', undefined]]],
      ['# To Do\n- [ ] a\n\n## Phase 2\n- [ ] b\n\n## Completed\n', [['a', 'todo', undefined], ['b', undefined, undefined]]],
    ] as const) {
      assert.deepEqual(parse(titled).tasks.map((t) => [t.title, t.status, t.statusFromBox]), statuses, titled);
    }
  });

  it('keeps a deeper unknown heading as a sub-group of its section', () => {
    const list = parse('## To Do\n### Phase 1\n- [ ] a\n### Phase 2\n- [ ] b\n## Done\n- [x] c (completed: 2026-01-02)\n');
    assert.deepEqual(
      list.tasks.map((t) => [t.title, t.status]),
      [
        ['a', 'todo'],
        ['b', 'todo'],
        ['c', 'done'],
      ],
    );
    assert.deepEqual(list.problems, []);
  });

  it('keeps the lines markdown puts in an item as its notes, and no others', () => {
    const text = [
      '## In Progress',
      '- [ ] Build the API',
      '  Updated progress: handlers done (70% complete)',
      '  - Blocked: waiting for the schema review',
      '  - [ ] Write tests',
      '    note under the subtask',
      '',
      '  A later paragraph of the item',
      '',
      'Column 0 after a blank line: the list has ended',
      '- [ ] Second item',
      'Blocked: staging is down',
      '- plain bullet beside the items',
      '',
      '---',
      '',
      '## To Do',
      'Intro prose that belongs to no item.',
      '- [ ] Later',
      '',
    ].join('\n');
    const list = parse(text);
    const [build, second] = list.tasks;
    assert.deepEqual(build!.notes, [
      'Updated progress: handlers done (70% complete)',
      '- Blocked: waiting for the schema review',
      'A later paragraph of the item',
    ]);
    assert.equal(build!.subtasks[0]!.title, 'Write tests');
    assert.deepEqual(build!.subtasks[0]!.notes, ['note under the subtask']);
    assert.ok(spanText(text, build!.span).endsWith('  A later paragraph of the item'));
    // A column-0 line right under the item continues its paragraph (a lazy line); a sibling bullet or a break does not.
    assert.deepEqual(second!.notes, ['Blocked: staging is down']);
    assert.equal(spanText(text, second!.span), '- [ ] Second item\nBlocked: staging is down');
    assert.deepEqual(list.tasks[2]!.notes, []);
    assert.equal(list.tasks[2]!.title, 'Later');
  });

  it('reads a struck-out open item as dropped: the final side status (cancelled), else not a task, said once', () => {
    const text = '## To Do\n- [ ] Write parser\n- [ ] ~~Add OAuth~~ (out of scope)\n- [ ] Keep ~~this~~\n\n## Completed\n- [x] ~~Shipped~~\n';
    const file = '.claude/tasks/bob-tasks.md';
    const plain = parseChecklist({ file, text });
    assert.deepEqual(plain.tasks.map((t) => [t.id, t.status]), [['bob/write-parser', 'todo'], ['bob/keep-this', 'todo'], ['bob/shipped', 'done']]);
    const notes = plain.problems.filter((p) => p.code === 'unrecognized-block');
    assert.deepEqual(notes.map((p) => [p.severity, spanText(text, p.span)]), [['info', '- [ ] ~~Add OAuth~~ (out of scope)']]);
    assert.match(notes[0]!.message, /bob-tasks\.md:3: 1 struck-out item/);
    const lifecycle = makeLifecycle(['todo', 'claimed', 'in_progress', 'done'], [{ name: 'cancelled', from: 'any' }], new Map());
    const kept = parseChecklist({ file, text, lifecycle });
    assert.deepEqual(kept.tasks.map((t) => [t.id, t.status, t.title]), [
      ['bob/write-parser', 'todo', 'Write parser'],
      ['bob/add-oauth', 'cancelled', 'Add OAuth (out of scope)'],
      ['bob/keep-this', 'todo', 'Keep ~~this~~'],
      ['bob/shipped', 'done', '~~Shipped~~'],
    ]);
    assert.deepEqual(kept.problems, []);
    // A struck correction at the start of a live item is no drop.
    assert.deepEqual(parseChecklist({ file, text: '## To Do\n- [ ] ~~Fix~~ Rewrite the login page\n' }).tasks.map((t) => t.status), ['todo']);
  });

  it('reads nested subtasks at any depth, ordered bullets and [X]', () => {
    const text = '## To Do\n1. [ ] top\n   * [X] mid\n     + [ ] deep\n';
    const [top] = parse(text).tasks;
    assert.equal(top!.title, 'top');
    const mid = top!.subtasks[0]!;
    assert.deepEqual([mid.title, mid.checked, mid.depth], ['mid', true, 1]);
    assert.deepEqual([mid.subtasks[0]!.title, mid.subtasks[0]!.depth], ['deep', 2]);
    assert.equal(spanText(text, mid.checkboxSpan), '[X]');
  });

  it('ignores checkboxes inside code fences and plain bullets', () => {
    const list = parse('## To Do\n```md\n- [ ] not a task\n```\n- plain bullet\n- [ ] real\n');
    assert.deepEqual(
      list.tasks.map((t) => t.title),
      ['real'],
    );
  });

  it('gives ids that survive moves and ticks, made unique with ~2', () => {
    const a = parse('## To Do\n- [ ] Fix login\n- [ ] Fix login\n');
    assert.deepEqual(
      a.tasks.map((t) => t.id),
      ['dev/fix-login', 'dev/fix-login~2'],
    );
    const b = parse('## Completed\n- [x] Fix login (completed: 2026-01-01)\n');
    assert.equal(b.tasks[0]!.id, 'dev/fix-login');
    assert.equal(checklistAgent('file:///w/.claude/tasks/data%20eng-tasks.md'), 'data eng');
    assert.equal(checklistAgent('C:\\w\\.claude\\tasks\\qa-tasks.md'), 'qa');
  });

  it('is exact on CRLF and BOM text', () => {
    const lf = '# T\n\n## To Do\n- [ ] a\n  note\n\n## Completed\n- [x] b (completed: 2026-01-01)\n';
    const text = '\ufeff' + lf.replace(/\n/g, '\r\n');
    const list = parse(text);
    assert.equal(list.eol, '\r\n');
    assert.deepEqual(
      list.tasks.map((t) => [t.title, t.status, t.notes]),
      [
        ['a', 'todo', ['note']],
        ['b', 'done', []],
      ],
    );
    assert.equal(spanText(text, list.tasks[0]!.span), '- [ ] a\r\n  note');
    assert.equal(spanText(text, list.tasks[1]!.checkboxSpan), '[x]');
    assert.equal(spanText(text, list.sections.get('todo')!), '## To Do');
    const bomHeading = parse('\ufeff## To Do\n- [ ] a\n');
    assert.equal(spanText('\ufeff## To Do\n- [ ] a\n', bomHeading.sections.get('todo')!), '## To Do');
  });
});

describe('lintChecklist', () => {
  it('finds nothing wrong in the demo checklists', () => {
    assert.deepEqual(lintChecklist(parse(backendText, backendFile), backendText, TODAY), []);
    assert.deepEqual(lintChecklist(parse(frontendText), frontendText, TODAY), []);
  });

  const ticked = '# T\n\n## In Progress\n- [x] Ship it\n  - [ ] sub\n  note\n\n## To Do\n- [ ] Other\n\n## Completed\n- [x] Old (completed: 2026-01-01)\n';

  it('flags a ticked item outside Completed; Untick fixes it in place', () => {
    const problems = lintChecklist(parse(ticked), ticked, TODAY);
    assert.equal(problems.length, 1);
    const p = problems[0]!;
    assert.equal(p.code, 'checklist-state-mismatch');
    assert.equal(p.taskId, 'dev/ship-it');
    assert.equal(spanText(ticked, p.span), '[x]');
    assert.deepEqual(
      p.fixes.map((f) => [f.title, f.preferred === true]),
      [
        ['Untick', false],
        ['Move to Completed', true],
      ],
    );
    const fixed = applyFix(ticked, p, 'Untick');
    assert.equal(fixed, ticked.replace('- [x] Ship it', '- [ ] Ship it'));
    assert.deepEqual(lintChecklist(parse(fixed), fixed, TODAY), []);
  });

  it('offers no move to Completed for an item ticked under To Do: it would skip In Progress', () => {
    const text = '# T\n\n## In Progress\n\n## To Do\n- [X] Done early\n\n## Completed\n';
    const problems = lintChecklist(parse(text), text, TODAY);
    assert.deepEqual(problems.map((p) => [p.code, p.fixes.map((f) => [f.title, f.preferred === true])]), [['checklist-state-mismatch', [['Untick', false]]]]);
    assert.match(problems[0]!.message, /not Completed; it goes under In Progress first$/);
    // Fix-all applies neither: the box is what the author meant.
    assert.equal(fixToApply(problems[0]!), undefined);
  });

  it('Move to Completed moves the item with its subtasks and notes, ticked and dated', () => {
    const p = lintChecklist(parse(ticked), ticked, TODAY)[0]!;
    const fixed = applyEdits(ticked, p.fixes.find((f) => f.title === 'Move to Completed')!.edits);
    assert.equal(
      fixed,
      '# T\n\n## In Progress\n\n## To Do\n- [ ] Other\n\n## Completed\n- [x] Old (completed: 2026-01-01)\n' +
        `- [x] Ship it (completed: ${TODAY})\n  - [ ] sub\n  note\n`,
    );
    // Completed now, with its subtask still open: that is said next.
    assert.deepEqual(lintChecklist(parse(fixed), fixed, TODAY).map((q) => q.code), ['checklist-open-subtasks']);
    assert.equal(parse(fixed).tasks.find((t) => t.title === 'Ship it')!.id, 'dev/ship-it');
  });

  it('ticks with a capital X in a checklist whose ticked items use it', () => {
    const text = '# T\n\n## In Progress\n- [ ] Ship it\n\n## Completed\n- [X] Old (completed: 2026-01-01)\n';
    const moved = applyEdits(text, planChecklistSectionMove(parse(text), text, 'dev/ship-it', 'done', { today: TODAY }));
    assert.equal(moved, `# T\n\n## In Progress\n\n## Completed\n- [X] Old (completed: 2026-01-01)\n- [X] Ship it (completed: ${TODAY})\n`);
    const unticked = '# T\n\n## Completed\n- [X] Old (completed: 2026-01-01)\n- [ ] Forgot\n';
    const p = lintChecklist(parse(unticked), unticked, TODAY).find((x) => x.fixes.some((f) => f.title === 'Tick'))!;
    assert.equal(applyFix(unticked, p, 'Tick'), `# T\n\n## Completed\n- [X] Old (completed: 2026-01-01)\n- [X] Forgot (completed: ${TODAY})\n`);
  });

  it('flags an unticked item under Completed; Tick adds the date, Move to To Do moves it', () => {
    const text = '## To Do\n- [ ] a\n\n## Completed\n- [ ] b\n- [x] c (completed: 2026-01-01)\n';
    const problems = lintChecklist(parse(text), text, TODAY);
    assert.deepEqual(
      problems.map((p) => p.code),
      ['checklist-state-mismatch'],
    );
    const ticked2 = applyFix(text, problems[0]!, 'Tick');
    assert.equal(ticked2, text.replace('- [ ] b', `- [x] b (completed: ${TODAY})`));
    assert.deepEqual(lintChecklist(parse(ticked2), ticked2, TODAY), []);
    const moved = applyEdits(text, problems[0]!.fixes.find((f) => f.title === 'Move to To Do')!.edits);
    assert.equal(moved, '## To Do\n- [ ] a\n- [ ] b\n\n## Completed\n- [x] c (completed: 2026-01-01)\n');
    assert.deepEqual(lintChecklist(parse(moved), moved, TODAY), []);
  });

  it('flags a completed item without a date; the fix appends today from the parameter', () => {
    const text = '## Completed\r\n- [x] Done thing  \r\n- [x] Other (completed: 2026-01-01)\r\n';
    const problems = lintChecklist(parse(text), text, TODAY);
    assert.equal(problems.length, 1);
    const p = problems[0]!;
    assert.equal(p.code, 'checklist-missing-date');
    assert.equal(spanText(text, p.span), '- [x] Done thing');
    const fixed = applyFix(text, p, `Add (completed: ${TODAY})`);
    assert.equal(fixed, text.replace('Done thing  ', `Done thing (completed: ${TODAY})  `));
    assert.deepEqual(lintChecklist(parse(fixed), fixed, TODAY), []);
  });

  it('offers to rewrite a completed date written day first, month first or year first', () => {
    const text = '## Completed\n- [x] Thing (completed: 25/11/2026)\n';
    const [p] = lintChecklist(parse(text), text, TODAY);
    assert.equal(p!.code, 'checklist-missing-date');
    assert.match(p!.message, /not YYYY-MM-DD/);
    const fixed = applyFix(text, p!, 'Write the date as 2026-11-25');
    assert.equal(fixed, '## Completed\n- [x] Thing (completed: 2026-11-25)\n');
    assert.deepEqual(lintChecklist(parse(fixed), fixed, TODAY), []);
    for (const written of ['2026/11/25', '11/25/2026']) {
      const other = `## Completed\n- [x] Thing (completed: ${written})\n`;
      assert.equal(applyFix(other, lintChecklist(parse(other), other, TODAY)[0]!, 'Write the date as 2026-11-25'), fixed, written);
    }
    const unreadable = '## Completed\n- [x] Thing (completed: someday)\n';
    assert.deepEqual(lintChecklist(parse(unreadable), unreadable, TODAY)[0]!.fixes, []);
  });

  it('names both days of an ambiguous completed date and offers both rewrites, neither preferred', () => {
    const text = '## Completed\n- [x] Thing (completed: 02/11/2026)\n';
    const problems = lintChecklist(parse(text), text, TODAY);
    assert.deepEqual(problems.map((p) => p.message), [
      'x/.claude/tasks/dev-tasks.md:2: completion date "02/11/2026" of "Thing" is ambiguous: 2026-11-02 read day first, 2026-02-11 read month first; write the one meant as YYYY-MM-DD',
    ]);
    const p = problems[0]!;
    assert.deepEqual(p.fixes.map((f) => [f.title, f.preferred]), [
      ['Write the date as 2026-11-02 (day first)', false],
      ['Write the date as 2026-02-11 (month first)', false],
    ]);
    assert.equal(fixToApply(p), undefined);
    assert.equal(fixToApply(p, true), undefined);
    assert.equal(applyFix(text, p, 'Write the date as 2026-02-11 (month first)'), '## Completed\n- [x] Thing (completed: 2026-02-11)\n');
  });

  it("reads an ambiguous completed date as the file's other dates are written, when they are all one way round", () => {
    const list = (other: string): string => `## Completed\n- [x] Thing (completed: 02/11/2026)\n- [x] Other (completed: ${other})\n`;
    const dayFirst = list('25/11/2026');
    const [p] = lintChecklist(parse(dayFirst), dayFirst, TODAY);
    assert.equal(p!.message, 'x/.claude/tasks/dev-tasks.md:2: completion date "02/11/2026" of "Thing" is not YYYY-MM-DD: it is 2026-11-02, read day first as the file\'s other dates are');
    assert.deepEqual(p!.fixes.map((f) => [f.title, f.preferred]), [['Write the date as 2026-11-02 (day first)', true]]);
    assert.equal(fixToApply(p!)?.title, 'Write the date as 2026-11-02 (day first)');
    const monthFirst = list('11/25/2026');
    assert.deepEqual(lintChecklist(parse(monthFirst), monthFirst, TODAY)[0]!.fixes.map((f) => [f.title, f.preferred]), [['Write the date as 2026-02-11 (month first)', true]]);
    // Both ways round in the file: still ambiguous.
    const mixed = list('25/11/2026') + '- [x] Third (completed: 11/26/2026)\n';
    assert.equal(fixToApply(lintChecklist(parse(mixed), mixed, TODAY)[0]!), undefined);
  });

  it('flags a completed item with subtasks still open at any depth; ticking them is offered, never applied by fix-all', () => {
    const text =
      '## Completed\n- [x] Ship it (completed: 2026-11-30)\n  - [x] build\n  - [ ] docs\n    - [ ] screenshots\n  - [X] tag\n' +
      '- [x] Done well (completed: 2026-11-30)\n  - [x] all of it\n\n## In Progress\n- [ ] Going\n  - [ ] open is fine here\n';
    const problems = lintChecklist(parse(text), text, TODAY);
    assert.deepEqual(problems.map((p) => [p.code, p.severity, p.taskId, p.message]), [
      ['checklist-open-subtasks', 'warning', 'dev/ship-it', 'x/.claude/tasks/dev-tasks.md:2: "Ship it" is completed with 2 subtasks still open: "docs", "screenshots"'],
    ]);
    const problem = problems[0]!;
    assert.equal(spanText(text, problem.span), '[x]');
    assert.deepEqual(problem.fixes.map((f) => [f.title, f.preferred]), [['Tick the 2 open subtasks', false]]);
    assert.equal(fixToApply(problem), undefined, 'fix-all leaves it: only the writer knows whether they are done or dropped');
    const fixed = applyFix(text, problem, 'Tick the 2 open subtasks');
    assert.equal(fixed, text.replace('- [ ] docs', '- [x] docs').replace('- [ ] screenshots', '- [x] screenshots'));
    assert.deepEqual(lintChecklist(parse(fixed), fixed, TODAY), []);
    // A file of phases, whose boxes are their status: a ticked item there is completed too.
    const phases = '# Plan\n\n## Phase 1\n- [x] Set up CI\n  - [ ] cache the packages\n';
    assert.deepEqual(lintChecklist(parse(phases), phases, TODAY).map((p) => p.message), [
      'x/.claude/tasks/dev-tasks.md:4: "Set up CI" is completed with a subtask still open: "cache the packages"',
    ]);
  });

  it('does not judge subtasks or items outside known sections', () => {
    const text = '## In Progress\n- [ ] a\n  - [x] done sub\n## Parking\n- [x] b\n';
    assert.deepEqual(
      lintChecklist(parse(text), text, TODAY).map((p) => p.code),
      ['unknown-heading'],
    );
  });
});

describe('planChecklistSectionMove', () => {
  const list = parse(backendText, backendFile);

  it('starts a to-do item: cut from To Do, appended to In Progress, nothing else changes', () => {
    const edits = planChecklistSectionMove(list, backendText, 'backend-engineer/add-pagination-to-get-api-users', 'in_progress', {
      today: TODAY,
    });
    const out = applyEdits(backendText, edits);
    assert.equal(
      out,
      backendText
        .replace('- [ ] Add pagination to GET /api/users\n', '')
        .replace('  - [ ] Password hashing with argon2\n', '  - [ ] Password hashing with argon2\n- [ ] Add pagination to GET /api/users\n'),
    );
    const after = parse(out, backendFile);
    assert.equal(after.tasks.find((t) => t.id === 'backend-engineer/add-pagination-to-get-api-users')!.status, 'in_progress');
    assert.deepEqual(lintChecklist(after, out, TODAY), []);
  });

  it('completing an item already in Completed only ticks and dates it', () => {
    const text = '## Completed\n- [ ] x\n';
    const edits = planChecklistSectionMove(parse(text), text, 'dev/x', 'done', { today: TODAY });
    assert.equal(applyEdits(text, edits), `## Completed\n- [x] x (completed: ${TODAY})\n`);
  });

  it('creates a missing section at its canonical place', () => {
    const text = '# T\n\n## To Do\n- [ ] a\n- [ ] b\n\n## Completed\n- [x] c (completed: 2026-01-01)\n';
    const start = applyEdits(text, planChecklistSectionMove(parse(text), text, 'dev/b', 'in_progress', { today: TODAY }));
    assert.equal(start, '# T\n\n## In Progress\n- [ ] b\n\n## To Do\n- [ ] a\n\n## Completed\n- [x] c (completed: 2026-01-01)\n');
    // A file that ends without a line break still does, with the new section last.
    const noDone = '## To Do\n- [ ] a\n- [ ] b';
    const done = applyEdits(noDone, planChecklistSectionMove(parse(noDone), noDone, 'dev/b', 'done', { today: TODAY }));
    assert.equal(done, `## To Do\n- [ ] a\n\n## Completed\n- [x] b (completed: ${TODAY})`);
    assert.deepEqual(lintChecklist(parse(done), done, TODAY), []);
    // The last item's blank lines go with it, and the new heading has a blank line under it as the others do.
    const spaced = '# Backend tasks\n\n## In Progress\n\n- [ ] Build API';
    const completed = applyEdits(spaced, planChecklistSectionMove(parse(spaced), spaced, 'dev/build-api', 'done', { today: TODAY }));
    assert.equal(completed, `# Backend tasks\n\n## In Progress\n\n## Completed\n\n- [x] Build API (completed: ${TODAY})`);
  });

  it('keeps CRLF and the BOM, and unticks with the date removed when moving back', () => {
    const text = '\ufeff## To Do\r\n\r\n## Completed\r\n- [x] a (completed: 2026-01-01)\r\n  why it reopened\r\n';
    const out = applyEdits(text, planChecklistSectionMove(parse(text), text, 'dev/a', 'todo', { today: TODAY }));
    assert.equal(out, '\ufeff## To Do\r\n- [ ] a\r\n  why it reopened\r\n\r\n## Completed\r\n');
  });

  it('on a file whose lines end differently, keeps each moved line its ending and ends new lines as their neighbours', () => {
    // Its title written with \n, its lists appended with \r\n (an editor on another system).
    const text = '# Tasks\n\n## To Do\r\n- [ ] a\r\n  a note\n- [ ] b\r\n';
    const done = applyEdits(text, planChecklistSectionMove(parse(text), text, 'dev/a', 'done', { today: TODAY }));
    assert.equal(done, `# Tasks\n\n## To Do\r\n- [ ] b\r\n\r\n## Completed\r\n- [x] a (completed: ${TODAY})\r\n  a note\n`);
    const started = applyEdits(done, planChecklistSectionMove(parse(done), done, 'dev/b', 'in_progress', { today: TODAY }));
    assert.equal(started, `# Tasks\n\n## In Progress\n- [ ] b\r\n\n## To Do\r\n\r\n## Completed\r\n- [x] a (completed: ${TODAY})\r\n  a note\n`);
    const back = applyEdits(started, planChecklistSectionMove(parse(started), started, 'dev/a', 'todo', { today: TODAY }));
    assert.equal(back, `# Tasks\n\n## In Progress\n- [ ] b\r\n\n## To Do\r\n- [ ] a\r\n  a note\n\r\n## Completed\r\n`);
  });

  it('moves only the item, after the last item of the target or right under its heading; other text stays put', () => {
    const ruled = '## In Progress\n- [ ] A\n\n---\n\n## Completed\n- [x] Z (completed: 2026-01-01)\n\n_Updated daily_\n';
    assert.equal(
      applyEdits(ruled, planChecklistSectionMove(parse(ruled), ruled, 'dev/a', 'done', { today: TODAY })),
      `## In Progress\n\n---\n\n## Completed\n- [x] Z (completed: 2026-01-01)\n- [x] A (completed: ${TODAY})\n\n_Updated daily_\n`,
    );
    // A placeholder under an empty section is the section's text: a blank line keeps the item from continuing into it.
    const empty = '## In Progress\n_None right now._\n\n## To Do\n- [ ] B\n';
    const started = applyEdits(empty, planChecklistSectionMove(parse(empty), empty, 'dev/b', 'in_progress', { today: TODAY }));
    assert.equal(started, '## In Progress\n- [ ] B\n\n_None right now._\n\n## To Do\n');
    assert.deepEqual(parse(started).tasks[0]!.notes, []);
    const done = applyEdits(started, planChecklistSectionMove(parse(started), started, 'dev/b', 'done', { today: TODAY }));
    assert.equal(done, `## In Progress\n\n_None right now._\n\n## To Do\n\n## Completed\n- [x] B (completed: ${TODAY})\n`);
  });

  it('keeps a title\'s own words in parentheses; only a dated completion stamp is removed, and only when leaving done', () => {
    const text = '## In Progress\n\n## To Do\n- [ ] Label the button (Done)\n- [ ] Show text (finished: awaiting review)\n';
    assert.deepEqual(
      parse(text).tasks.map((t) => [t.id, t.title]),
      [
        ['dev/label-the-button-done', 'Label the button (Done)'],
        ['dev/show-text-finished-awaiting-review', 'Show text (finished: awaiting review)'],
      ],
    );
    const move = (from: string, id: string, to: Status): string => applyEdits(from, planChecklistSectionMove(parse(from), from, id, to, { today: TODAY }));
    const started = move(text, 'dev/label-the-button-done', 'in_progress');
    assert.equal(started, '## In Progress\n- [ ] Label the button (Done)\n\n## To Do\n- [ ] Show text (finished: awaiting review)\n');
    const done = move(started, 'dev/label-the-button-done', 'done');
    assert.equal(
      done,
      `## In Progress\n\n## To Do\n- [ ] Show text (finished: awaiting review)\n\n## Completed\n- [x] Label the button (Done) (completed: ${TODAY})\n`,
    );
    assert.equal(move(done, 'dev/label-the-button-done', 'todo'), '## In Progress\n\n## To Do\n- [ ] Show text (finished: awaiting review)\n- [ ] Label the button (Done)\n\n## Completed\n');
    // The tool's own `(completed: …)` is the stamp whatever it holds (the id holds); unticking removes only a date.
    const undated = '## To Do\n\n## Completed\n- [x] Thing (completed: someday)\n- [x] Other (done: 02/11/2026)\n';
    assert.deepEqual(parse(undated).tasks.map((t) => t.id), ['dev/thing', 'dev/other']);
    assert.equal(move(undated, 'dev/thing', 'todo'), '## To Do\n- [ ] Thing (completed: someday)\n\n## Completed\n- [x] Other (done: 02/11/2026)\n');
    assert.equal(move(undated, 'dev/other', 'todo'), '## To Do\n- [ ] Other\n\n## Completed\n- [x] Thing (completed: someday)\n');
  });

  it('keeps subtasks nested when it re-indents an item whose lines are indented with tabs', () => {
    // `\t` is column 4, under B's text at column 4: b1 is B's subtask, and must stay one at B's new column 0.
    const text = '## In Progress\n- [ ] A\n\n## To Do\n  - [ ] B\n\t- [ ] b1\n';
    const out = applyEdits(text, planChecklistSectionMove(parse(text), text, 'dev/b', 'in_progress', { today: TODAY }));
    assert.equal(out, '## In Progress\n- [ ] A\n- [ ] B\n  - [ ] b1\n\n## To Do\n');
    assert.deepEqual(parse(out).tasks.map((t) => [t.title, t.subtasks.map((s) => s.title)]), [['A', []], ['B', ['b1']]]);
  });

  it('reads a completion stamp followed by an emoji as the stamp, so no second date is added', () => {
    const text = '## In Progress\n\n## Completed\n- [x] X (completed: 2026-01-02) ✅\n';
    const list = parse(text);
    assert.equal(list.tasks[0]!.title, 'X ✅');
    assert.deepEqual(lintChecklist(list, text, TODAY), []);
    // Unticked, it loses the stamp and keeps what follows it.
    const back = applyEdits(text, planChecklistSectionMove(list, text, list.tasks[0]!.id, 'in_progress', { today: TODAY }));
    assert.equal(back, '## In Progress\n- [ ] X ✅\n\n## Completed\n');
  });

  it('refuses a claimed target, a subtask and an unknown id with a clear error', () => {
    assert.throws(
      () => planChecklistSectionMove(list, backendText, 'backend-engineer/set-up-the-migrations-folder', 'claimed', { today: TODAY }),
      /no "claimed" section/,
    );
    assert.throws(
      () => planChecklistSectionMove(list, backendText, 'backend-engineer/request-validation-with-zod', 'done', { today: TODAY }),
      /is a subtask/,
    );
    assert.throws(() => planChecklistSectionMove(list, backendText, 'nope', 'done', { today: TODAY }), /no checklist item nope/);
  });
});
