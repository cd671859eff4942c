// The board shapes found in real repositories besides YAML items: checkbox
// boards (status headings or phases), task tables, front-matter task lists,
// and the agent and title field names agents use instead of the seed's.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseBoard } from '../../src/core/board/parseBoard';
import { TaskStream } from '../../src/core/parsedTransfer';
import { lintBoard } from '../../src/core/board/lintBoard';
import { canonicalStatus, headingStatus, writtenStatus } from '../../src/core/board/statusWords';
import { displayWidth } from '../../src/core/board/tableCells';
import { lintChecklist } from '../../src/core/checklist/lintChecklist';
import { parseChecklist } from '../../src/core/checklist/parseChecklist';
import { sectionStatusBeyond } from '../../src/core/checklist/sectionHeadings';
import { checkTransitions } from '../../src/core/lifecycle';
import { makeLifecycle } from '../../src/core/lifecycleModel';
import type { BoardTask, MoveKind, ParsedBoard, Problem } from '../../src/core/model';
import { planMove, type MoveOptions } from '../../src/core/moves';
import { applyEdits } from '../../src/core/text';

const SHAPES = path.resolve(__dirname, '../../../test/fixtures/shapes');
const read = (name: string): string => fs.readFileSync(path.join(SHAPES, name), 'utf8');
const NOW = new Date('2026-12-01T10:00:00Z');

function board(text: string, file = 'TODO.md'): ParsedBoard {
  return parseBoard({ file, text });
}

function rows(parsed: ParsedBoard): [string, string | undefined, string | undefined, string | undefined][] {
  return parsed.tasks.map((t) => [t.id, t.status, t.group, t.assignedAgent]);
}

function task(parsed: ParsedBoard, id: string): BoardTask {
  const found = parsed.tasks.find((t) => t.id === id);
  assert.ok(found, `no task ${id} in ${parsed.tasks.map((t) => t.id).join(', ')}`);
  return found;
}

function moved(text: string, id: string, move: MoveKind, options: Partial<MoveOptions> = {}, file = 'TODO.md'): string {
  const plan = planMove(text, file, id, move, { now: NOW, ...options });
  assert.ok(plan.ok, plan.ok ? '' : `${plan.code}: ${plan.message}`);
  return applyEdits(text, plan.edits);
}

function refusal(text: string, id: string, move: MoveKind, options: Partial<MoveOptions> = {}): string {
  const plan = planMove(text, 'TODO.md', id, move, { now: NOW, ...options });
  assert.ok(!plan.ok, 'the move was planned');
  return plan.message;
}

function fixed(text: string, problem: Problem, title: string): string {
  const fix = problem.fixes.find((f) => f.title === title);
  assert.ok(fix, `no fix "${title}" among ${problem.fixes.map((f) => f.title).join(', ')}`);
  return applyEdits(text, fix.edits);
}

describe('status words', () => {
  it('reads the spellings met in real files through the one table', () => {
    assert.equal(canonicalStatus('not-started'), 'todo');
    assert.equal(canonicalStatus('in-progress'), 'in_progress');
    assert.equal(canonicalStatus('Backlog'), 'todo');
    for (const [heading, status] of [
      ['Active / In Progress', 'in_progress'],
      ['Recently Completed', 'done'],
      ['✅ Done (4)', 'done'],
      ['🚧 In Progress Tasks', 'in_progress'],
      ['Deferred / Not Selected', undefined],
      ['Phase 1：MVP', undefined],
      ['3. Payments', undefined],
      ['To Do / Done', undefined],
    ] as const) {
      assert.equal(headingStatus(heading), status, heading);
    }
  });

  it("reads a section of work not to be done (`Won't Do`, `Dropped`) as cancelled, and a paused one as blocked", () => {
    const lifecycle = makeLifecycle(['todo', 'claimed', 'in_progress', 'done'], [{ name: 'blocked', from: 'any' }, { name: 'cancelled', from: 'any' }], new Map());
    for (const [heading, status] of [
      ["Won't Do", 'cancelled'],
      ['🗑️ Will not do', 'cancelled'],
      ["Won't Fix (2)", 'cancelled'],
      ['Dropped', 'cancelled'],
      ['Abandoned Tasks', 'cancelled'],
      ['Not Doing', 'cancelled'],
      ['⏸ Paused', 'blocked'],
      ['Waiting', 'blocked'],
    ] as const) {
      assert.equal(headingStatus(heading, lifecycle), status, heading);
      // Under the default lifecycle, which has neither: no status, and the one it names beyond it.
      assert.equal(headingStatus(heading), undefined, heading);
      assert.equal(sectionStatusBeyond(heading), status, heading);
    }
    // Work waiting for a review is in review, where the lifecycle has that step.
    const reviewing = makeLifecycle(['todo', 'claimed', 'in_progress', 'review', 'done'], [], new Map());
    for (const written of ['Waiting for review', 'Ready for Review', 'awaiting-review', 'Under review', 'Pending Review']) {
      assert.equal(headingStatus(written, reviewing), 'review', written);
      assert.equal(writtenStatus(written, reviewing), 'review', written);
      assert.equal(sectionStatusBeyond(written), 'review', written);
    }
    // A checkbox board's open items under such a heading are not offered as todo.
    const text = ['# Tasks', '', '## To Do', '- [ ] T-1 Build it', '', "## Won't Do", '- [ ] T-2 Port to IE6', ''].join('\n');
    const parsed = parseBoard({ file: 'TODO.md', text });
    assert.deepEqual(parsed.tasks.map((t) => [t.id, t.status]), [['T-1', 'todo'], ['T-2', 'cancelled']]);
    const problem = lintBoard(parsed, text).find((p) => p.code === 'unknown-status');
    assert.match(problem?.message ?? '', /"Won't Do" means cancelled, which is not one of todo, claimed, in_progress, done/);
    const under = parseBoard({ file: 'TODO.md', text, lifecycle });
    assert.deepEqual(under.tasks.map((t) => [t.id, t.status]), [['T-1', 'todo'], ['T-2', 'cancelled']]);
  });
});

describe('checkbox boards', () => {
  it('reads status headings: the heading is the status, ids written in the item or derived from its title', () => {
    const parsed = board(read('checkbox-sections.md'));
    assert.deepEqual(rows(parsed), [
      ['R12', 'in_progress', 'Active / In Progress', undefined],
      ['write-the-migration-guide', 'in_progress', 'Active / In Progress', 'dana'],
      ['R11', 'done', 'Recently Completed', undefined],
      ['rotate-the-signing-keys', 'done', 'Recently Completed', undefined],
      ['move-the-docs-site-to-a-new-generator', 'todo', 'Deferred / Not Selected', undefined],
    ]);
    assert.equal(task(parsed, 'R12').title, 'v2.4 search index rebuild is being rolled out behind a flag.');
    assert.equal(task(parsed, 'write-the-migration-guide').title, 'Write the migration guide');
    assert.deepEqual(lintBoard(parsed, read('checkbox-sections.md')), []);
  });

  it('reads a lone `# TODO` as the title: the boxes say the status, and a done moves nothing under it', () => {
    const text = '# TODO\n\n- [ ] Write docs\n- [x] Set up CI\n';
    assert.deepEqual(rows(board(text)), [
      ['write-docs', 'todo', 'TODO', undefined],
      ['set-up-ci', 'done', 'TODO', undefined],
    ]);
    assert.deepEqual(lintBoard(board(text), text), []);
    assert.equal(moved(text, 'write-docs', 'complete'), text.replace('- [ ] Write docs', '- [x] Write docs'));
    // Over `## To Do` it is a title too: a release goes to the end of `## To Do`, not under the title.
    const sectioned = '# TODO\n\n## To Do\n- [ ] a\n\n## In Progress\n- [ ] b @al\n\n## Done\n';
    assert.equal(moved(sectioned, 'b', 'release'), '# TODO\n\n## To Do\n- [ ] a\n- [ ] b\n\n## In Progress\n\n## Done\n');
    // Beside headings for other statuses it is the todo section; a `# Done` in a code fence is not a heading.
    assert.deepEqual(rows(board('# TODO\n- [ ] a\n## In Progress\n- [ ] b\n')).map((r) => r[1]), ['todo', 'in_progress']);
    assert.deepEqual(rows(board('# To Do\n- [x] a\n\n```sh\n# Done\n```\n')).map((r) => r[1]), ['done']);
    assert.deepEqual(rows(board('# To Do\n- [x] a\n# Done\n')).map((r) => r[1]), ['todo']);
    // Level-1 sections, two of them for one status: the first is its section, as before.
    const columns = '# Backlog\n- [ ] a\n# To Do\n- [ ] b\n# In Progress\n- [ ] c @al\n# Done\n';
    assert.deepEqual(rows(board(columns)).map((r) => r[1]), ['todo', 'todo', 'in_progress']);
    assert.equal(moved(columns, 'c', 'release'), '# Backlog\n- [ ] a\n- [ ] c\n# To Do\n- [ ] b\n# In Progress\n# Done\n');
    // Over phases beside `## Completed` it is the title again: a phase sits beside Completed, and its boxes say the status.
    const phases = '# TODO\n\n## Phase 1\n\n- [x] T-01 Repo\n- [ ] T-02 CI\n\n## Completed\n\n- [x] T-00 Kickoff\n';
    assert.deepEqual(rows(board(phases)).map((r) => r.slice(0, 2)), [['T-01', 'done'], ['T-02', 'todo'], ['T-00', 'done']]);
    assert.deepEqual(lintBoard(board(phases), phases), []);
    // Level-1 sections with subsections: a subsection is inside its section.
    assert.deepEqual(rows(board('# To Do\n## Feature A\n- [ ] x\n# Done\n## Feature B\n- [x] y\n')).map((r) => r[1]), ['todo', 'done']);
    // A heading in an HTML comment, or after a line that only looks like a fence, is read as the main loop reads it.
    assert.deepEqual(rows(board('# TODO\n<!--\n## In Progress\n-->\n- [x] a\n')).map((r) => r[1]), ['done']);
    assert.deepEqual(rows(board('# TODO\n```js `x` ```\n- [x] a\n## Done\n- [x] b\n')).map((r) => r[1]), ['todo', 'done']);
  });

  it('reads `## Current`, a running list of ticked and unticked items, by its boxes: no status of its own', () => {
    const text = '# Docs plugin - TODO\n\n> **Status:** first wave shipped\n\n## Current\n\n- [x] Scan the workspace\n- [x] Plan the repairs\n- [ ] Publish the preview site\n\n## Notes\n\n- Every command needs a target path.\n';
    assert.deepEqual(rows(board(text)), [
      ['scan-the-workspace', 'done', 'Current', undefined],
      ['plan-the-repairs', 'done', 'Current', undefined],
      ['publish-the-preview-site', 'todo', 'Current', undefined],
    ]);
    assert.deepEqual(lintBoard(board(text), text), [], 'no ticked item is said to sit under an in-progress heading');
    // Active still means in progress, and so does Currently Active.
    assert.deepEqual(rows(board('## Active\n- [ ] a\n## Done\n- [x] b\n')).map((r) => r[1]), ['in_progress', 'done']);
    assert.deepEqual(rows(board('## Currently Active\n- [ ] a\n')).map((r) => r[1]), ['in_progress']);
  });

  it('reads phases: the box is the status and the phase heading the group, with no rename to Completed', () => {
    const text = read('checkbox-phases.md');
    const parsed = board(text);
    assert.deepEqual(rows(parsed), [
      ['sign-up-form', 'done', '1. Accounts', undefined],
      ['TASK-7', 'done', '1. Accounts', undefined],
      ['email-verification-high-priority', 'todo', '1. Accounts', undefined],
      ['PAY-1', 'todo', '3. Payments', undefined],
      ['t012', 'todo', '3. Payments', undefined],
    ]);
    assert.equal(task(parsed, 'TASK-7').title, 'Password reset');
    assert.equal(task(parsed, 'PAY-1').title, 'Card payments with Stripe');
    assert.equal(task(parsed, 't012').title, 'Refund flow ref:GH#43');
    assert.deepEqual(lintBoard(parsed, text), []);
  });

  it('keeps a derived id when the item is ticked, moved, or other items change', () => {
    const text = read('checkbox-phases.md');
    const before = board(text).tasks.map((t) => t.id);
    const edited = text
      .replace('- [ ] **Email verification**', '- [x] **Email verification**')
      .replace('- [x] Sign-up form', '- [x] Sign-up form with captcha')
      .replace('### 3. Payments\n', '### 3. Payments\n- [ ] A new first item\n');
    const after = board(edited).tasks.map((t) => t.id);
    assert.ok(after.includes('email-verification-high-priority'));
    assert.deepEqual(after.filter((id) => before.includes(id)), before.filter((id) => id !== 'sign-up-form'));
  });

  it('reads nothing in fences, comments or front matter, and what is left by its headings', () => {
    const parsed = board(read('checkbox-example.md'));
    assert.deepEqual(rows(parsed), [
      ['t012', 'todo', 'Backlog', undefined],
      ['t004', 'done', 'Done', 'marcus'],
    ]);
  });

  it('says once, as information, that items marked [/], [-] or [~] are not read as tasks', () => {
    const text = '## To Do\n- [ ] a\n- [/] b doing\n- [-] c dropped\n\n## Done\n- [x] d\n';
    const parsed = board(text);
    assert.deepEqual(parsed.tasks.map((t) => t.id), ['a', 'd']);
    const notes = parsed.problems.filter((p) => p.code === 'unrecognized-block');
    assert.deepEqual(notes.map((p) => [p.severity, text.slice(p.span.start, p.span.end)]), [['info', '[/]']]);
    assert.match(notes[0]!.message, /^2 item\(s\) marked \[\/\]/);
    assert.deepEqual(board('## To Do\n- [ ] a\n  - [/] a note inside a\n').problems, [], 'a mark inside an item is its text');
  });

  it('reads a struck-out open item as dropped: the final side status (cancelled), else not a task, said once', () => {
    const text = '## To Do\n- [ ] Write parser\n- [ ] ~~Add OAuth~~ (out of scope)\n- [ ] **T-7**: ~~Old idea~~\n- [ ] Keep ~~this~~ part\n\n## Done\n- [x] ~~Shipped~~\n';
    // With no final status, `next` must not offer them as to-dos.
    const plain = board(text);
    assert.deepEqual(plain.tasks.map((t) => [t.id, t.status, t.title]), [
      ['write-parser', 'todo', 'Write parser'],
      ['keep-this-part', 'todo', 'Keep ~~this~~ part'],
      ['shipped', 'done', '~~Shipped~~'],
    ]);
    const notes = plain.problems.filter((p) => p.code === 'unrecognized-block');
    assert.deepEqual(notes.map((p) => [p.severity, text.slice(p.span.start, p.span.end)]), [['info', '~~Add OAuth~~ (out of scope)']]);
    assert.match(notes[0]!.message, /^2 struck-out item\(s\)/);
    const lifecycle = makeLifecycle(['todo', 'claimed', 'in_progress', 'done'], [{ name: 'cancelled', from: 'any' }], new Map());
    const kept = parseBoard({ file: 'TODO.md', text, lifecycle });
    assert.deepEqual(kept.tasks.map((t) => [t.id, t.status, t.title]), [
      ['write-parser', 'todo', 'Write parser'],
      ['add-oauth', 'cancelled', 'Add OAuth (out of scope)'],
      ['T-7', 'cancelled', 'Old idea'],
      ['keep-this-part', 'todo', 'Keep ~~this~~ part'],
      ['shipped', 'done', '~~Shipped~~'],
    ]);
    assert.deepEqual(kept.problems.filter((p) => p.code === 'unrecognized-block'), []);
  });

  it('reads a struck item\'s id inside the strike, its struck words as its id, and a struck correction as no drop', () => {
    const lifecycle = makeLifecycle(['todo', 'claimed', 'in_progress', 'done'], [{ name: 'cancelled', from: 'any' }], new Map());
    const text = '## To Do\n- [ ] ~~T-12: Add SSO~~\n- [ ] ~~**T-14** Add SAML~~ — later\n- [ ] ~~Add OAuth~~ (later)\n- [ ] ~~Fix~~ Rewrite the login page\n';
    assert.deepEqual(parseBoard({ file: 'TODO.md', text, lifecycle }).tasks.map((t) => [t.id, t.status]), [
      ['T-12', 'cancelled'],
      ['T-14', 'cancelled'],
      ['add-oauth', 'cancelled'],
      ['fix-rewrite-the-login-page', 'todo'],
    ]);
    // Not read as tasks, their ids are still taken: a renumber (and `add`) gives out the next one.
    const dup = board('## To Do\n- [ ] T-12: Add SSO\n- [ ] ~~T-13: Add SAML~~\n- [ ] T-12: Again\n');
    assert.deepEqual(dup.droppedIds, ['T-13']);
    const renumber = lintBoard(dup, '## To Do\n- [ ] T-12: Add SSO\n- [ ] ~~T-13: Add SAML~~\n- [ ] T-12: Again\n').find((p) => p.code === 'duplicate-id');
    assert.equal(renumber?.fixes[0]?.title, 'Renumber to T-14');
  });

  it('counts as notes the checkboxes before, between and after the YAML items, not those inside one', () => {
    const text = [
      '# Board',
      '- [ ] before',
      '```yaml',
      '- TASK_1: "One"',
      '  status: todo',
      '  notes: |',
      '    - [ ] a step inside the item',
      '```',
      '- [ ] between',
      '```yaml',
      '- TASK_2: "Two"',
      '  status: todo',
      '```',
      '- [x] after',
      '- [ ] last',
      '',
    ].join('\n');
    const parsed = board(text);
    assert.deepEqual(parsed.tasks.map((t) => t.id), ['TASK_1', 'TASK_2']);
    const notes = parsed.problems.filter((p) => p.code === 'unrecognized-block');
    assert.equal(notes.length, 1);
    assert.match(notes[0]!.message, /its 4 checkbox item\(s\)/);
    assert.equal(text.slice(notes[0]!.span.start, notes[0]!.span.end), '[ ]');
    assert.equal(notes[0]!.span.start, text.indexOf('[ ] before'));
  });

  it('reads a documentation page named TODO.md as nothing, with no problem', () => {
    const text = read('docs-page.md');
    const parsed = board(text);
    assert.deepEqual(parsed.tasks, []);
    assert.deepEqual(lintBoard(parsed, text), []);
  });

  it('flags a box that disagrees with its status heading, with a fix that moves or ticks it', () => {
    const text = '## In Progress\n- [x] Ship it\n  - notes\n- [ ] Other\n\n## Done\n- [x] Old\n- [ ] Forgot to tick\n';
    const problems = lintBoard(board(text), text).filter((p) => p.code === 'section-status-mismatch');
    assert.deepEqual(problems.map((p) => [p.taskId, p.fixes.map((f) => `${f.title}${f.preferred ? ' *' : ''}`)]), [
      ['ship-it', ['Move to the done section *', 'Untick']],
      ['forgot-to-tick', ['Tick *']],
    ]);
    assert.equal(fixed(text, problems[0]!, 'Move to the done section'), '## In Progress\n- [ ] Other\n\n## Done\n- [x] Old\n- [ ] Forgot to tick\n- [x] Ship it\n  - notes\n');
    assert.equal(fixed(text, problems[1]!, 'Tick'), text.replace('- [ ] Forgot', '- [x] Forgot'));
    // Ticked under To Do: moving it to Done would skip In Progress (an illegal step), so that is not offered.
    const early = '## To Do\n- [x] Jumped ahead\n\n## In Progress\n\n## Done\n';
    const jumped = lintBoard(board(early), early).find((p) => p.code === 'section-status-mismatch');
    assert.deepEqual(jumped?.fixes.map((f) => [f.title, f.preferred]), [['Untick', false]]);
    assert.match(jumped?.message ?? '', /in-progress heading first/);
  });
});

describe('a checkbox board with a problem on every one of 130,000 items', () => {
  it('is read, every problem said: none is passed on as a spread, which overflows the call stack', () => {
    const text = `## To Do\n${Array.from({ length: 130_000 }, (_, i) => `- [x] item ${i}\n`).join('')}## Done\n`;
    const parsed = board(text);
    assert.equal(parsed.tasks.length, 130_000);
    assert.equal(parsed.problems.filter((p) => p.code === 'section-status-mismatch').length, 130_000);
  });
});

describe('checkbox items that start with an id-like word', () => {
  it('reads a plain id written on two items as the titles\' first word, so no fix rewrites it', () => {
    const text = '## To Do\n\n- [ ] UTF-8 decoding of filenames\n- [ ] UTF-8 encoding of output\n- [ ] T-03 Refactor parser\n- [ ] **T-04**: Docs\n- [ ] **T-04**: More docs\n\n## In Progress\n\n## Done\n';
    const parsed = board(text);
    assert.deepEqual(
      parsed.tasks.map((t) => [t.id, t.title]),
      [
        ['utf-8-decoding-of-filenames', 'UTF-8 decoding of filenames'],
        ['utf-8-encoding-of-output', 'UTF-8 encoding of output'],
        ['T-03', 'Refactor parser'],
        ['T-04', 'Docs'],
        ['T-04', 'More docs'],
      ],
    );
    // An id written as one (emphasis, brackets, a colon after it) that repeats is still a duplicate to renumber.
    assert.deepEqual(lintBoard(parsed, text).filter((p) => p.code === 'duplicate-id').map((p) => text.slice(p.span.start, p.span.end)), ['T-04']);
    assert.equal(moved(text, 'utf-8-encoding-of-output', 'claim', { agent: 'al' }).includes('- [ ] UTF-8 encoding of output @al'), true);
  });
});

describe('moves on checkbox boards', () => {
  it('done on a board without status headings ticks the box and changes nothing else', () => {
    const text = read('checkbox-phases.md');
    assert.equal(moved(text, 'PAY-1', 'complete'), text.replace('- [ ] [PAY-1]', '- [x] [PAY-1]'));
    assert.match(refusal(text, 'PAY-1', 'claim', { agent: 'a' }), /only move is done/);
    assert.match(refusal(text, 'TASK-7', 'complete'), /already ticked/);
  });

  it('done on a sectioned board ticks the item and moves it, with its lines, after the last done item', () => {
    const text = read('checkbox-sections.md');
    const out = moved(text, 'R12', 'complete');
    const item = '- [ ] **R12 / v2.4 search index rebuild** is being rolled out behind a flag.\n  - Verified on staging; production next.\n';
    assert.equal(
      out,
      text.replace(item, '').replace('- [x] Rotate the signing keys\n', `- [x] Rotate the signing keys\n${item.replace('[ ]', '[x]')}`),
    );
    // A claim starts the item (checkbox boards have no claimed state): under the in-progress heading, with the agent on its line.
    const board2 = '## Backlog\n\n- [ ] Write docs\n- [ ] Fix CI\n\n## In Progress\n\n## Done\n';
    assert.equal(moved(board2, 'write-docs', 'claim', { agent: 'kim' }), '## Backlog\n\n- [ ] Fix CI\n\n## In Progress\n- [ ] Write docs @kim\n\n## Done\n');
    // An item under a heading that is not a status (Deferred / Not Selected) has only its box.
    assert.match(refusal(text, 'move-the-docs-site-to-a-new-generator', 'start', { agent: 'kim' }), /only move is done/);
  });

  it("moves an item with the code fence under it whole, closing line and all, and the items after it stay tasks", () => {
    const text = '## To Do\n- [ ] T-1 Work\n  ```\n  code\n\n  more\n  ```\n- [ ] T-2 Next\n\n## In Progress\n';
    const out = moved(text, 'T-1', 'claim', { agent: 'a' });
    assert.equal(out, '## To Do\n- [ ] T-2 Next\n\n## In Progress\n- [ ] T-1 Work @a\n  ```\n  code\n\n  more\n  ```\n');
    assert.deepEqual(board(out).tasks.map((t) => [t.id, t.status]), [['T-2', 'todo'], ['T-1', 'in_progress']]);
    // A fence at the item's own indent is no longer the item's: it ends it.
    const after = '## To Do\n- [ ] T-1 Work\n```\ncode\n```\n- [ ] T-2 Next\n\n## In Progress\n';
    assert.equal(moved(after, 'T-1', 'claim', { agent: 'a' }), '## To Do\n```\ncode\n```\n- [ ] T-2 Next\n\n## In Progress\n- [ ] T-1 Work @a\n');
  });

  it('ticks with a capital X on a board whose ticked items use it, and with a small x otherwise', () => {
    const text = '## In Progress\n- [ ] Ship it\n\n## Done\n- [X] Old\n';
    assert.equal(moved(text, 'ship-it', 'complete'), '## In Progress\n\n## Done\n- [X] Old\n- [X] Ship it\n');
    const mixed = text.replace('- [X] Old\n', '- [X] Old\n- [x] Older\n');
    assert.ok(moved(mixed, 'ship-it', 'complete').endsWith('- [x] Ship it\n'));
    // Lint's Tick fix writes the file's tick too (a BOM before the first item is not a line's first character);
    // the move of an item already ticked keeps its own box.
    const under = '\ufeff- [X] Old\n\n## Done\n- [ ] Ship it\n';
    const tick = lintBoard(board(under), under).find((p) => p.code === 'section-status-mismatch')!.fixes.find((f) => f.title === 'Tick')!;
    assert.equal(applyEdits(under, tick.edits), under.replace('- [ ] Ship it', '- [X] Ship it'));
    const ticked = '## In Progress\n- [X] Ship it\n\n## Done\n- [x] Old\n';
    const move = lintBoard(board(ticked), ticked).find((p) => p.code === 'section-status-mismatch')!.fixes.find((f) => f.title === 'Move to the done section')!;
    assert.equal(applyEdits(ticked, move.edits), '## In Progress\n\n## Done\n- [x] Old\n- [X] Ship it\n');
    const phases = '### 1. Build\n- [ ] Ship it\n- [X] Old\n';
    assert.equal(moved(phases, 'ship-it', 'complete'), '### 1. Build\n- [X] Ship it\n- [X] Old\n');
  });

  it('a release takes out the @agent a start wrote, so another agent can take the task', () => {
    const text = '## To Do\n- [ ] TASK-2 Second\n- [ ] TASK-3 Third @bob, see notes\n\n## In Progress\n\n## Done\n';
    const started = moved(text, 'TASK-2', 'start', { agent: 'al' });
    assert.equal(started, '## To Do\n- [ ] TASK-3 Third @bob, see notes\n\n## In Progress\n- [ ] TASK-2 Second @al\n\n## Done\n');
    const released = moved(started, 'TASK-2', 'release');
    assert.equal(released, '## To Do\n- [ ] TASK-3 Third @bob, see notes\n- [ ] TASK-2 Second\n\n## In Progress\n\n## Done\n');
    assert.equal(task(board(released), 'TASK-2').assignedAgent, undefined);
    assert.equal(task(board(moved(released, 'TASK-2', 'start', { agent: 'bob' })), 'TASK-2').assignedAgent, 'bob');
    // A mention inside the title is the author's words: a release keeps them and takes only the `@`, so the task is free.
    const middle = moved('## To Do\n\n## In Progress\n- [ ] TASK-3 Pair with @bob on auth\n\n## Done\n', 'TASK-3', 'release');
    assert.equal(middle, '## To Do\n- [ ] TASK-3 Pair with bob on auth\n\n## In Progress\n\n## Done\n');
    assert.equal(task(board(middle), 'TASK-3').assignedAgent, undefined);
  });

  it('a claim of an item that names another agent names the claimer instead, as a table row or YAML item is', () => {
    const text = '## To Do\n- [ ] T-03 Refactor parser @carol\n- [ ] T-04 Pair with @carol on auth\n\n## In Progress\n\n## Done\n';
    const claimed = moved(text, 'T-03', 'claim', { agent: 'alice' });
    assert.equal(claimed, '## To Do\n- [ ] T-04 Pair with @carol on auth\n\n## In Progress\n- [ ] T-03 Refactor parser @alice\n\n## Done\n');
    assert.equal(task(board(claimed), 'T-03').assignedAgent, 'alice');
    // A mention inside the title is the author's words, kept whole: the claimer's, at the end, is read as the holder,
    // and a release gives back the item as it was.
    const middle = moved(text, 'T-04', 'claim', { agent: 'alice' });
    assert.equal(middle, '## To Do\n- [ ] T-03 Refactor parser @carol\n\n## In Progress\n- [ ] T-04 Pair with @carol on auth @alice\n\n## Done\n');
    assert.equal(task(board(middle), 'T-04').assignedAgent, 'alice');
    assert.equal(moved(middle, 'T-04', 'release'), '## To Do\n- [ ] T-03 Refactor parser @carol\n- [ ] T-04 Pair with @carol on auth\n\n## In Progress\n\n## Done\n');
  });

  it('reads the agent a claim wrote back, whatever else the line mentions, and refuses a name it could not', () => {
    const text = '## To Do\n- [ ] T-1: sync with @design on the @api spec\n- [ ] Tidy the docs\n\n## In Progress\n- [ ] T-4: Fix logout (@bob)\n- [ ] T-5: Fix login, owned by @alice.\n\n## Done\n';
    const claimed = moved(text, 'T-1', 'claim', { agent: 'zed' });
    assert.ok(claimed.includes('- [ ] T-1: sync with @design on the @api spec @zed\n'), claimed);
    assert.equal(task(board(claimed), 'T-1').assignedAgent, 'zed');
    assert.ok(moved(claimed, 'T-1', 'complete', { agent: 'zed' }).includes('- [x] T-1: sync with @design on the @api spec @zed\n'));
    const released = moved(claimed, 'T-1', 'release');
    assert.ok(released.includes('- [ ] T-1: sync with @design on the @api spec\n'), released);
    assert.equal(task(board(released), 'T-1').assignedAgent, 'design');
    // A bracketed mention, a mention that ends a sentence, a name in other letters; the title and an id made from
    // it are the same before and after the claim.
    assert.equal(task(board(text), 'T-4').assignedAgent, 'bob');
    assert.equal(task(board(text), 'T-5').assignedAgent, 'alice');
    const other = moved(text, 'tidy-the-docs', 'claim', { agent: '花子' });
    assert.equal(task(board(other), 'tidy-the-docs').assignedAgent, '花子');
    assert.equal(task(board(other), 'tidy-the-docs').title, 'Tidy the docs');
    assert.ok(!/@alice|@bob/.test(board(text).tasks.map((t) => t.title).join(' ')));
    // Names a mention cannot hold, and a | in a table cell, are refused before anything is written.
    assert.match(refusal(text, 'T-1', 'claim', { agent: 'Backend Engineer' }), /T-1 names its agent as @name \(letters, digits, _ \. -\): "Backend Engineer" would read back otherwise; try Backend-Engineer\./);
    const table = '| ID | Task | Status | Owner |\n|---|---|---|---|\n| T-1 | one | Todo | |\n';
    assert.match(refusal(table, 'T-1', 'claim', { agent: 'qa|ops' }), /T-1: a \| in "qa\|ops" would end its table cell\./);
    assert.equal(task(board(moved(table, 'T-1', 'claim', { agent: 'Backend Engineer' })), 'T-1').assignedAgent, 'Backend Engineer');
  });

  it('moves an item under the status heading beside its own on a board split by area, and fixes it there', () => {
    const text = '## Backend\n### In Progress\n- [ ] B-1: api @amy\n### Done\n- [x] B-0: db\n\n## Frontend\n### In Progress\n- [ ] F-1: ui @bob\n### Done\n- [x] F-0: css\n';
    assert.equal(moved(text, 'F-1', 'complete', { agent: 'bob' }), text.replace('- [ ] F-1: ui @bob\n', '').replace('- [x] F-0: css\n', '- [x] F-0: css\n- [x] F-1: ui @bob\n'));
    assert.equal(
      moved(text, 'B-1', 'complete', { agent: 'amy' }),
      text.replace('- [ ] B-1: api @amy\n', '').replace('- [x] B-0: db\n', '- [x] B-0: db\n- [x] B-1: api @amy\n'),
    );
    // Ticked by hand under Frontend's In Progress: the fix moves it to Frontend's Done.
    const ticked = text.replace('- [ ] F-1: ui @bob', '- [x] F-1: ui @bob');
    const problem = lintBoard(board(ticked), ticked).find((p) => p.code === 'section-status-mismatch')!;
    assert.equal(fixed(ticked, problem, 'Move to the done section'), text.replace('- [ ] F-1: ui @bob\n', '').replace('- [x] F-0: css\n', '- [x] F-0: css\n- [x] F-1: ui @bob\n'));
    // No To Do beside Frontend's In Progress: a release is refused rather than put under another area's.
    const withTodo = `## Backend\n### To Do\n\n${text.slice('## Backend\n'.length)}`;
    assert.match(refusal(withTodo, 'F-1', 'release'), /TODO\.md has no Todo heading beside the one F-1 is under; add one there first\./);
    // Tables under areas too.
    const table = (rows: string): string => `| ID | Task | Status | Owner |\n|---|---|---|---|\n${rows}`;
    const tables = `## Backend\n### In Progress\n${table('| B-1 | api | In Progress | amy |\n')}### Done\n${table('| B-0 | db | Done | |\n')}\n## Frontend\n### In Progress\n${table('| F-1 | ui | In Progress | bob |\n')}### Done\n${table('| F-0 | css | Done | |\n')}`;
    const done = moved(tables, 'F-1', 'complete', { agent: 'bob' });
    assert.ok(done.endsWith('| F-0 | css | Done | |\n| F-1 | ui | Done | bob |\n'), done);
  });

  it('keeps CRLF and a BOM, and moves the last line of a file without a final line break', () => {
    const text = '\ufeff## In Progress\r\n- [ ] Ship it\r\n\r\n## Done\r\n- [x] Old\r\n';
    assert.equal(moved(text, 'ship-it', 'complete'), '\ufeff## In Progress\r\n\r\n## Done\r\n- [x] Old\r\n- [x] Ship it\r\n');
    const last = '## Done\n- [x] Old\n\n## In Progress\n- [ ] Ship it';
    assert.equal(moved(last, 'ship-it', 'complete'), '## Done\n- [x] Old\n- [x] Ship it\n\n## In Progress');
     const table = '| ID | Title | Status | Owner |\r\n|----|-------|--------|-------|\r\n| 1  | Docs  | todo   |       |\r\n';
    assert.equal(moved(table, '1', 'claim', { agent: 'kim' }), table.replace('| todo   |       |', '| claimed | kim   |').replace('|--------|', '|---------|').replace('| Status |', '| Status  |'));
  });

  it('ticking a box by hand on a board without status headings is accepted; a skipped section is not', () => {
    const text = read('checkbox-phases.md');
    const ticked = text.replace('- [ ] [PAY-1]', '- [x] [PAY-1]');
    assert.deepEqual(checkTransitions(board(text).tasks, board(ticked).tasks, { text: ticked }), []);

    const sectioned = '## To Do\n- [ ] Write docs\n\n## In Progress\n\n## Done\n- [x] Old\n';
    const skipped = '## To Do\n\n## In Progress\n\n## Done\n- [x] Old\n- [x] Write docs\n';
    const problems = checkTransitions(board(sectioned).tasks, board(skipped).tasks, { text: skipped });
    assert.deepEqual(problems.map((p) => p.code), ['illegal-transition']);
    assert.equal(applyEdits(skipped, problems[0]!.fixes[0]!.edits), '## To Do\n- [ ] Write docs\n\n## In Progress\n\n## Done\n- [x] Old\n');
  });
});

describe('checkbox and table boards under a repository lifecycle', () => {
  const lifecycle = makeLifecycle(['backlog', 'claimed', 'in_progress', 'review', 'shipped'], [], new Map());

  it('reads boxes as its first and last statuses and headings and cells in its words', () => {
    const text = '## Phase 1\n- [x] A\n- [ ] B\n\n## Review\n- [ ] C\n\n| ID | Title | Status |\n|---|---|---|\n| 9 | D | review |\n';
    const parsed = parseBoard({ file: 'TODO.md', text, lifecycle });
    assert.deepEqual(parsed.tasks.map((t) => [t.id, t.status]), [['a', 'shipped'], ['b', 'backlog'], ['c', 'review'], ['9', 'review']]);
    const plan = planMove(text, 'TODO.md', 'b', 'complete', { now: NOW, lifecycle });
    assert.ok(plan.ok);
    assert.equal(applyEdits(text, plan.edits), text.replace('- [ ] B', '- [x] B'));
  });
});

describe('a checkbox or table board with a note written as `- KEY: text`', () => {
  it('reads the note as a note, not as the one YAML task of the board', () => {
    const table = '| ID | Title | Status | Owner |\n|---|---|---|---|\n| T-01 | Login | todo | |\n\n## Notes\n\n- T-02: needs design review first\n';
    const checkbox = '## To Do\n\n- [ ] T-01 Login\n\n## Notes\n\n- T-02: needs design review first\n- T-03: and a second\n';
    for (const text of [table, checkbox]) {
      const parsed = board(text);
      assert.deepEqual(parsed.tasks.map((t) => [t.id, t.status]), [['T-01', 'todo']]);
      const problems = lintBoard(parsed, text);
      assert.deepEqual(problems.map((p) => [p.code, p.severity, text.slice(p.span.start, p.span.end)]), [['unrecognized-block', 'info', '- T-02: needs design review first']]);
    }
    // The parse worker's packing, told of the notes as they were read, gets the board's own tasks.
    const stream = new TaskStream();
    const streamed = parseBoard({ file: 'TODO.md', text: checkbox }, stream);
    assert.deepEqual(stream.finish(streamed.tasks as BoardTask[]).flatMap((slice) => slice.tasks).length, 1);
    assert.deepEqual(streamed.tasks.map((t) => t.id), ['T-01']);
    // A bare item with a status, or with fields below it, is a YAML task: the board is a YAML board.
    const yaml = `${checkbox}- T-04: Ship\n  status: todo\n`;
    assert.deepEqual(board(yaml).tasks.map((t) => t.id), ['T-02', 'T-03', 'T-04']);
  });
});

describe('checkbox items under a heading for a status the lifecycle lacks', () => {
  const text = '## In Progress\n\n- [ ] T-01 A @al\n\n## Blocked\n\n- [ ] T-02 Deploy\n\n### Waiting on ops\n\n- [ ] T-03 Keys\n\n## To Do\n\n- [ ] T-04 Docs\n\n## Done\n';

  it('lists them with that status and an error on the heading, and moves none of them, as a YAML item\'s status', () => {
    const parsed = board(text);
    assert.deepEqual(rows(parsed).map(([id, status]) => [id, status]), [['T-01', 'in_progress'], ['T-02', 'blocked'], ['T-03', 'blocked'], ['T-04', 'todo']]);
    const problems = lintBoard(parsed, text);
    assert.deepEqual(problems.map((p) => [p.code, p.severity, text.slice(p.span.start, p.span.end)]), [['unknown-status', 'error', '## Blocked']]);
    assert.match(problems[0]!.message, /"Blocked" means blocked, which is not one of todo, claimed, in_progress, done .*its 2 item\(s\) are listed as blocked/);
    assert.match(refusal(text, 'T-02', 'claim', { agent: 'kim' }), /T-02 sits under "Blocked", which means blocked, not a status this board's lifecycle has/);
    // The section below it is a section again.
    assert.equal(moved(text, 'T-04', 'claim', { agent: 'kim' }).includes('## In Progress\n\n- [ ] T-01 A @al\n- [ ] T-04 Docs @kim\n'), true);
  });

  it('reads the same heading as a section under a lifecycle that has the status', () => {
    const lifecycle = makeLifecycle(['todo', 'claimed', 'in_progress', 'done'], [{ name: 'blocked', from: 'any' }], new Map());
    const parsed = parseBoard({ file: 'TODO.md', text, lifecycle });
    assert.deepEqual(parsed.tasks.map((t) => [t.id, t.status]), [['T-01', 'in_progress'], ['T-02', 'blocked'], ['T-03', 'blocked'], ['T-04', 'todo']]);
    assert.deepEqual(lintBoard(parsed, text, lifecycle).map((p) => p.code), []);
  });
});

describe('table boards', () => {
  it('reads a Status cell that is a mark alone (✅, 🚧, ⬜), and a move writes the mark the table uses', () => {
    const text = ['| ID | Task | Owner | Status |', '|----|------|-------|--------|', '| T-1 | Parser | alice | ✅ |', '| T-2 | Tree | bob | 🚧 |', '| T-3 | CLI | | ⬜ |', '| T-4 | IE6 | | ❌ |', '| T-5 | Ship | carol | ✔️ |', ''].join('\n');
    const parsed = board(text);
    assert.deepEqual(parsed.tasks.map((t) => [t.id, t.status]), [['T-1', 'done'], ['T-2', 'in_progress'], ['T-3', 'todo'], ['T-4', undefined], ['T-5', 'done']]);
    // `❌` says failed or dropped: still a cell to write otherwise, and the only problem.
    assert.deepEqual(lintBoard(parsed, text).map((p) => [p.code, p.taskId]), [['unknown-status', 'T-4']]);
    const started = moved(moved(text, 'T-3', 'claim', { agent: 'dave' }), 'T-3', 'start', { agent: 'dave' });
    assert.match(started, /\| T-3 \| CLI \| dave \| 🚧 \|/);
    assert.match(moved(started, 'T-3', 'complete', { agent: 'dave' }), /\| T-3 \| CLI \| dave \| ✅ \|/);
    // A heading of a mark alone is its status too; a mark beside words is read by the words.
    assert.equal(headingStatus('✅'), 'done');
    assert.equal(headingStatus('🚧 '), 'in_progress');
    assert.equal(headingStatus('⏳'), undefined);
  });

  it('reads rows by their header words, skipping placeholder rows', () => {
    const text = read('table.md');
    const parsed = board(text);
    assert.deepEqual(rows(parsed), [
      ['005', 'todo', 'Backlog', undefined],
      ['006', 'in_progress', 'In Progress', 'planner'],
      ['001', 'done', 'Done', 'planner'],
    ]);
    assert.equal(task(parsed, '006').priority, 'P1');
    assert.equal(task(parsed, '006').title, 'Cache the search API');
    // Cells are fields by their header word; an empty or `-` cell is no value.
    assert.deepEqual(task(parsed, '005').fields, { id: '005', title: 'Add the export button', status: 'Backlog', priority: 'P2' });
    assert.deepEqual(lintBoard(parsed, text), []);
  });

  it('reads an Assignee cell written @bob or `bob` as the agent bob, whose moves go on; a release empties it', () => {
    const text = '| id | task | status | assignee |\n|---|---|---|---|\n| 1 | One | in progress | @bob |\n| 2 | Two | in progress | `carl` |\n';
    const parsed = board(text);
    assert.deepEqual(parsed.tasks.map((t) => t.assignedAgent), ['bob', 'carl']);
    assert.equal(moved(text, '1', 'complete', { agent: 'bob' }), text.replace('| in progress | @bob |', '| done | @bob |'));
    assert.match(refusal(text, '2', 'complete', { agent: 'bob' }), /held by carl/);
    assert.equal(moved(text, '2', 'release'), text.replace('| 2 | Two | in progress | `carl` |', '| 2 | Two | todo | |'));
  });

  it('shows a pipe escaped in a title cell as the pipe it is, and moves the row with its escape kept', () => {
    const text = '| ID | Task | Status |\n|---|---|---|\n| 1 | Pipe \\| here | in progress |\n';
    assert.equal(board(text).tasks[0]!.title, 'Pipe | here');
    assert.equal(moved(text, '1', 'complete'), text.replace('| in progress |', '| done |'));
  });

  it('matches header words loosely, in any order, and takes the heading as the status without a Status column', () => {
    const parsed = board(read('table-loose.md'));
    assert.deepEqual(rows(parsed), [
      // (under a heading naming a status the lifecycle lacks: listed as that status, and said so below, as a
      // checkbox item there is)
      ['wait-for-the-vendor-api-key', 'blocked', 'Blocked', 'ops'],
      ['OPS-3', 'in_progress', 'Doing', 'kim'],
      ['OPS-4', 'todo', 'Doing', undefined],
    ]);
    const text = read('table-loose.md');
    assert.deepEqual(lintBoard(parsed, text).map((p) => [p.code, text.slice(p.span.start, p.span.end)]), [['unknown-status', '## Blocked']]);
    // Under a heading that is no status at all, a table with no Status column is listed without one, and said so.
    const notes = text.replace('## Blocked', '## Notes');
    assert.equal(board(notes).tasks[0]!.status, undefined);
    assert.deepEqual(lintBoard(board(notes), notes).map((p) => [p.code, notes.slice(p.span.start, p.span.end)]), [['unknown-heading', '## Notes']]);
  });

  it('a claim rewrites only the Status and Owner cells, keeping the columns aligned', () => {
    const text = read('table.md');
    const out = moved(text, '005', 'claim', { agent: 'kim' });
    assert.equal(
      out,
      text.replace('| 005 | Add the export button | Backlog | P2       |       |', '| 005 | Add the export button | Claimed | P2       | kim   |'),
    );
    // A word wider than its column widens that column in every row of the table, and only there
    // (here with no In Progress heading for the row to move under).
    const alone = out.replace('## In Progress', '## Later');
    const started = moved(alone, '005', 'start', { agent: 'kim' });
    assert.equal(
      started.split('\n').slice(8, 12).join('\n'),
      [
        '| ID  | Title                 | Status      | Priority | Owner |',
        '| --- | --------------------- | ----------- | -------- | ----- |',
        '| -   | -                     | -           | -        | -     |',
        '| 005 | Add the export button | In Progress | P2       | kim   |',
      ].join('\n'),
    );
    assert.equal(started.split('\n').slice(12).join('\n'), alone.split('\n').slice(12).join('\n'));
  });

  it('reads an id cell written in marks (**T-1**, `T-2`) as the id, and renumbers inside the marks', () => {
    const text = '| ID | Task | Status | Owner |\n|---|---|---|---|\n| **T-1** | one | todo | |\n| `T-2` | two | todo | |\n| **`T-1`** | dup | todo | |\n';
    assert.deepEqual(board(text).tasks.map((t) => t.id), ['T-1', 'T-2', 'T-1']);
    assert.equal(moved(text, 'T-2', 'claim', { agent: 'bob' }), text.replace('| `T-2` | two | todo | |', '| `T-2` | two | claimed | bob |'));
    const duplicate = lintBoard(board(text), text).find((p) => p.code === 'duplicate-id')!;
    assert.equal(fixed(text, duplicate, 'Renumber to T-3'), text.replace('**`T-1`**', '**`T-3`**'));
    // A completion stamp is not the title's: ticking and stamping an item keeps its id.
    const stamped = '## Done\n\n- [x] Build API @bob (completed: 2026-01-02)\n';
    assert.deepEqual(board(stamped).tasks.map((t) => [t.id, t.title, t.assignedAgent]), [['build-api', 'Build API', 'bob']]);
    // So does a checkbox item's id in a code span or single emphasis; a code span of words is the title's.
    const items = '- [ ] `T-1`: one\n- [ ] *T-2*: two\n- [ ] `npm test` passes\n';
    assert.deepEqual(board(items).tasks.map((t) => [t.id, t.title]), [['T-1', 'one'], ['T-2', 'two'], ['npm-test-passes', '`npm test` passes']]);
  });

  it('a row written short of its header gets the cells a move writes, and says it has no status when Status is missing', () => {
    // Claimed with no Owner cell in the row: the owner was dropped, the task held by nobody.
    const short = '| ID | Task | Status | Owner |\n|----|------|--------|-------|\n| T-1 | Write docs | Todo |\n| T-2 | Fix login |\n';
    assert.equal(moved(short, 'T-1', 'claim', { agent: 'bob' }), short.replace('| T-1 | Write docs | Todo |', '| T-1 | Write docs | Claimed | bob |'));
    const bare = 'ID | Task | Status | Owner\n---|---|---|---\nT-1 | Write docs | Todo\n';
    assert.equal(moved(bare, 'T-1', 'claim', { agent: 'bob' }), bare.replace('T-1 | Write docs | Todo', 'T-1 | Write docs | Claimed | bob'));
    // Moved to the table under another status heading (a lifecycle whose claim starts the task), it takes the cell there.
    const headed = '## To Do\n\n| ID | Task | Status | Owner |\n|---|---|---|---|\n| T-1 | Docs | Todo |\n\n## In Progress\n\n| ID | Task | Status | Owner |\n|---|---|---|---|\n| T-9 | API | In Progress | ana |\n';
    const lifecycle = makeLifecycle(['todo', 'in_progress', 'done'], [], new Map());
    assert.equal(
      moved(headed, 'T-1', 'claim', { agent: 'bob', lifecycle }),
      headed.replace('| T-1 | Docs | Todo |\n', '').replace('| T-9 | API | In Progress | ana |\n', '| T-9 | API | In Progress | ana |\n| T-1 | Docs | In Progress | bob |\n'),
    );
    // No Status cell: an error with a fix adding it (Todo, applied), and a move that says what is missing.
    const problem = lintBoard(board(short), short).find((p) => p.taskId === 'T-2')!;
    assert.equal(problem.message, 'T-2 has no status: its row stops before the Status cell');
    assert.equal(fixed(short, problem, 'Add the Status cell: Todo'), short.replace('| T-2 | Fix login |', '| T-2 | Fix login | Todo |'));
    assert.match(refusal(short, 'T-2', 'claim', { agent: 'bob' }), /^T-2's row stops before its Status cell/);
  });

  it('under status headings a move also takes the row to the table of its new status, padded to its columns', () => {
    const text = read('table.md');
    const out = moved(text, '006', 'complete', { agent: 'planner' });
    assert.equal(
      out,
      text
        .replace('| 006 | Cache the search API | In Progress | P1       | planner |\n', '')
        .replace(
          '| 001 | Define the agent workflow     | Done   | P1       | planner |\n',
          '| 001 | Define the agent workflow     | Done   | P1       | planner |\n| 006 | Cache the search API          | Done   | P1       | planner |\n',
        ),
    );
    assert.deepEqual(lintBoard(board(out), out), []);
    // Claimed has no heading here: the claim stays in Backlog; the start moves it. Its title is wider than the new
    // table's column, which widens in every row, as a wider word does in place: the table stays aligned.
    const claimed = moved(text, '005', 'claim', { agent: 'kim' });
    const started = moved(claimed, '005', 'start', { agent: 'kim' });
    assert.equal(
      started,
      claimed
        .replace('| 005 | Add the export button | Claimed | P2       | kim   |\n', '')
        .replace(
          '| ID  | Title                | Status      | Priority | Owner   |\n| --- | -------------------- | ----------- | -------- | ------- |\n| 006 | Cache the search API | In Progress | P1       | planner |\n',
          '| ID  | Title                 | Status      | Priority | Owner   |\n| --- | --------------------- | ----------- | -------- | ------- |\n| 006 | Cache the search API  | In Progress | P1       | planner |\n| 005 | Add the export button | In Progress | P2       | kim     |\n',
        ),
    );
    assert.deepEqual(lintBoard(board(started), started), []);
  });

  it('a move to a status heading with no table of its header starts one there, so the row sits under its status', () => {
    const text = '## In Progress\r\n\r\n| ID | Title | Status | Owner |\r\n|---|---|---|---|\r\n| 1 | One | In Progress | amy |\r\n\r\n## Done\r\n';
    const done = moved(text, '1', 'complete', { agent: 'amy' });
    assert.equal(done, '## In Progress\r\n\r\n| ID | Title | Status | Owner |\r\n|---|---|---|---|\r\n\r\n## Done\r\n\r\n| ID | Title | Status | Owner |\r\n|---|---|---|---|\r\n| 1 | One | Done | amy |\r\n');
    assert.deepEqual(rows(board(done)), [['1', 'done', 'Done', 'amy']]);
    assert.deepEqual(lintBoard(board(done), done), []);
    // Under a table of another header: a table of the row's own after it, a blank line apart.
    const other = text.replace('## Done\r\n', '## Done\r\n\r\n| ID | Title | Status |\r\n|---|---|---|\r\n| 0 | Zero | Done |\r\n');
    const beside = moved(other, '1', 'complete', { agent: 'amy' });
    assert.ok(beside.endsWith('| 0 | Zero | Done |\r\n\r\n| ID | Title | Status | Owner |\r\n|---|---|---|---|\r\n| 1 | One | Done | amy |\r\n'), beside);
    assert.deepEqual(lintBoard(board(beside), beside), []);
  });

  it('offers a fix to each status for a Status cell it cannot read, in the words and width the table writes', () => {
    const text = '| ID | Task | Status      | Owner |\n|----|------|-------------|-------|\n| 1  | One  | ❌           | a     |\n| 2  | Two  | In Progress | b     |\n';
    const [problem] = lintBoard(board(text), text).filter((p) => p.code === 'unknown-status');
    assert.ok(problem);
    assert.match(problem.message, /not a lifecycle status \(todo, claimed, in_progress, done\)/);
    assert.deepEqual(problem.fixes.map((f) => f.title), ['Set Status to Todo', 'Set Status to Claimed', 'Set Status to In Progress', 'Set Status to Done']);
    const fixed = applyEdits(text, problem.fixes.find((f) => f.title === 'Set Status to Done')!.edits);
    assert.equal(fixed, text.replace('| ❌           |', '| Done        |'));
    assert.equal(board(fixed).tasks[0]!.status, 'done');
    assert.ok(problem.fixes.every((f) => !f.preferred), 'fix-all chooses none for the author');
  });

  it('a widened column keeps its separator a separator: the dashes go before an alignment colon', () => {
    const text = '| ID   | Title | Status | Owner |\n| ---- | ----- | :----: | -----:|\n| A-01 | One   | todo   |       |\n| A-02 | Two   | todo   | x     |\n';
    const out = moved(text, 'A-01', 'claim', { agent: 'alice' });
    assert.equal(
      out,
      '| ID   | Title | Status  | Owner |\n| ---- | ----- | :-----: | -----:|\n| A-01 | One   | claimed | alice |\n| A-02 | Two   | todo    | x     |\n',
    );
    assert.deepEqual(rows(board(out)), [
      ['A-01', 'claimed', undefined, 'alice'],
      ['A-02', 'todo', undefined, 'x'],
    ]);
    // The header row on the file's first line, after a BOM, is widened with the others.
    const bom = moved(`\ufeff${text}`, 'A-01', 'claim', { agent: 'alice' });
    assert.equal(bom, `\ufeff${out}`);
  });

  it("writes the table's own empty cell on a release, and a new status in the case and spacing its cells use", () => {
    const text = '| ID | Title | Status | Owner |\n|---|---|---|---|\n| 1 | A | in progress | kim |\n| 2 | B | todo | - |\n';
    const released = moved(text, '1', 'release');
    assert.equal(released, text.replace('| 1 | A | in progress | kim |', '| 1 | A | todo | - |'));
    assert.equal(task(board(released), '1').assignedAgent, undefined);
    assert.equal(moved(text, '1', 'complete', { agent: 'kim' }), text.replace('| in progress |', '| done |'));
    // A table that leaves the cell blank keeps doing so.
    const blank = text.replace('| - |', '|  |');
    assert.equal(moved(blank, '1', 'release'), blank.replace('| 1 | A | in progress | kim |', '| 1 | A | todo |  |'));
  });

  it('counts a cell\'s columns as a monospace editor shows them', () => {
    assert.deepEqual(
      ['T-1 Docs', '写文档', '修复 login', 'ｱｲ', 'Ｔ１', 'e\u0301', '✅ done', '🔴', '👩\u200d💻', 'Ünïcode'].map(displayWidth),
      [8, 6, 10, 2, 4, 1, 7, 2, 2, 7],
    );
  });

  it('keeps a table aligned by display width aligned: a CJK character takes two columns, as formatters count it', () => {
    // As Prettier aligns it: 写文档 is 6 columns wide, 修复登录 8, though 3 and 4 characters long.
    const text = '# Board\n\n| ID  | Title    | Status | Owner |\n| --- | -------- | ------ | ----- |\n| 001 | 写文档   | Todo   |       |\n| 002 | 修复登录 | Done   | bob   |\n';
    assert.equal(
      moved(text, '001', 'claim', { agent: 'kim' }),
      '# Board\n\n| ID  | Title    | Status  | Owner |\n| --- | -------- | ------- | ----- |\n| 001 | 写文档   | Claimed | kim   |\n| 002 | 修复登录 | Done    | bob   |\n',
    );
    // An agent name of wide characters is padded by its columns, not its length.
    assert.equal(
      moved(text, '001', 'claim', { agent: '小明' }),
      '# Board\n\n| ID  | Title    | Status  | Owner |\n| --- | -------- | ------- | ----- |\n| 001 | 写文档   | Claimed | 小明  |\n| 002 | 修复登录 | Done    | bob   |\n',
    );
  });

  it('in a table that is not aligned only the cell text changes', () => {
    const text = read('table-loose.md');
    assert.equal(moved(text, 'OPS-3', 'complete', { agent: 'kim' }), text.replace('| kim | Nightly backup job | wip |', '| kim | Nightly backup job | done |'));
    const claimed = moved(text, 'OPS-4', 'claim', { agent: 'lee' });
    assert.equal(claimed, text.replace('| | Rotate the TLS certificate | todo |', '| lee | Rotate the TLS certificate | claimed |'));
  });

  it('a table with a header and no row yet takes a row moved to its status', () => {
    const table = '| ID | Title | Status | Owner |\n|----|-------|--------|-------|\n';
    const text = `## To Do\n\n${table}| T1 | First | To Do | |\n\n## In Progress\n\n${table}| T3 | Third | In Progress | bob |\n\n## Done\n\n${table}`;
    const started = moved(moved(text, 'T1', 'claim', { agent: 'al' }), 'T1', 'start');
    assert.equal(started.split('## In Progress')[0], `## To Do\n\n${table}\n`);
    const released = moved(started, 'T1', 'release');
    assert.equal(task(board(released), 'T1').section, 'todo');
    assert.ok(released.startsWith(`## To Do\n\n${table}| T1 | First | Todo   |       |\n\n## In Progress`), released);
    const done = moved(moved(moved(released, 'T1', 'claim', { agent: 'al' }), 'T1', 'start'), 'T1', 'complete');
    assert.ok(done.endsWith(`## Done\n\n${table}| T1 | First | Done   | al    |\n`), done);
    assert.deepEqual(lintBoard(board(done), done), []);
  });

  it('flags a Status cell that disagrees with its heading, without choosing for the author', () => {
    const text = read('table.md').replace('| 001 | Define the agent workflow     | Done   |', '| 001 | Define the agent workflow     | Backlog|');
    const problem = lintBoard(board(text), text).find((p) => p.code === 'section-status-mismatch');
    assert.ok(problem);
    assert.equal(problem.taskId, '001');
    assert.equal(problem.fixes[0]!.preferred, false);
    // Also when the heading of the cell's status comes later in the file.
    const later = '## To Do\n\n| ID | Title | Status |\n|----|-------|--------|\n| T2 | Second | Done |\n\n## Done\n\n| ID | Title | Status |\n|----|-------|--------|\n| T3 | Third | Done |\n';
    assert.deepEqual(lintBoard(board(later), later).map((p) => [p.code, p.taskId]), [['section-status-mismatch', 'T2']]);
  });

  it('reads a Feature or Story column as the title; a feature matrix with no status, id or owner column is no tasks', () => {
    const features = '| ID | Feature | Status |\n|----|---------|--------|\n| F-1 | Dark mode | todo |\n';
    assert.deepEqual(board(features).tasks.map((t) => [t.id, t.title, t.status]), [['F-1', 'Dark mode', 'todo']]);
    const stories = '| Story | Owner | Status |\n|---|---|---|\n| Sign in with SSO | kim | in progress |\n\n| User Story | Status |\n|---|---|\n| Export as CSV | done |\n';
    assert.deepEqual(rows(board(stories)), [
      ['sign-in-with-sso', 'in_progress', undefined, 'kim'],
      ['export-as-csv', 'done', undefined, undefined],
    ]);
    // Beside a Task column a story is what its tasks serve, kept as a field; a Description beside a feature describes it.
    const tasks = '| ID | Story | Task | Status |\n|---|---|---|---|\n| T-1 | Sign in | Login form | todo |\n';
    assert.deepEqual(task(board(tasks), 'T-1').fields, { id: 'T-1', story: 'Sign in', title: 'Login form', status: 'todo' });
    const described = '| ID | Feature | Description | Status |\n|---|---|---|---|\n| F-2 | Dark mode | A darker theme | todo |\n';
    assert.equal(task(board(described), 'F-2').title, 'Dark mode');
    // A feature matrix says what is supported, not who does what: no tasks, and nothing said about it.
    const matrix = '- [ ] Ship it\n\n## Browser support\n\n| Feature | Supported |\n|---|---|\n| Dark mode | yes |\n';
    const parsed = board(matrix);
    assert.deepEqual(parsed.tasks.map((t) => t.id), ['ship-it']);
    assert.deepEqual(lintBoard(parsed, matrix), []);
  });

  it('reads a table written without outer pipes when its separator line confirms it', () => {
    const table = 'ID | Task | Owner | Status\n--- | --- | --- | ---\nT-1 | Write docs | | todo\nT-2 | Fix the build | kim | in progress\n';
    assert.deepEqual(rows(board(table)), [
      ['T-1', 'todo', undefined, undefined],
      ['T-2', 'in_progress', undefined, 'kim'],
    ]);
    assert.deepEqual(task(board(table), 'T-1').fields, { id: 'T-1', title: 'Write docs', status: 'todo' });
    // A paragraph line with a pipe is no header without its separator under it: the line above the separator is.
    const after = `Use a | b for alternatives\n${table}- [ ] Tidy up | later\n`;
    // (a list item ends the table, as on GitHub: it is a checkbox, not a row)
    assert.deepEqual(board(after).tasks.map((t) => [t.id, t.shape]), [
      ['T-1', 'table-row'],
      ['T-2', 'table-row'],
      ['tidy-up-later', 'checkbox'],
    ]);
    const paragraph = 'Use a | b for alternatives\nand c | d as well.\n\n- [ ] Ship it\n';
    assert.deepEqual(board(paragraph).tasks.map((t) => t.id), ['ship-it']);
    // The header's cells must be as many as the separator's.
    assert.deepEqual(board(table.replace('--- | --- | --- | ---', '--- | --- | ---')).tasks, []);
  });

  it('a claim, start and done on a table without outer pipes keep its style, its alignment and its line breaks', () => {
    const text = 'ID  | Task       | Owner | Status\r\n--- | ---------- | ----- | ------\r\nT-1 | Write docs |       | todo\r\nT-2 | Fix bug    | kim   | doing\r\n';
    const claimed = moved(text, 'T-1', 'claim', { agent: 'alexandra' });
    // Owner widens in every row, the separator with dashes; the last cell has no pipe after it to keep in line.
    assert.equal(
      claimed,
      'ID  | Task       | Owner     | Status\r\n--- | ---------- | --------- | ------\r\nT-1 | Write docs | alexandra | claimed\r\nT-2 | Fix bug    | kim       | doing\r\n',
    );
    const done = moved(moved(claimed, 'T-1', 'start', { agent: 'alexandra' }), 'T-1', 'complete', { agent: 'alexandra' });
    assert.equal(done, claimed.replace('| claimed\r\n', '| done\r\n'));
    assert.deepEqual(rows(board(done)), [
      ['T-1', 'done', undefined, 'alexandra'],
      ['T-2', 'in_progress', undefined, 'kim'],
    ]);
    // A first cell has no blank before its text: a wider word widens it after the text.
    const first = 'Status | Task\n------ | ----\ntodo   | Docs\ntodo   | Bug\n';
    assert.equal(moved(first, 'docs', 'claim'), 'Status  | Task\n------- | ----\nclaimed | Docs\ntodo    | Bug\n');
    // A last cell has no pipe after it to keep in line: a wider word there widens no other row.
    const state = 'ID  | Task | State\n--- | ---- | -----\nT-1 | Docs | to do\nT-2 | Bugs | doing\n';
    assert.equal(moved(state, 'T-1', 'claim'), state.replace('| to do\n', '| claimed\n'));
    // Under status headings the row moves to the table of its new status, still without outer pipes.
    const table = 'ID | Task | Status | Owner\n-- | ---- | ------ | -----\n';
    const sections = `## To Do\n\n${table}T-1 | Docs | To Do | -\n\n## In Progress\n\n${table}T-3 | Third | In Progress | bob\n`;
    const started = moved(moved(sections, 'T-1', 'claim', { agent: 'al' }), 'T-1', 'start', { agent: 'al' });
    assert.equal(started, `## To Do\n\n${table}\n## In Progress\n\n${table}T-3 | Third | In Progress | bob\nT-1 | Docs | In Progress | al\n`);
    // Emptied, a last cell with no pipe after it takes one: without it, it would be no cell for the next claim.
    const last = 'ID | Task | Status | Who\n-- | ---- | ------ | ---\nT-1 | Docs | doing | kim\n';
    const released = moved(last, 'T-1', 'release');
    assert.equal(released, 'ID | Task | Status | Who\n-- | ---- | ------ | ---\nT-1 | Docs | todo | |\n');
    assert.equal(moved(released, 'T-1', 'claim', { agent: 'al' }), 'ID | Task | Status | Who\n-- | ---- | ------ | ---\nT-1 | Docs | claimed | al |\n');
  });
});

describe('front matter tasks and field synonyms', () => {
  const file = '.claude/progress/search/phase-2-progress.md';
  const text = read('progress/.claude/progress/search/phase-2-progress.md');

  it('reads the tasks: list of front matter, and not success_criteria', () => {
    const parsed = board(text, file);
    assert.deepEqual(
      parsed.tasks.map((t) => [t.id, t.title, t.status, t.assignedAgent]),
      [
        ['SRCH-201', 'Index the catalog nightly', 'done', 'backend-engineer'],
        ['SRCH-202', 'Ranking by click-through rate, with a fallback', 'in_progress', 'backend-engineer'],
        ['SRCH-203', 'Search box with suggestions', 'todo', undefined],
      ],
    );
    assert.ok(!lintBoard(parsed, text).some((p) => p.code === 'claim-without-agent'));
    // The body's checkbox list is not read as tasks, and that is said once.
    const notes = parsed.problems.filter((p) => p.code === 'unrecognized-block');
    assert.deepEqual(notes.map((p) => [p.severity, text.slice(text.lastIndexOf('\n', p.span.start) + 1, text.indexOf('\n', p.span.start))]), [['info', '- [ ] All endpoints documented']]);
  });

  it('reads an indented tasks: item yaml rejects from its dash, and fixes only its mistakes', () => {
    const text = '---\ntasks:\n  - id: T-1\n    description: Fix: login\n    status: in-progress\n    assigned_to: [bob]\n---\n';
    const parsed = board(text);
    assert.deepEqual(parsed.tasks.map((t) => [t.id, t.status, t.assignedAgent]), [['T-1', 'in_progress', 'bob']]);
    const problems = lintBoard(parsed, text);
    const fixedText = applyEdits(text, problems.flatMap((p) => p.fixes.filter((f) => f.preferred).flatMap((f) => f.edits)));
    assert.equal(fixedText, text.replace('description: Fix: login', 'description: "Fix: login"').replace('in-progress', 'in_progress'));
  });

  it('reads the tasks: list indented under its key as it reads it unindented', () => {
    const from = text.indexOf('\ntasks:\n') + '\ntasks:\n'.length;
    const to = text.indexOf('parallelization:\n');
    const indented = text.slice(0, from) + text.slice(from, to).replace(/^/gm, '  ').replace(/ {2}$/, '') + text.slice(to);
    assert.ok(indented.includes('tasks:\n  - id: SRCH-201\n    description: Index the catalog nightly\n'), indented);
    const rowsOf = (t: string) => board(t, file).tasks.map((x) => [x.id, x.title, x.status, x.assignedAgent]);
    assert.equal(rowsOf(indented).length, 3);
    assert.deepEqual(rowsOf(indented), rowsOf(text));
    assert.deepEqual(lintBoard(board(indented, file), indented).map((p) => p.code), lintBoard(board(text, file), text).map((p) => p.code));
    // A list nested in one of its items is not the tasks list.
    const nested = '---\ntasks:\n  - "Write the plan"\n    - id: BE-9\n      status: todo\n  - id: BE-1\n    status: todo\n---\n';
    assert.deepEqual(board(nested, file).tasks.map((x) => x.id), ['BE-1']);
  });

  it('writes the agent into assigned_to, the file\'s own field', () => {
    const claimed = moved(text, 'SRCH-203', 'claim', { agent: 'search-dev' }, file);
    assert.equal(claimed, text.replace('  status: not-started\n  assigned_to: []', '  status: claimed\n  assigned_to: [search-dev]'));
    const released = moved(text, 'SRCH-202', 'release', {}, file);
    assert.equal(released, text.replace('  status: in-progress\n  assigned_to:\n  - backend-engineer\n', '  status: todo\n  assigned_to: []\n'));
  });

  it('reads assignee and owner as the agent, and claims into assignee', () => {
    const yaml = [
      '- id: TASK-834',
      '  title: Spot-check the recovery',
      '  status: not-started',
      '  assignee:',
      '',
      '- id: TASK-835',
      '  name: Restore the glossary',
      '  status: in_progress',
      '  owner: human',
      '',
      '- id: TASK-836',
      '  description: |',
      '    Finish the chapters',
      '    from the manuscript.',
      '  status: in_progress',
      '  assignee: Collin Morrison',
      '',
    ].join('\n');
    const parsed = board(yaml);
    assert.deepEqual(
      parsed.tasks.map((t) => [t.id, t.title, t.status, t.assignedAgent]),
      [
        ['TASK-834', 'Spot-check the recovery', 'todo', undefined],
        ['TASK-835', 'Restore the glossary', 'in_progress', 'human'],
        ['TASK-836', 'Finish the chapters', 'in_progress', 'Collin Morrison'],
      ],
    );
    assert.ok(!lintBoard(parsed, yaml).some((p) => p.code === 'claim-without-agent'));
    assert.equal(moved(yaml, 'TASK-834', 'claim', { agent: 'alice' }), yaml.replace('  status: not-started\n  assignee:', '  status: claimed\n  assignee: alice'));
    assert.equal(moved(yaml, 'TASK-835', 'release'), yaml.replace('  status: in_progress\n  owner: human', '  status: todo\n  owner:'));
    // An item with no agent field takes the field the file's items use.
    const bare = 'TODO\n\n- id: T-1\n  title: a\n  status: claimed\n  assignee: kim\n\n- id: T-2\n  title: b\n  status: todo\n';
    assert.equal(moved(bare, 'T-2', 'claim', { agent: 'lee' }), bare.replace('  status: todo\n', '  status: claimed\n  assignee: lee\n'));
  });
});

describe('checklists whose headings are phases', () => {
  const file = '.claude/tasks/app-tasks.md';
  const text = read('phases/.claude/tasks/app-tasks.md');

  it('reads the box as the status and the nearest heading as the group, with no unknown-heading', () => {
    const list = parseChecklist({ file, text });
    assert.deepEqual(
      list.tasks.map((t) => [t.title, t.status, t.group]),
      [
        ['BE-AUTH-01：User entity', 'done', '[BE-AUTH] Accounts'],
        ['BE-AUTH-02：Login endpoint（JWT）', 'done', '[BE-AUTH] Accounts'],
        ['BE-AUTH-03：Rate limits → 5/h/IP', 'todo', '[BE-AUTH] Accounts'],
        ['Full-text search', 'todo', 'Phase 2：Polish'],
      ],
    );
    assert.deepEqual(lintChecklist(list, text), []);
  });

  it('completes an item by ticking it, and takes a tick by hand as done', () => {
    const list = parseChecklist({ file, text });
    const id = list.tasks[3]!.id;
    const out = moved(text, id, 'complete', {}, file);
    assert.equal(out, text.replace('- [ ] Full-text search', '- [x] Full-text search'));
    assert.deepEqual(checkTransitions(list.tasks, parseChecklist({ file, text: out }).tasks, { text: out }), []);
  });
});
