import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { ParsedBoard, ParsedFile } from '../../src/core/model';
import { makeLifecycle, type Lifecycle } from '../../src/core/lifecycleModel';
import { parseBoard, yamlFencesOf } from '../../src/core/board/parseBoard';
import { reparseBoard } from '../../src/core/board/reparseBoard';
import { parseFile, reparseFile } from '../../src/core/parseFile';
import { TaskIndex } from '../../src/core/taskIndex';

const fixtures = join(__dirname, '..', '..', '..', 'test', 'fixtures');
const demoText = readFileSync(join(fixtures, 'demo-workspace', 'TODO.md'), 'utf8');
const malformedText = readFileSync(join(fixtures, 'malformed', 'TODO.md'), 'utf8');

/** A board with what parseBoard reads around its items: two fences, a heading between, a history, comments, a block. */
const mixedText = [
  '# Board',
  '',
  'Some prose, and a bare item outside any fence:',
  '',
  '- TASK_100: "Bare item"',
  '  status: todo',
  '',
  '## Backlog',
  '',
  '```yaml',
  '- TASK_001: "First"',
  '  priority: high',
  '  assigned_agent:',
  '  status: todo',
  '',
  '# a comment between items',
  '- id: TASK_002',
  '  title: "Second, id field"',
  '  status: claimed',
  '  assigned_agent: backend-engineer',
  '  description: |',
  '    Two lines',
  '    of text.',
  '- TASK_003: Unquoted: colon in the title',
  '  status: in_progress',
  '  assigned_agent: frontend',
  '- TASK_004: "Last of the fence"',
  '  status: done',
  '```',
  '',
  '## Later',
  '',
  '~~~yaml',
  '- TASK_005: "Tilde fence"',
  '  status: todo',
  '- TASK_006: "Block"',
  '  status: todo',
  '~~~',
  '',
  '## Session History',
  '- 2026-11-05 10:00 started',
  '- 2026-11-05 11:00 TASK_001 claimed',
  '',
].join('\n');

const reviewLifecycle: Lifecycle = makeLifecycle(['todo', 'claimed', 'in_progress', 'review', 'done'], [{ name: 'blocked', from: 'any' }], new Map([['wip', 'in_progress']]));

/** A parse as plain data: Maps as objects, the compact field spans through their toJSON. */
function plain(parsed: ParsedFile): unknown {
  return JSON.parse(JSON.stringify(parsed, (_key, value: unknown) => (value instanceof Map ? Object.fromEntries(value) : value)));
}

function replace(text: string, find: string, by: string): string {
  const at = text.indexOf(find);
  assert.ok(at >= 0, `"${find}" is in the text`);
  return text.slice(0, at) + by + text.slice(at + find.length);
}

/** The reparse of `after` from the parse of `before`, checked against a whole parse; whether it was made from the old parse. */
function check(before: string, after: string, lifecycle?: Lifecycle): { incremental: boolean; board: ParsedBoard } {
  const src = lifecycle ? { file: 'TODO.md', text: after, lifecycle } : { file: 'TODO.md', text: after };
  const previous = parseBoard(lifecycle ? { file: 'TODO.md', text: before, lifecycle } : { file: 'TODO.md', text: before });
  const incremental = reparseBoard(before, previous, src);
  const board = reparseFile('board', src, { kind: 'board', text: before, parsed: previous }) as ParsedBoard;
  const whole = parseBoard(src);
  assert.deepEqual(plain(board), plain(whole), `reparse of ${JSON.stringify(after)}`);
  assert.deepEqual(yamlFencesOf(board), yamlFencesOf(whole), 'the fences it knows');
  return { incremental: incremental !== undefined, board };
}

describe('reading a board again after an edit inside one item', function () {
  // Hundreds of generated edit chains: slower than mocha's default allows, never a timing assertion.
  this.timeout(120_000);
  it('reads only the edited item for the edits agents make, with the same result as a whole parse', () => {
    const edits: [string, string][] = [
      ['  assigned_agent:\n  status: todo', '  assigned_agent: backend-engineer\n  status: claimed'],
      ['"First"', '"First, renamed at length"'],
      ['  priority: high\n', ''],
      ['  status: done', '  status: done\n  completed_at: "2026-11-05T12:00:00Z"'],
      ['    of text.', '    of text,\n    and a third line.'],
      ['Unquoted: colon in the title', '"Quoted now"'],
      ['"Block"\n  status: todo', '"Block"\n  status: in_progress\n  assigned_agent: x'],
    ];
    for (const [find, by] of edits) {
      const after = replace(mixedText, find, by);
      assert.ok(check(mixedText, after).incremental, `"${find}" → "${by}" is read from the old parse`);
    }
  });

  it('moves every later task, problem, history line and fence by the edit', () => {
    const after = replace(mixedText, '  priority: high\n', '  priority: high\n  tags: a\n  notes: more\n');
    const { incremental, board } = check(mixedText, after);
    assert.ok(incremental);
    const last = board.tasks.find((t) => t.id === 'TASK_006')!;
    assert.equal(after.slice(last.span.start, last.span.start + 12), '- TASK_006: ');
    assert.equal(after.split('\n')[last.line], '- TASK_006: "Block"');
  });

  it('reads a CRLF board and one under its own lifecycle the same way', () => {
    const crlf = mixedText.replace(/\n/g, '\r\n');
    assert.ok(check(crlf, replace(crlf, 'status: claimed', 'status: review')).incremental);
    const own = replace(mixedText, 'status: claimed', 'status: wip');
    const { incremental, board } = check(mixedText, own, reviewLifecycle);
    assert.ok(incremental);
    assert.equal(board.tasks.find((t) => t.id === 'TASK_002')!.status, 'in_progress');
  });

  it('reads the whole text when the edit reaches past one item', () => {
    const wholes: [string, string][] = [
      ['  status: todo\n\n# a comment', '  status: todo\n- TASK_050: "A new item"\n  status: todo\n\n# a comment'],
      ['- TASK_004: "Last of the fence"\n  status: done', '- TASK_004: "Last of the fence"\n```\n  status: done'],
      ['- TASK_001: "First"', '- TASK_001 "First"'],
      ['- TASK_100: "Bare item"\n  status: todo', '- TASK_100: "Bare item"\n  status: done'],
      ['## Backlog', '## Now'],
      ['"Second, id field"', '"Second <<<<<<< HEAD"'],
      ['  status: in_progress', '  status: in_progress\n  - [ ] a checkbox'],
    ];
    for (const [find, by] of wholes) assert.ok(!check(mixedText, replace(mixedText, find, by)).incremental, `"${find}" → "${by}" is read whole`);
  });

  it('gives what a whole parse gives after any chain of edits (fast-check)', () => {
    const mutation = fc.record({
      at: fc.nat(),
      remove: fc.nat({ max: 12 }),
      insert: fc.string({
        unit: fc.constantFrom('\n', '\r\n', ' ', '  ', ':', ': ', '"', '#', '-', '- ', '|', '[ ]', '```', '~~~', '- TASK_9: x', '\n  status: done', '\n  title: t', '\n  assignee: bob', 'a', 'é'),
        maxLength: 4,
      }),
    });
    let incremental = 0;
    const runs = Number(process.env.BOARD_REPARSE_RUNS ?? 400);
    fc.assert(
      fc.property(fc.constantFrom(mixedText, demoText, malformedText, mixedText.replace(/\n/g, '\r\n')), fc.array(mutation, { minLength: 1, maxLength: 5 }), (base, mutations) => {
        let text = base;
        let parsed = parseBoard({ file: 'TODO.md', text });
        for (const m of mutations) {
          // Most edits land inside a task item, where the reparse applies; the rest anywhere.
          const items = parsed.tasks;
          const inItem = items.length > 0 && m.at % 4 !== 0;
          const task = items[m.at % Math.max(1, items.length)];
          const at = inItem && task ? task.span.start + 2 + (m.at % Math.max(1, task.span.end - task.span.start - 1)) : m.at % (text.length + 1);
          const next = text.slice(0, at) + m.insert + text.slice(Math.min(text.length, at + m.remove));
          const src = { file: 'TODO.md', text: next };
          if (reparseBoard(text, parsed, src)) incremental++;
          const again = reparseFile('board', src, { kind: 'board', text, parsed }) as ParsedBoard;
          const whole = parseFile('board', src);
          assert.deepEqual(plain(again), plain(whole), `after ${JSON.stringify(next)}`);
          // Key for key, in the same order: a moved task is the task a parse makes, not one with keys of its own.
          assert.deepEqual(again.tasks.map((t) => Object.keys(t)), (whole as ParsedBoard).tasks.map((t) => Object.keys(t)));
          assert.deepEqual(yamlFencesOf(again), yamlFencesOf(whole as ParsedBoard));
          text = next;
          parsed = again;
        }
      }),
      { numRuns: runs },
    );
    // Not a check of speed: that the chains above went through the reparse often enough to test it.
    assert.ok(incremental > runs / 4, `${incremental} edits were read from the old parse`);
  });

  it('the index keeps the tasks before an edited item as they were', () => {
    const index = new TaskIndex();
    index.set('TODO.md', 'board', mixedText);
    const before = (index.get('TODO.md')!.parsed as ParsedBoard).tasks;
    index.set('TODO.md', 'board', replace(mixedText, '"Last of the fence"\n  status: done', '"Last of the fence"\n  status: review'));
    const after = (index.get('TODO.md')!.parsed as ParsedBoard).tasks;
    assert.equal(after.length, before.length);
    const edited = before.findIndex((t) => t.id === 'TASK_004');
    for (let i = 0; i < edited; i++) assert.equal(after[i], before[i], `task ${before[i]!.id} is the same object`);
    assert.equal(after[edited]!.statusText, 'review');
  });
});
