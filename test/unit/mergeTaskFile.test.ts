// The task-by-task merge of boards, checklists and work logs (src/core/merge):
// one test per rule of the merge driver, on small texts written here.
import { strict as assert } from 'node:assert';
import { lintBoard } from '../../src/core/board/lintBoard';
import { parseBoard } from '../../src/core/board/parseBoard';
import { parseChecklist } from '../../src/core/checklist/parseChecklist';
import { mergeKindOf } from '../../src/core/merge/guessKind';
import { realignTables } from '../../src/core/merge/alignTables';
import { mergeTaskFile, type MergeInput, type MergeResult } from '../../src/core/merge/mergeTaskFile';
import { matchSequences } from '../../src/core/merge/matchSequences';
import { parseWorkLog } from '../../src/core/worklog/parseWorkLog';

interface TaskSpec {
  readonly id: string;
  readonly status?: string;
  readonly agent?: string;
  readonly extra?: readonly string[];
  readonly title?: string;
}

function item(t: TaskSpec): string {
  return [`- ${t.id}: "${t.title ?? `Title of ${t.id}`}"`, '  priority: high', `  assigned_agent: ${t.agent ?? ''}`.trimEnd(), `  status: ${t.status ?? 'todo'}`, ...(t.extra ?? [])].join('\n');
}

function board(tasks: readonly TaskSpec[], history: readonly string[] = []): string {
  return `# Board\n\n## Tasks\n\n\`\`\`yaml\n${tasks.map(item).join('\n\n')}\n\`\`\`\n\n## Session History\n\n${history.map((h) => `- ${h}\n`).join('')}`;
}

function merge(base: string, ours: string, theirs: string, kind: MergeInput['kind'] = 'board', file = 'TODO.md'): MergeResult & { kind: 'merged' } {
  const result = mergeTaskFile({ kind, file, base, ours, theirs });
  assert.equal(result.kind, 'merged', result.kind === 'unmergeable' ? result.reason : '');
  return result as MergeResult & { kind: 'merged' };
}

const T1 = { id: 'TASK_001' };
const T2 = { id: 'TASK_002' };
const T3 = { id: 'TASK_003' };

describe('mergeTaskFile: boards', () => {
  it('merges edits to different tasks, even on adjacent lines, without conflict', () => {
    const base = board([T1, T2, T3]);
    const ours = board([{ ...T1, status: 'claimed', agent: 'alice' }, T2, T3]);
    const theirs = board([T1, { ...T2, status: 'claimed', agent: 'bob' }, T3]);
    const r = merge(base, ours, theirs);
    assert.equal(r.conflicts, 0);
    assert.equal(r.text, board([{ ...T1, status: 'claimed', agent: 'alice' }, { ...T2, status: 'claimed', agent: 'bob' }, T3]));
  });

  it('keeps a lone carriage return the text ends with, on both sides or one', () => {
    const base = board([T1]);
    assert.equal(merge(base, '\r', '\r').text, '\r');
    assert.equal(merge(base, `${base}x\r`, base).text, `${base}x\r`);
    const ours = board([{ ...T1, status: 'claimed', agent: 'al' }]);
    assert.equal(merge(`${base}\r`, `${ours}\r`, `${base}\r`).text, `${ours}\r`);
  });

  it('keeps the tasks both sides appended to the end of one block, ours first', () => {
    const r = merge(board([T1]), board([T1, { id: 'TASK_002', title: 'ours' }]), board([T1, { id: 'TASK_003', title: 'theirs' }]));
    assert.equal(r.conflicts, 0);
    assert.equal(r.text, board([T1, { id: 'TASK_002', title: 'ours' }, { id: 'TASK_003', title: 'theirs' }]));
  });

  it('takes a field changed on one side and another field changed on the other side of the same task', () => {
    const base = board([T1, T2]);
    const ours = board([{ ...T1, title: 'Renamed' }, T2]);
    const theirs = board([{ ...T1, extra: ['  estimated_hours: 3'] }, T2]);
    const r = merge(base, ours, theirs);
    assert.equal(r.conflicts, 0);
    assert.equal(r.text, board([{ ...T1, title: 'Renamed', extra: ['  estimated_hours: 3'] }, T2]));
  });

  it('takes the status further along when the same agent moved it on both sides, with its timestamps', () => {
    const base = board([T1, T2]);
    const ours = board([{ ...T1, status: 'claimed', agent: 'alice', extra: ['  claimed_at: "2026-11-02T09:00:00Z"'] }, T2]);
    const theirs = board([
      { ...T1, status: 'in_progress', agent: 'alice', extra: ['  claimed_at: "2026-11-02T09:05:00Z"', '  started_at: "2026-11-02T09:10:00Z"'] },
      T2,
    ]);
    const r = merge(base, ours, theirs);
    assert.equal(r.conflicts, 0);
    assert.equal(r.text, theirs);
    // and whichever side is ours
    assert.equal(merge(base, theirs, ours).text, theirs);
  });

  it('marks two agents claiming one task as a conflict around that task only, merging the rest', () => {
    const base = board([T1, T2], ['2026-11-01T08:00:00Z planner added TASK_001']);
    const ours = board([{ ...T1, status: 'claimed', agent: 'alice' }, T2, { id: 'TASK_004' }], [
      '2026-11-01T08:00:00Z planner added TASK_001',
      '2026-11-02T09:00:00Z alice claimed TASK_001',
    ]);
    const theirs = board([{ ...T1, status: 'claimed', agent: 'bob' }, { ...T2, title: 'Theirs renamed' }], [
      '2026-11-01T08:00:00Z planner added TASK_001',
      '2026-11-02T08:30:00Z bob claimed TASK_001',
    ]);
    const r = merge(base, ours, theirs);
    assert.equal(r.conflicts, 1);
    const expected =
      '# Board\n\n## Tasks\n\n```yaml\n' +
      `<<<<<<< ours\n${item({ ...T1, status: 'claimed', agent: 'alice' })}\n=======\n${item({ ...T1, status: 'claimed', agent: 'bob' })}\n>>>>>>> theirs\n` +
      `\n${item({ ...T2, title: 'Theirs renamed' })}\n\n${item({ id: 'TASK_004' })}\n\`\`\`\n\n## Session History\n\n` +
      '- 2026-11-01T08:00:00Z planner added TASK_001\n- 2026-11-02T08:30:00Z bob claimed TASK_001\n- 2026-11-02T09:00:00Z alice claimed TASK_001\n';
    assert.equal(r.text, expected);
  });

  it('is a conflict when one side releases a task the other side started', () => {
    const base = board([{ ...T1, status: 'claimed', agent: 'alice' }]);
    const r = merge(base, board([T1]), board([{ ...T1, status: 'in_progress', agent: 'alice' }]));
    assert.equal(r.conflicts, 1);
    assert.match(r.text, /^<{7} ours$/m);
  });

  it('is a conflict when one side works on a task the other gave to another agent, in each board shape', () => {
    // YAML: alice starts it on one side; on the other it was given to bob. Merged field by field, bob got alice's start.
    const base = board([{ ...T1, status: 'claimed', agent: 'alice' }, T2]);
    const started = board([{ ...T1, status: 'in_progress', agent: 'alice' }, T2]);
    const reassigned = board([{ ...T1, status: 'claimed', agent: 'bob' }, { ...T2, title: 'Renamed' }]);
    for (const [ours, theirs] of [[started, reassigned], [reassigned, started]]) {
      const r = merge(base, ours!, theirs!);
      assert.equal(r.conflicts, 1);
      assert.match(r.text, /<<<<<<< ours\n[^]*=======\n[^]*>>>>>>> theirs\n/);
      assert.ok(r.text.includes('Title of TASK_002') === false && r.text.includes('"Renamed"'), 'the other task still merges');
    }
    const table = (status: string, agent: string): string => `| ID | Task | Status | Assignee |\n|----|------|--------|----------|\n| T-1 | Write parser | ${status} | ${agent} |\n`;
    assert.equal(merge(table('Claimed', 'alice'), table('In Progress', 'alice'), table('Claimed', 'bob')).conflicts, 1);
    // Checkbox: the start moves the item to In Progress; the other side puts bob's name on it where it was.
    const checkbox = (todo: string, doing: string): string => `# TODO\n\n## To Do\n${todo}- [ ] T-2: Add CLI\n\n## In Progress\n${doing}\n## Done\n`;
    const r = merge(checkbox('- [ ] T-1: Write parser @alice\n', ''), checkbox('', '- [ ] T-1: Write parser @alice\n'), checkbox('- [ ] T-1: Write parser @bob\n', ''));
    assert.equal(r.conflicts, 1);
    assert.match(r.text, /@alice\n=======\n- \[ \] T-1: Write parser @bob\n/);
  });

  it('is a conflict when one side renamed a task and the other claimed it: the id may name another task now', () => {
    // Ours put a new TASK_002 before the old one and renumbered that to TASK_003; theirs claimed the old TASK_002.
    const base = board([T1, { ...T2, title: 'Endpoint' }]);
    const ours = board([T1, { ...T2, title: 'Migrations' }, { ...T3, title: 'Endpoint' }]);
    const theirs = board([T1, { ...T2, title: 'Endpoint', status: 'claimed', agent: 'bob' }]);
    const r = merge(base, ours, theirs);
    assert.equal(r.conflicts, 1);
    assert.match(r.text, /<<<<<<< ours\n- TASK_002: "Migrations"[^]*=======\n- TASK_002: "Endpoint"[^]*assigned_agent: bob/);
    const table = (rows: string): string => `| ID | Task | Status | Assignee |\n|----|------|--------|----------|\n| T-1 | Write parser | Todo | |\n${rows}`;
    const rows = merge(table('| T-2 | Add CLI | Todo | |\n'), table('| T-2 | Migrations | Todo | |\n| T-3 | Add CLI | Todo | |\n'), table('| T-2 | Add CLI | In Progress | bob |\n'));
    assert.equal(rows.conflicts, 1);
    // A rename on the side that also moved it is that side's own edit, merged with the other side's.
    const own = merge(base, board([T1, { ...T2, title: 'Endpoint v2', status: 'claimed', agent: 'bob' }]), board([{ ...T1, title: 'Other' }, { ...T2, title: 'Endpoint' }]));
    assert.equal(own.conflicts, 0);
  });

  it('keeps the edit of a task the other side moved into prose both sides changed: inside that conflict', () => {
    const base = '## To Do\n- [ ] T-1: Write parser\n- [ ] T-2: Add CLI\n\n## In Progress\nNotes: none\n';
    const ours = '## To Do\n- [ ] T-2: Add CLI\n\n## In Progress\n- [ ] T-1: Write parser @alice\nNotes: alice started T-1\n';
    const theirs = '## To Do\n- [ ] T-1: Write parser @bob\n- [ ] T-2: Add CLI\n\n## In Progress\nNotes: waiting on review\n';
    for (const [a, b, first, second] of [[ours, theirs, '@alice', '@bob'], [theirs, ours, '@bob', '@alice']] as const) {
      const r = merge(base, a, b);
      assert.equal(r.conflicts, 1);
      assert.ok(r.text.includes(`T-1: Write parser ${first}`) && r.text.includes(`T-1: Write parser ${second}`), r.text);
      assert.match(r.text, /<<<<<<< ours\n[^]*=======\n[^]*>>>>>>> theirs\n/);
    }
  });

  it('takes the copy further along when one agent moved a table row or a checkbox item on both sides', () => {
    // The most common meeting: the claim on the board branch, the work and its end on the feature branch.
    const row = (status: string, owner: string): string =>
      `| ID  | Task         | Status  | Owner |\n| --- | ------------ | ------- | ----- |\n| T-1 | Write parser | ${status.padEnd(7)} | ${owner.padEnd(5)} |\n| T-2 | Docs         | Todo    |       |\n`;
    for (const [ours, theirs] of [[row('Claimed', 'alice'), row('Done', 'alice')], [row('Done', 'alice'), row('Claimed', 'alice')]]) {
      const r = merge(row('Todo', ''), ours!, theirs!);
      assert.equal(r.conflicts, 0);
      assert.equal(r.text, row('Done', 'alice'));
    }
    const box = (todo: string, doing: string, done: string): string => `# TODO\n\n## To Do\n${todo}- [ ] T-2: Add CLI\n\n## In Progress\n${doing}\n## Done\n${done}`;
    const claimed = box('', '- [ ] T-1: Write parser @alice\n', '');
    const finished = box('', '', '- [x] T-1: Write parser @alice\n');
    for (const [ours, theirs] of [[claimed, finished], [finished, claimed]]) {
      const r = merge(box('- [ ] T-1: Write parser\n', '', ''), ours, theirs);
      assert.equal(r.conflicts, 0, r.text);
      assert.equal(r.text, finished);
    }
    // Other agents, or other words besides the box: still a conflict.
    assert.equal(merge(row('Todo', ''), row('Claimed', 'alice'), row('Done', 'bob')).conflicts, 1);
    assert.equal(merge(box('- [ ] T-1: Write parser\n', '', ''), claimed, finished.replace('Write parser', 'Write the parser')).conflicts, 1);
  });

  it('merges Session History lines as a union in time order', () => {
    const h0 = '2026-11-01T08:00:00Z planner added tasks';
    const r = merge(
      board([T1], [h0]),
      board([T1], [h0, '2026-11-02T10:00:00Z alice claimed TASK_001', '2026-11-02T12:00:00Z alice started TASK_001']),
      board([T1], [h0, '2026-11-02T11:00:00Z bob noted something']),
    );
    assert.equal(r.conflicts, 0);
    assert.equal(
      r.text,
      board([T1], [h0, '2026-11-02T10:00:00Z alice claimed TASK_001', '2026-11-02T11:00:00Z bob noted something', '2026-11-02T12:00:00Z alice started TASK_001']),
    );
  });

  it('keeps both tasks when both sides add the same new id, and lint offers the renumber', () => {
    const r = merge(board([T1]), board([T1, { id: 'TASK_002', title: 'From ours' }]), board([T1, { id: 'TASK_002', title: 'From theirs' }]));
    assert.equal(r.conflicts, 0);
    const parsed = parseBoard({ file: 'TODO.md', text: r.text });
    assert.deepEqual(parsed.tasks.map((t) => [t.id, t.title]), [['TASK_001', 'Title of TASK_001'], ['TASK_002', 'From ours'], ['TASK_002', 'From theirs']]);
    const dup = lintBoard(parsed, r.text).filter((p) => p.code === 'duplicate-id');
    assert.equal(dup.length, 1);
    assert.deepEqual(dup[0]!.fixes.map((f) => f.title), ['Renumber to TASK_003']);
  });

  it('keeps one copy of a task both sides added when one side moved it on: a synced add, then a claim on the board branch', () => {
    const added = { id: 'TASK_002' };
    const claimed = { id: 'TASK_002', status: 'claimed', agent: 'bob', extra: ['  claimed_at: "2026-01-01T00:00:00Z"'] };
    const base = board([T1]);
    for (const [ours, theirs] of [[added, claimed], [claimed, added]]) {
      const r = merge(base, board([T1, ours]), board([T1, theirs]));
      assert.equal(r.conflicts, 0);
      assert.equal(r.text, board([T1, claimed]));
    }
    // Started on one side and done on the other, by the same agent: the copy further along.
    const started = { id: 'TASK_002', status: 'in_progress', agent: 'bob' };
    const done = { id: 'TASK_002', status: 'done', agent: 'bob', extra: ['  completed_at: "2026-01-02T00:00:00Z"'] };
    assert.equal(merge(base, board([T1, started]), board([T1, done])).text, board([T1, done]));
  });

  it('merges sub-items of one checkbox item ticked on each side, adjacent or not', () => {
    const base = '## To Do\n- [ ] T-1: Login\n  - [ ] login form\n  - [ ] logout button\n  - [ ] session timeout\n- [ ] T-2: Other\n\n## Done\n';
    const ours = base.replace('- [ ] login form', '- [x] login form');
    const theirs = base.replace('- [ ] logout button', '- [x] logout button');
    const r = merge(base, ours, theirs);
    assert.equal(r.conflicts, 0, r.text);
    assert.equal(r.text, ours.replace('- [ ] logout button', '- [x] logout button'));
    // One sub-item ticked on one side and reworded on the other is still a conflict.
    const reworded = base.replace('- [ ] login form', '- [ ] login form with captcha');
    assert.equal(merge(base, ours, reworded).conflicts, 1);
  });

  it('keeps once, the copy further along, a checkbox item or table row added on both sides and moved on one', () => {
    // A synced add on a feature branch meets the board branch, where an agent has taken the task since.
    const base = '## To Do\n- [ ] T-1: Alpha\n\n## In Progress\n\n## Done\n';
    const added = '## To Do\n- [ ] T-1: Alpha\n- [ ] T-2: Delta\n\n## In Progress\n\n## Done\n';
    const started = '## To Do\n- [ ] T-1: Alpha\n\n## In Progress\n- [ ] T-2: Delta @alice\n\n## Done\n';
    for (const [ours, theirs] of [[added, started], [started, added]] as const) {
      const r = merge(base, ours, theirs);
      assert.equal(r.conflicts, 0);
      assert.equal(r.text, started);
    }
    const table = (rows: string[]): string => `| ID | Title | Status | Owner |\n|---|---|---|---|\n| T-1 | Alpha | Todo | |\n${rows.map((r) => `${r}\n`).join('')}`;
    const claimed = table(['| T-2 | Delta | Claimed | alice |']);
    for (const [ours, theirs] of [[table(['| T-2 | Delta | Todo | |']), claimed], [claimed, table(['| T-2 | Delta | Todo | |'])]] as const) {
      const r = merge(table([]), ours, theirs);
      assert.equal(r.conflicts, 0);
      assert.equal(r.text, claimed);
    }
    // Another word in the copy behind: two tasks that share an id, both kept.
    const reworded = merge(table([]), table(['| T-2 | Delta docs | Todo | |']), claimed).text;
    assert.equal(reworded.match(/\| T-2 \|/g)?.length, 2);
  });

  it('keeps both copies of a new id whose copies differ in more than the move, or were taken by two agents', () => {
    const base = board([T1]);
    for (const [ours, theirs] of [
      [{ id: 'TASK_002', title: 'Reworded' }, { id: 'TASK_002', status: 'claimed', agent: 'bob' }],
      [{ id: 'TASK_002', status: 'claimed', agent: 'ann' }, { id: 'TASK_002', status: 'in_progress', agent: 'bob' }],
      [{ id: 'TASK_002', extra: ['  notes: ours'] }, { id: 'TASK_002', status: 'claimed', agent: 'bob' }],
    ] as const) {
      const r = merge(base, board([T1, ours]), board([T1, theirs]));
      assert.deepEqual(parseBoard({ file: 'TODO.md', text: r.text }).tasks.map((t) => t.id), ['TASK_001', 'TASK_002', 'TASK_002'], JSON.stringify(ours));
    }
  });

  it('never loses a task one side removed and the other side changed: a conflict with the change inside', () => {
    const base = board([T1, T2]);
    const r = merge(base, board([T1]), board([T1, { ...T2, status: 'claimed', agent: 'bob' }]));
    assert.equal(r.conflicts, 1);
    assert.ok(r.text.includes(`<<<<<<< ours\n=======\n\n${item({ ...T2, status: 'claimed', agent: 'bob' })}\n>>>>>>> theirs\n`), r.text);
    // removed on one side and untouched on the other: removed
    assert.equal(merge(base, board([T1]), base).text, board([T1]));
  });

  it('keeps a task removed on one side removed when the other side only moved it; moved and changed, it is a conflict', () => {
    const base = board([T1, T2, T3]);
    const removed = board([T2, T3]);
    const reordered = board([T2, T1, T3]);
    assert.equal(merge(base, removed, reordered).text, removed);
    assert.equal(merge(base, reordered, removed).text, removed);
    const movedAndClaimed = board([T2, { id: 'TASK_001', status: 'claimed', agent: 'al' }, T3]);
    for (const [ours, theirs] of [[removed, movedAndClaimed], [movedAndClaimed, removed]] as const) {
      const r = merge(base, ours, theirs);
      assert.equal(r.conflicts, 1);
      assert.match(r.text, /<<<<<<< ours\n[^]*assigned_agent: al\n {2}status: claimed\n[^]*>>>>>>> theirs\n/);
    }
  });

  it('merges a table row cell by cell, keeping an aligned table aligned; one cell changed two ways is a conflict', () => {
    const table = (status: string, pri: string): string =>
      `# Board\n\n| ID  | Title       | Status      | Pri |\n| --- | ----------- | ----------- | --- |\n| 001 | Build login | ${status.padEnd(11)} | ${pri.padEnd(3)} |\n| 002 | Docs        | Todo        | P3  |\n`;
    const base = table('Claimed', 'P2');
    for (const [ours, theirs] of [[table('In Progress', 'P2'), table('Claimed', 'P1')], [table('Claimed', 'P1'), table('In Progress', 'P2')]]) {
      const r = merge(base, ours!, theirs!);
      assert.equal(r.conflicts, 0);
      assert.equal(r.text, table('In Progress', 'P1'));
    }
    const twice = mergeTaskFile({ kind: 'board', file: 'TODO.md', base, ours: table('In Progress', 'P2'), theirs: table('Done', 'P2') }) as MergeResult & { kind: 'merged' };
    assert.equal(twice.conflicts, 1);
    assert.match(twice.text, /<<<<<<< ours\n\| 001 \| Build login \| In Progress \| P2  \|\n=======\n\| 001 \| Build login \| Done        \| P2  \|\n>>>>>>> theirs\n/);
  });

  describe('aligned tables that each side padded its own way', () => {
    /** A table padded as a formatter (or a claim) pads it: each column as wide as its widest cell, a blank each side. */
    const aligned = (rows: readonly (readonly string[])[], separator = ['---', '---', '---', ':---:']): string => {
      const header = ['ID', 'Task', 'Owner', 'Status'];
      const widths = header.map((name, c) => rows.reduce((w, r) => Math.max(w, r[c]!.length), Math.max(3, name.length)));
      const line = (cells: readonly string[]): string => `| ${cells.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |\n`;
      const colons = (s: string): [string, string] => [s.startsWith(':') ? ':' : '', s.endsWith(':') ? ':' : ''];
      const dashes = separator.map((s, c) => {
        const [left, right] = colons(s);
        return `${left}${'-'.repeat(widths[c]! - left.length - right.length)}${right}`;
      });
      return `# Board\n\n${line(header)}${line(dashes)}${rows.map(line).join('')}`;
    };
    const row = (id: string, owner = '', status = 'todo'): string[] => [id, `Task ${id}`, owner, status];
    const base = aligned([row('T-1'), row('T-2'), row('T-3')]);

    it('merges two claims that each widened the Owner column, aligned at the wider', () => {
      const ours = aligned([row('T-1'), row('T-2', 'bob-builder', 'claimed'), row('T-3')]);
      const theirs = aligned([row('T-1', 'alexander-the-great', 'claimed'), row('T-2'), row('T-3')]);
      const both = aligned([row('T-1', 'alexander-the-great', 'claimed'), row('T-2', 'bob-builder', 'claimed'), row('T-3')]);
      for (const [a, b] of [[ours, theirs], [theirs, ours]] as const) {
        const r = merge(base, a, b);
        assert.equal(r.conflicts, 0, r.text);
        assert.equal(r.text, both);
      }
    });

    it('takes the padding of the side that alone widened the table, the other side\'s claim aligned with it', () => {
      const ours = aligned([row('T-1'), row('T-2'), row('T-3', 'al', 'done')]);
      const theirs = aligned([row('T-1', 'alexander-the-great', 'claimed'), row('T-2'), row('T-3')]);
      const r = merge(base, ours, theirs);
      assert.equal(r.conflicts, 0, r.text);
      assert.equal(r.text, aligned([row('T-1', 'alexander-the-great', 'claimed'), row('T-2'), row('T-3', 'al', 'done')]));
    });

    it('takes a column\'s new alignment from one side and the columns widened on the other', () => {
      const rows = [row('T-1', 'alexander-the-great', 'claimed'), row('T-2'), row('T-3')];
      const right = ['---', '---', '---', '---:'];
      const r = merge(base, aligned(rows), base.replace(':----:', '-----:'));
      assert.equal(r.conflicts, 0, r.text);
      assert.equal(r.text, aligned(rows, right));
    });

    it('leaves as it was a ragged table of the board that has the header of an aligned one', () => {
      const done = '\n## Done\n\n| ID | Task | Owner | Status |\n|---|---|---|---|\n| T-8 | Old thing | bob | done |\n| T-9 | Other | al | done |\n';
      const ours = aligned([row('T-1'), row('T-2', 'bob-builder', 'claimed'), row('T-3')]) + done;
      const theirs = aligned([row('T-1', 'alexander-the-great', 'claimed'), row('T-2'), row('T-3')]) + done;
      const r = merge(base + done, ours, theirs);
      assert.equal(r.conflicts, 0, r.text);
      assert.equal(r.text, aligned([row('T-1', 'alexander-the-great', 'claimed'), row('T-2', 'bob-builder', 'claimed'), row('T-3')]) + done);
    });

    it('aligns a table of 130,000 rows again (no spread of its rows on the stack)', () => {
      const rows = Array.from({ length: 130_000 }, (_, i) => row(`T-${i}`));
      const ours = aligned(rows);
      const wide = ours.replace('| T-5      | Task T-5      |       |', '| T-5      | Task T-5      | bartholomew |');
      assert.notEqual(wide, ours);
      const realigned = realignTables(wide, [ours]);
      const widths = new Set(realigned.split('\n').filter((l) => l.startsWith('|')).map((l) => l.length));
      assert.equal(widths.size, 1, 'every row as wide');
      assert.ok(realigned.includes('| bartholomew |'));
    });

    it('leaves a ragged table ragged, and still marks a header both sides reworded', () => {
      const loose = (owner1: string, owner2: string): string => `| ID | Task | Owner | Status |\n|---|---|---|---|\n| T-1 | One | ${owner1} | todo |\n| T-2 | Two | ${owner2} | todo |\n`;
      assert.equal(merge(loose('', ''), loose('alexander', ''), loose('', 'bo')).text, loose('alexander', 'bo'));
      const r = mergeTaskFile({ kind: 'board', file: 'TODO.md', base, ours: base.replace('| Task ', '| Work '), theirs: base.replace('| Task ', '| Job  ') }) as MergeResult & { kind: 'merged' };
      assert.equal(r.conflicts, 1, r.text);
    });
  });

  it('fills a cell that was empty at its column\'s width: a new owner on one side, a new title on the other', () => {
    const table = (title: string, owner: string): string =>
      `| ID  | Title  | Status  | Owner |\n| --- | ------ | ------- | ----- |\n| 001 | ${title} | Backlog | ${owner.padEnd(5)} |\n`;
    const base = table('Export', '');
    assert.equal(merge(base, table('Import', ''), table('Export', 'alice')).text, table('Import', 'alice'));
    // Not aligned: the new text between one blank on each side.
    const loose = (title: string, owner: string): string => `| ID | Title | Status | Owner |\n|---|---|---|---|\n| 001 | ${title} | todo |${owner === '' ? ' ' : ` ${owner} `}|\n`;
    assert.equal(merge(loose('Export', ''), loose('Import', ''), loose('Export', 'bob')).text, loose('Import', 'bob'));
  });

  it('marks a move naming nobody on one side and a new owner on the other as a conflict: who made the move is unknown', () => {
    const table = (status: string, owner: string): string =>
      `| ID  | Title  | Status  | Owner |\n| --- | ------ | ------- | ----- |\n| 001 | Export | ${status.padEnd(7)} | ${owner.padEnd(5)} |\n`;
    const base = table('Backlog', '');
    for (const [ours, theirs] of [[table('Done', ''), table('Backlog', 'alice')], [table('Backlog', 'alice'), table('Done', '')]] as const) {
      const r = merge(base, ours, theirs);
      assert.equal(r.conflicts, 1, r.text);
      assert.ok(!r.text.includes('| Done    | alice |'), r.text);
    }
  });

  it('keeps a cell of wide characters at its column\'s display width when a merge writes it', () => {
    // Aligned by display width: 修复登录 and 需要评审 take 8 columns each, 写文档 6.
    const table = (status: string, notes: string): string =>
      `| ID  | Title    | Status  | Notes    |\n| --- | -------- | ------- | -------- |\n| 001 | 写文档   | ${status} | ${notes} |\n| 002 | 修复登录 | Done    | ok       |\n`;
    const base = table('Todo   ', '        ');
    assert.equal(merge(base, table('Claimed', '        '), table('Todo   ', '需要评审')).text, table('Claimed', '需要评审'));
    assert.equal(merge(table('Todo   ', '需要评审'), table('Claimed', '需要评审'), table('Todo   ', 'ok      ')).text, table('Claimed', 'ok      '));
  });

  it('merges a row written without outer pipes in its style: no blanks after its last cell, a pipe for an emptied one', () => {
    const table = (title: string, who: string): string => `ID | Title | Status | Who\n-- | -- | -- | --\n001 | ${title} | doing | ${who}\n`;
    assert.equal(merge(table('Export', 'kimberly'), table('Export now', 'kimberly'), table('Export', 'al')).text, table('Export now', 'al'));
    assert.equal(merge(table('Export', 'kim'), table('Export now', 'kim'), table('Export', '|')).text, table('Export now', '|'));
    // (the emptied Who is still a cell: a claim writes into it)
    assert.ok(parseBoard({ file: 'TODO.md', text: table('Export now', '|') }).tasks[0]!.fieldSpans.has('who'));
  });

  it('keeps every byte outside the merged tasks: comments, quoting, BOM and CRLF of ours', () => {
    const base = '\ufeff# Board\r\n\r\n<!-- planners: add tasks below -->\r\n```yaml\r\n' +
      "- TASK_001: 'Single quoted'   # a comment\r\n  status: todo\r\n  assigned_agent:\r\n\r\n" +
      '- TASK_002: "Two"\r\n  status: todo # trailing\r\n  assigned_agent:\r\n```\r\n';
    const ours = base.replace("status: todo\r\n  assigned_agent:\r\n\r\n", 'status: claimed\r\n  assigned_agent: alice\r\n\r\n');
    // theirs was saved with LF line breaks and no BOM
    const theirs = base.replace(/^\ufeff/, '').replace(/\r\n/g, '\n').replace('status: todo # trailing\n  assigned_agent:', 'status: claimed # trailing\n  assigned_agent: bob')
      .replace('```\n', '\n- TASK_003: "Three"\n  status: todo\n```\n');
    const r = merge(base, ours, theirs);
    assert.equal(r.conflicts, 0);
    assert.equal(
      r.text,
      ours.replace('status: todo # trailing\r\n  assigned_agent:', 'status: claimed # trailing\r\n  assigned_agent: bob').replace('```\r\n', '\r\n- TASK_003: "Three"\r\n  status: todo\r\n```\r\n').replace(/```\r\n$/, '```\r\n'),
    );
    assert.ok(r.text.startsWith('\ufeff# Board\r\n'));
    assert.ok(!/[^\r]\n/.test(r.text), 'every line break is CRLF');
  });

  it('keeps each line break of a task only one side changed, in a file with mixed line breaks', () => {
    const base = '# TODO\n\nIntro.\n\n```yaml\n- TASK_001: "First"\r\n  priority: high\r\n  status: todo\r\n\n- TASK_002: "Second"\n  status: todo\n```\n';
    const theirs = base.replace('Intro.', 'Intro, edited.');
    assert.equal(merge(base, base, theirs).text, theirs);
    // Theirs claimed TASK_001: its lines come as theirs wrote them.
    const claimed = base.replace('status: todo\r\n', 'status: claimed\r\n');
    const ours = base.replace('status: todo\n```', 'status: done\n```');
    assert.equal(merge(base, ours, claimed).text, claimed.replace('status: todo\n```', 'status: done\n```'));
  });

  it("gives theirs' added lines ours' line break when ours writes one kind, though theirs' first line does too", () => {
    const base = '## To Do\r\n- [ ] T-1: Write parser\r\n- [ ] T-2: Add CLI\r\n';
    const ours = base.replace('parser', 'parser @alice');
    const theirs = `${base}- [ ] T-3: Docs\n`;
    assert.equal(merge(base, ours, theirs).text, `${ours}- [ ] T-3: Docs\r\n`);
    const lf = (t: string): string => t.replace(/\r\n/g, '\n');
    assert.equal(merge(lf(base), lf(ours), `${lf(base)}- [ ] T-3: Docs\r\n`).text, `${lf(ours)}- [ ] T-3: Docs\n`);
  });

  it('marks prose edited differently on both sides as a line conflict, and merges the tasks', () => {
    const base = `# Board\n\nShip by Friday.\n\n\`\`\`yaml\n${item(T1)}\n\`\`\`\n`;
    const ours = base.replace('Friday', 'Monday').replace('status: todo', 'status: claimed').replace('assigned_agent:', 'assigned_agent: alice');
    const theirs = base.replace('Friday', 'Tuesday');
    const r = merge(base, ours, theirs);
    assert.equal(r.conflicts, 1);
    assert.ok(r.text.includes('<<<<<<< ours\nShip by Monday.\n=======\nShip by Tuesday.\n>>>>>>> theirs\n'), r.text);
    assert.ok(r.text.includes('status: claimed'));
  });

  it("refuses a criss-cross merge's virtual base, whose conflict markers are longer than 7", () => {
    const alice = board([{ ...T1, status: 'claimed', agent: 'alice' }]);
    const bob = board([{ ...T1, status: 'claimed', agent: 'bob' }]);
    // What git's inner merge leaves as the base of the outer one: both copies of the task, in markers of 9.
    const virtualBase = `${board([])}<<<<<<<<< Temporary merge branch 1\n${item({ ...T1, status: 'claimed', agent: 'bob' })}\n=========\n${item({ ...T1, status: 'claimed', agent: 'alice' })}\n>>>>>>>>> Temporary merge branch 2\n`;
    const r = mergeTaskFile({ kind: 'board', file: 'TODO.md', base: virtualBase, ours: alice, theirs: bob });
    assert.equal(r.kind, 'unmergeable');
    assert.match(r.kind === 'unmergeable' ? r.reason : '', /conflict markers/);
  });

  it('merges a file in which an id repeats line by line: a change to one copy could land on the other', () => {
    const base = board([{ ...T2, title: 'Alpha' }, { ...T2, title: 'Beta' }]);
    const ours = board([{ id: 'TASK_009', title: 'Alpha' }, { ...T2, title: 'Beta' }]);
    const theirs = board([{ ...T2, title: 'Alpha', status: 'claimed', agent: 'bob' }, { ...T2, title: 'Beta' }]);
    const r = mergeTaskFile({ kind: 'board', file: 'TODO.md', base, ours, theirs });
    assert.equal(r.kind, 'unmergeable');
    assert.match(r.kind === 'unmergeable' ? r.reason : '', /^base: the id TASK_002 is used more than once/);
    const checklist = (items: string) => `# Tasks\n\n## To Do\n\n${items}\n## Completed\n\n`;
    const twice = checklist('- [ ] Write tests\n- [ ] Write tests\n');
    assert.equal(mergeTaskFile({ kind: 'checklist', file: '.claude/tasks/qa-tasks.md', base: twice, ours: twice, theirs: checklist('- [x] Write tests\n- [ ] Write tests\n') }).kind, 'unmergeable');
  });

  it('keeps a task theirs added inside its fence when both sides made the board, or added the same section', () => {
    const made = (id: string, title: string): string => `# Board\n\n\`\`\`yaml\n${item({ id, title })}\n\`\`\`\n`;
    const r = merge('', made('TASK_001', 'Write the parser'), made('TASK_001', 'Update docs'));
    assert.equal(r.text, `# Board\n\n\`\`\`yaml\n${item({ id: 'TASK_001', title: 'Write the parser' })}\n${item({ id: 'TASK_001', title: 'Update docs' })}\n\`\`\`\n`);
    assert.deepEqual(parseBoard({ file: 'TODO.md', text: r.text }).tasks.map((t) => t.title), ['Write the parser', 'Update docs']);
    const base = board([T1]);
    const section = (id: string): string => `${base}\n## Sprint 2\n\n\`\`\`yaml\n${item({ id })}\n\`\`\`\n`;
    const both = merge(base, section('TASK_002'), section('TASK_003'));
    assert.equal(both.text, `${base}\n## Sprint 2\n\n\`\`\`yaml\n${item({ id: 'TASK_002' })}\n${item({ id: 'TASK_003' })}\n\`\`\`\n`);
  });

  it('leaves to a line merge a side on which a task is still an item but no longer read as one', () => {
    const base = board([T1, T2]);
    const ours = base.replace('status: todo', 'status: claimed').replace('assigned_agent:', 'assigned_agent: alice');
    const theirs = base.replace('```yaml', '```text');
    const r = mergeTaskFile({ kind: 'board', file: 'TODO.md', base, ours, theirs });
    assert.equal(r.kind, 'unmergeable');
    assert.match(r.kind === 'unmergeable' ? r.reason : '', /^theirs: TASK_001 is still written as an item but no longer read as a task/);
    // Removed for good, it is merged task by task as before.
    assert.equal(merge(base, ours, board([T2])).conflicts, 1);
  });

  it('ends with a line break when ours does, though the line theirs added last has none', () => {
    const base = board([T1], ['2026-01-01T00:00:00Z a claimed TASK_001']);
    const ours = `${base}- 2026-01-02T00:00:00Z b claimed TASK_001\n`;
    const theirs = `${base}- 2026-01-03T00:00:00Z c claimed TASK_001`;
    assert.equal(merge(base, ours, theirs).text, `${ours}- 2026-01-03T00:00:00Z c claimed TASK_001\n`);
  });

  it('puts a line break after a last line that had none when the other side adds after it', () => {
    const base = board([T1], ['2026-01-01T00:00:00Z a did x']).replace(/\n$/, '');
    const ours = base.replace('status: todo', 'status: claimed').replace('assigned_agent:', 'assigned_agent: a');
    const theirs = `${base}\n- 2026-01-02T00:00:00Z b did y\n`;
    const r = merge(base, ours, theirs);
    assert.equal(r.conflicts, 0);
    assert.match(r.text, /\n- 2026-01-01T00:00:00Z a did x\n- 2026-01-02T00:00:00Z b did y\n$/);
  });

  it('leaves to a line merge a checkbox item moved under a heading the other side moved or took out', () => {
    // The item's status is its heading: put where the alignment puts it, it would read in another status.
    const base = '# TODO\n\n## To Do\n- [ ] T-1: Alpha\n- [ ] T-2: Beta\n- [ ] T-3: Gamma\n\n## In Progress\n\n## Done\n- [x] T-0: Setup\n';
    const reordered = '# TODO\n\n## Done\n- [x] T-0: Setup\n\n## In Progress\n\n## To Do\n- [ ] T-1: Alpha\n- [ ] T-2: Beta\n- [ ] T-3: Gamma\n';
    const started = '# TODO\n\n## To Do\n- [ ] T-1: Alpha\n- [ ] T-3: Gamma\n\n## In Progress\n- [ ] T-2: Beta @alice\n\n## Done\n- [x] T-0: Setup\n';
    for (const [ours, theirs] of [[reordered, started], [started, reordered]] as const) {
      const r = mergeTaskFile({ kind: 'board', file: 'TODO.md', base, ours, theirs });
      assert.equal(r.kind, 'unmergeable', r.kind === 'merged' ? r.text : '');
      assert.match(r.reason, /reads T-2 as todo, where the merge made it in_progress/);
    }
    // Ours archived the Done section; theirs finished T-2.
    const archived = base.replace('\n## Done\n- [x] T-0: Setup\n', '');
    const done = base.replace('- [ ] T-2: Beta\n', '').replace('- [x] T-0: Setup\n', '- [x] T-0: Setup\n- [x] T-2: Beta\n');
    const r = mergeTaskFile({ kind: 'board', file: 'TODO.md', base, ours: archived, theirs: done });
    assert.equal(r.kind, 'unmergeable', r.kind === 'merged' ? r.text : '');
    // A move under headings both sides kept where they were still merges.
    const claimed = base.replace('- [ ] T-1: Alpha\n', '').replace('## In Progress\n', '## In Progress\n- [ ] T-1: Alpha @bob\n');
    const both = mergeTaskFile({ kind: 'board', file: 'TODO.md', base, ours: claimed, theirs: done });
    assert.equal(both.kind, 'merged');
  });

  it('refuses a side it cannot read, so the caller falls back to a line merge', () => {
    const base = board([T1]);
    const marked = `${base}<<<<<<< HEAD\nx\n=======\ny\n>>>>>>> other\n`;
    const r = mergeTaskFile({ kind: 'board', file: 'TODO.md', base, ours: marked, theirs: base });
    assert.equal(r.kind, 'unmergeable');
    assert.equal(mergeTaskFile({ kind: 'board', file: 'TODO.md', base, ours: base, theirs: `${base}\0` }).kind, 'unmergeable');
  });
});

describe('mergeTaskFile: checklists', () => {
  const FILE = '.claude/tasks/backend-tasks.md';
  const list = (progress: string[], todo: string[], done: string[]): string =>
    `# Backend Tasks\n\n## In Progress\n${progress.map((l) => `${l}\n`).join('')}\n## To Do\n${todo.map((l) => `${l}\n`).join('')}\n## Completed\n${done.map((l) => `${l}\n`).join('')}`;
  const statusOf = (text: string, title: string): string | undefined =>
    parseChecklist({ file: FILE, text }).tasks.find((t) => t.title === title)?.status;

  it('never drops the move of an item the other side renamed: a conflict with the moved item inside', () => {
    const base = list([], ['- [ ] Login endpoint', '- [ ] Rate limit'], []);
    const renamed = list([], ['- [ ] Login endpoint', '- [ ] Rate limit (per IP)'], []);
    const started = list(['- [ ] Rate limit'], ['- [ ] Login endpoint'], []);
    for (const [o, t] of [[renamed, started], [started, renamed]] as const) {
      const r = mergeTaskFile({ kind: 'checklist', file: FILE, base, ours: o, theirs: t }) as MergeResult & { kind: 'merged' };
      assert.equal(r.conflicts, 1);
      assert.match(r.text, /<<<<<<< ours\n[^]*- \[ \] Rate limit\n[^]*>>>>>>> theirs\n/);
      assert.match(r.text, /- \[ \] Rate limit \(per IP\)\n/);
    }
  });

  it('keeps an item moved to two sections once, in the section further along', () => {
    const base = list([], ['- [ ] Login endpoint', '- [ ] Rate limit'], []);
    const ours = list(['- [ ] Login endpoint'], ['- [ ] Rate limit'], []);
    const theirs = list([], ['- [ ] Rate limit'], ['- [x] Login endpoint (completed: 2026-11-03)']);
    for (const [o, t] of [[ours, theirs], [theirs, ours]] as const) {
      const r = merge(base, o, t, 'checklist', FILE);
      assert.equal(r.conflicts, 0);
      assert.equal(r.text, theirs);
      assert.equal(statusOf(r.text, 'Login endpoint'), 'done');
    }
  });

  it('never drops words one side added to an item the other side completed: a conflict around it', () => {
    // The slug that names the item ignores punctuation and stops at 80 characters: both edits keep its name.
    const title = 'Implement refresh-token rotation for the mobile client so that sessions survive app restarts';
    const base = list([], [`- [ ] ${title}`], []);
    const completed = list([], [], [`- [x] ${title} (completed: 2026-11-02)`]);
    const reworded = list([], [`- [ ] ${title} and revoke all tokens on password change`], []);
    for (const [o, t] of [[completed, reworded], [reworded, completed]] as const) {
      const r = merge(base, o, t, 'checklist', FILE);
      assert.equal(r.conflicts, 1, r.text);
      assert.match(r.text, /and revoke all tokens on password change/);
      assert.match(r.text, /- \[x\] Implement refresh-token rotation[^\n]*\(completed: 2026-11-02\)/);
    }
    // The side further along may reword the item itself: its line is kept, the other side's only move with it.
    const behind = list([`- [ ] ${title} @ana`], [], []);
    const further = list([], [], [`- [x] ${title}, behind a flag (completed: 2026-11-02)`]);
    const r = merge(base, behind, further, 'checklist', FILE);
    assert.equal(r.conflicts, 0, r.text);
    assert.equal(r.text, further);
  });

  it('takes a move on one side with a subtask ticked on the other, and keeps items added on both sides', () => {
    const base = list([], ['- [ ] Login endpoint', '  - [ ] hash passwords', '- [ ] Rate limit'], []);
    const ours = list(['- [ ] Login endpoint', '  - [ ] hash passwords'], ['- [ ] Rate limit', '- [ ] Ours new'], []);
    const theirs = list([], ['- [ ] Login endpoint', '  - [x] hash passwords', '- [ ] Rate limit', '- [ ] Theirs new'], []);
    const r = merge(base, ours, theirs, 'checklist', FILE);
    assert.equal(r.conflicts, 0);
    assert.equal(r.text, list(['- [ ] Login endpoint', '  - [x] hash passwords'], ['- [ ] Rate limit', '- [ ] Ours new', '- [ ] Theirs new'], []));
  });
  it("puts an item theirs added in its own section, not in a section ours added below it", () => {
    const doc = (sections: [string, string[]][]): string => `# Tasks\n\n${sections.map(([h, items]) => `## ${h}\n\n${items.map((i) => `${i}\n`).join('')}`).join('\n')}`;
    const base = doc([['To Do', ['- [ ] Write the parser']], ['Completed', ['- [x] Set up repo']]]);
    const ours = doc([['To Do', ['- [ ] Write the parser', '- [ ] Add tests']], ['Blocked', ['- [ ] Deploy (needs creds)']], ['Completed', ['- [x] Set up repo']]]);
    const theirs = doc([['To Do', ['- [ ] Write the parser', '- [ ] Update docs']], ['Completed', ['- [x] Set up repo']]]);
    const r = merge(base, ours, theirs, 'checklist', FILE);
    assert.equal(r.conflicts, 0);
    assert.equal(
      r.text,
      doc([['To Do', ['- [ ] Write the parser', '- [ ] Add tests', '- [ ] Update docs']], ['Blocked', ['- [ ] Deploy (needs creds)']], ['Completed', ['- [x] Set up repo']]]),
    );
    assert.equal(statusOf(r.text, 'Update docs'), 'todo');
    // A heading ours renamed, right below the place theirs added to.
    const tight = '## To Do\n- [ ] A\n## Done\n- [x] B\n';
    const renamed = merge(tight, tight.replace('## Done', '## Completed'), tight.replace('- [ ] A\n', '- [ ] A\n- [ ] C\n'), 'checklist', FILE);
    assert.equal(renamed.text, '## To Do\n- [ ] A\n- [ ] C\n## Completed\n- [x] B\n');
    // Both sides made the file, with the same headings.
    const made = merge('', '## To Do\n- [ ] A\n## Completed\n- [x] B\n', '## To Do\n- [ ] C\n## Completed\n- [x] B\n', 'checklist', FILE);
    assert.equal(made.text, '## To Do\n- [ ] A\n- [ ] C\n## Completed\n- [x] B\n');
  });
});

describe('mergeTaskFile: work logs', () => {
  const entry = (time: string, task: string): string => `## ${time} — ${task}\n\n**Task Summary**: worked on ${task}.\n`;
  const log = (...entries: string[]): string => `# Backend Work Log\n\n${entries.join('\n---\n\n')}`;

  it('keeps the entries both sides appended, in time order', () => {
    const e1 = entry('2026-11-01 10:00 UTC', 'TASK_001');
    const base = log(e1);
    const ours = log(e1, entry('2026-11-02 15:00 UTC', 'TASK_002'));
    const theirs = log(e1, entry('2026-11-02 09:00 UTC', 'TASK_003'));
    const r = merge(base, ours, theirs, 'worklog', 'BACKEND_WORK_LOG.md');
    assert.equal(r.conflicts, 0);
    assert.equal(r.text, log(e1, entry('2026-11-02 09:00 UTC', 'TASK_003'), entry('2026-11-02 15:00 UTC', 'TASK_002')));
    assert.equal(parseWorkLog({ file: 'BACKEND_WORK_LOG.md', text: r.text }).entries.length, 3);
  });

  it('keeps a log written newest first newest first, and sets apart the entries of a log both sides began', () => {
    const [e1, e2, e3] = [entry('2026-01-01 10:00 UTC', 'TASK_001'), entry('2026-01-02 10:00 UTC', 'TASK_002'), entry('2026-01-03 10:00 UTC', 'TASK_003')];
    const e0 = entry('2025-12-31 10:00 UTC', 'TASK_000');
    const base = log(e1, e0);
    const r = merge(base, log(e3, e1, e0), log(e2, e1, e0), 'worklog', 'BACKEND_WORK_LOG.md');
    assert.equal(r.text, log(e3, e2, e1, e0));
    // Both sides made the log, an entry each: a blank line between them, not the second heading under the first's text.
    const made = merge('', `# Backend Work Log\n\n${e1}`, `# Backend Work Log\n\n${e2}`, 'worklog', 'BACKEND_WORK_LOG.md');
    assert.equal(made.text, `# Backend Work Log\n\n${e1}\n${e2}`);
    assert.equal(parseWorkLog({ file: 'BACKEND_WORK_LOG.md', text: made.text }).entries.length, 2);
  });

  it('marks an entry both sides edited differently as a conflict, keeping each side\'s edit of one entry to itself', () => {
    const e1 = entry('2026-11-01 10:00 UTC', 'TASK_001');
    const e2 = entry('2026-11-02 10:00 UTC', 'TASK_002');
    const base = log(e1, e2);
    const ours = log(e1.replace('worked on', 'designed'), e2);
    const theirs = log(e1.replace('worked on', 'indexed'), e2.replace('worked on', 'tested'));
    const r = mergeTaskFile({ kind: 'worklog', file: 'BACKEND_WORK_LOG.md', base, ours, theirs }) as MergeResult & { kind: 'merged' };
    assert.equal(r.conflicts, 1);
    assert.equal(r.text, `# Backend Work Log\n\n<<<<<<< ours\n${e1.replace('worked on', 'designed')}=======\n${e1.replace('worked on', 'indexed')}>>>>>>> theirs\n\n---\n\n${e2.replace('worked on', 'tested')}`);
    // One side's edit alone is taken, as before.
    assert.equal(merge(base, ours, base, 'worklog', 'BACKEND_WORK_LOG.md').text, ours);
    // An entry below another keeps its separator above the markers, so either side kept leaves two entries.
    const second = mergeTaskFile({ kind: 'worklog', file: 'BACKEND_WORK_LOG.md', base, ours: log(e1, e2.replace('worked on', 'designed')), theirs: log(e1, e2.replace('worked on', 'tested')) }) as MergeResult & { kind: 'merged' };
    assert.equal(second.text, `# Backend Work Log\n\n${e1}\n---\n\n<<<<<<< ours\n${e2.replace('worked on', 'designed')}=======\n${e2.replace('worked on', 'tested')}>>>>>>> theirs\n`);
  });

  it('keeps entries without headings apart when one is edited two ways', () => {
    const one = '**Task Summary**: one (TASK_001)\n**Notes**: a\n';
    const two = (notes: string) => `**Task Summary**: two (TASK_002)\n**Notes**: ${notes}\n`;
    const headless = (notes: string) => `# Work Log\n\n${one}\n---\n\n${two(notes)}`;
    const r = mergeTaskFile({ kind: 'worklog', file: 'WORK_LOG.md', base: headless('b'), ours: headless('ours'), theirs: headless('theirs') }) as MergeResult & { kind: 'merged' };
    assert.equal(r.conflicts, 1);
    const kept = r.text.replace(/<<<<<<< ours\n([^]*?)=======\n[^]*?>>>>>>> theirs\n/, '$1');
    assert.deepEqual(parseWorkLog({ file: 'WORK_LOG.md', text: kept }).entries.map((e) => e.taskIds), [['TASK_001'], ['TASK_002']]);
  });
});

describe('mergeKindOf', () => {
  it('reads the kind from the default globs, else from what the text holds', () => {
    assert.equal(mergeKindOf('sub/TODO.md', ''), 'board');
    assert.equal(mergeKindOf('.claude/tasks/alice-tasks.md', ''), 'checklist');
    assert.equal(mergeKindOf('docs/BACKEND_WORK_LOG.md', ''), 'worklog');
    // a repository's own globs (agentTaskBoard.files.*) name files the defaults do not
    assert.equal(mergeKindOf('plans/BOARD.md', board([T1])), 'board');
    assert.equal(mergeKindOf('agents/alice.md', '# Alice\n\n## To Do\n- [ ] Login endpoint\n'), 'checklist');
    assert.equal(mergeKindOf('notes/log.md', '# Log\n\n## 2026-11-02 10:00 UTC — Schema\n\nDone.\n'), 'worklog');
    assert.equal(mergeKindOf('notes/plain.md', 'Just text.\n'), 'board');
  });
});

describe('matchSequences', () => {
  it('finds a longest common subsequence (checked against dynamic programming)', () => {
    let seed = 7;
    const rand = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let round = 0; round < 300; round++) {
      const a = Array.from({ length: rand(12) }, () => rand(4));
      const b = Array.from({ length: rand(12) }, () => rand(4));
      const pairs = matchSequences(a, b)!;
      for (const [i, j] of pairs) assert.equal(a[i], b[j]);
      for (let k = 1; k < pairs.length; k++) assert.ok(pairs[k]![0] > pairs[k - 1]![0] && pairs[k]![1] > pairs[k - 1]![1]);
      const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
      for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) dp[i]![j] = a[i] === b[j] ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
      assert.equal(pairs.length, dp[0]![0], `${a} / ${b}`);
    }
  });
});
