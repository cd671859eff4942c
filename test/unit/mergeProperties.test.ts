// Properties of the task merge on generated boards and generated pairs of
// edit lists (one list per branch): when the two lists touch different
// tasks, the merge is what applying both gives; whatever they touch, no task
// is lost and the output parses.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { parseBoard } from '../../src/core/board/parseBoard';
import { mergeTaskFile } from '../../src/core/merge/mergeTaskFile';

interface ModelTask {
  readonly id: string;
  readonly title: string;
  readonly status: string;
  readonly agent: string;
  readonly priority: string;
  readonly note: boolean;
}

interface Model {
  readonly tasks: readonly ModelTask[];
  readonly history: readonly string[];
}

type Edit =
  | { readonly op: 'set'; readonly task: number; readonly field: 'status' | 'agent' | 'priority' | 'title'; readonly value: string }
  | { readonly op: 'delete'; readonly task: number }
  | { readonly op: 'add'; readonly after: number | 'end'; readonly task: ModelTask }
  | { readonly op: 'history'; readonly line: string };

function render(model: Model, eol: string): string {
  const item = (t: ModelTask): string =>
    [`- ${t.id}: "${t.title}"`, `  priority: ${t.priority}`, t.agent ? `  assigned_agent: ${t.agent}` : '  assigned_agent:', `  status: ${t.status}`, ...(t.note ? ['  # kept by hand'] : [])].join(eol);
  const lines = [
    '# Board',
    '',
    '<!-- planners add tasks at the end -->',
    '## Tasks',
    '',
    '```yaml',
    ...(model.tasks.length > 0 ? [model.tasks.map(item).join(eol + eol)] : []),
    '```',
    '',
    '## Session History',
    '',
    ...model.history.map((h) => `- ${h}`),
  ];
  return lines.join(eol) + eol;
}

/** Applies one side's edits; task indexes name base tasks, found by id wherever they are now. */
function apply(base: Model, model: Model, edits: readonly Edit[]): Model {
  let tasks = [...model.tasks];
  const history = [...model.history];
  const lastAdded = new Map<string, string>(); // anchor id -> the last task this side added after it
  for (const edit of edits) {
    if (edit.op === 'history') {
      history.push(edit.line);
      continue;
    }
    if (edit.op === 'add') {
      if (edit.after === 'end') tasks.push(edit.task);
      else {
        const anchorId = base.tasks[edit.after]!.id;
        const afterId = lastAdded.get(anchorId) ?? anchorId;
        const at = tasks.findIndex((t) => t.id === afterId);
        if (at < 0) continue; // the anchor was deleted before: nothing to add after
        tasks.splice(at + 1, 0, edit.task);
        lastAdded.set(anchorId, edit.task.id);
      }
      continue;
    }
    const id = base.tasks[edit.task]!.id;
    const at = tasks.findIndex((t) => t.id === id);
    if (at < 0) continue;
    if (edit.op === 'delete') tasks = tasks.filter((t) => t.id !== id);
    else tasks[at] = { ...tasks[at]!, [edit.field]: edit.value };
  }
  return { tasks, history };
}

/**
 * Tasks both sides added at one place (between the same two base tasks) come
 * ours first: which came "first" is not in the texts, so the merge fixes it.
 * Ours' new ids are TASK_1xx, theirs' TASK_2xx.
 */
function oursFirst(tasks: readonly ModelTask[]): ModelTask[] {
  const side = (t: ModelTask): number => Number(t.id.slice(5)) >= 200 ? 2 : Number(t.id.slice(5)) >= 100 ? 1 : 0;
  const out: ModelTask[] = [];
  let run: ModelTask[] = [];
  const flush = (): void => {
    out.push(...run.filter((t) => side(t) === 1), ...run.filter((t) => side(t) === 2));
    run = [];
  };
  for (const t of tasks) {
    if (side(t) === 0) {
      flush();
      out.push(t);
    } else run.push(t);
  }
  flush();
  return out;
}

const words = fc.constantFrom('Login', 'endpoint', 'schema', 'rate limit', 'audit', 'deploy', 'fix: colon', 'docs', 'cache');
const title = fc.array(words, { minLength: 1, maxLength: 3 }).map((w) => w.join(' '));
const agent = fc.constantFrom('', 'alice', 'bob', 'backend-engineer');
const status = fc.constantFrom('todo', 'claimed', 'in_progress', 'done');
const priority = fc.constantFrom('high', 'medium', 'low');
const task = (id: string): fc.Arbitrary<ModelTask> =>
  fc.record({ title, status, agent, priority, note: fc.boolean() }).map((t) => ({ id, ...t }));

const baseModel = fc
  .integer({ min: 2, max: 8 })
  .chain((n) => fc.tuple(fc.tuple(...Array.from({ length: n }, (_, i) => task(`TASK_${String(i + 1).padStart(3, '0')}`))), fc.nat(3)))
  .map(([tasks, h]): Model => ({ tasks, history: Array.from({ length: h }, (_, i) => `2026-01-0${i + 1}T08:00:00Z planner note ${i}`) }));

/** One side's edits over the base tasks `allowed` (indexes); new ids from `idBase`, history stamps from `side`. */
function editList(model: Model, allowed: readonly number[], side: string, idBase: number): fc.Arbitrary<Edit[]> {
  const n = model.tasks.length;
  const pick = allowed.length > 0 ? fc.constantFrom(...allowed) : undefined;
  const options: Array<fc.Arbitrary<(k: number) => Edit>> = [
    task('').map((t) => (k: number): Edit => ({ op: 'add', after: 'end', task: { ...t, id: `TASK_${idBase + k}` } })),
    fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom('claimed', 'started', 'noted')).map(([hour, what]) => (k: number): Edit => ({
      op: 'history',
      line: `2026-02-01T${String(hour).padStart(2, '0')}:${String(k).padStart(2, '0')}:00Z ${side} ${what} ${k}`,
    })),
  ];
  if (pick) {
    options.push(
      fc.tuple(pick, fc.oneof(
        status.map((v) => ['status', v] as const),
        agent.map((v) => ['agent', v] as const),
        priority.map((v) => ['priority', v] as const),
        title.map((v) => ['title', `${v} (${side})`] as const),
      )).map(([i, [field, value]]) => (): Edit => ({ op: 'set', task: i, field, value })),
      pick.map((i) => (): Edit => ({ op: 'delete', task: i })),
    );
    const anchors = allowed.filter((i) => i < n - 1); // after the last task is the end, which both sides may use
    if (anchors.length > 0) {
      options.push(fc.tuple(fc.constantFrom(...anchors), task('')).map(([i, t]) => (k: number): Edit => ({ op: 'add', after: i, task: { ...t, id: `TASK_${idBase + k}` } })));
    }
  }
  return fc.array(fc.oneof(...options), { maxLength: 6 }).map((makers) => {
    const edits = makers.map((make, k) => make(k));
    // One side writes its history lines in time order.
    const lines = edits.filter((e): e is Edit & { op: 'history' } => e.op === 'history').map((e) => e.line).sort();
    let h = 0;
    return edits.map((e) => (e.op === 'history' ? { op: 'history', line: lines[h++]! } : e));
  });
}

const disjointCase = baseModel.chain((model) =>
  fc
    .tuple(fc.array(fc.constantFrom('ours', 'theirs', 'none'), { minLength: model.tasks.length, maxLength: model.tasks.length }), fc.constantFrom('\n', '\r\n'))
    .chain(([owners, eol]) => {
      const mine = (side: string): number[] => owners.flatMap((o, i) => (o === side ? [i] : []));
      return fc.tuple(fc.constant(model), editList(model, mine('ours'), 'alice', 100), editList(model, mine('theirs'), 'bob', 200), fc.constant(eol));
    }),
);

describe('mergeTaskFile properties', function () {
  this.timeout(120_000);

  it('edits to different tasks merge to what applying both edit lists gives', () => {
    fc.assert(
      fc.property(disjointCase, ([model, oursEdits, theirsEdits, eol]) => {
        const ours = apply(model, model, oursEdits);
        const theirs = apply(model, model, theirsEdits);
        const both = apply(model, ours, theirsEdits);
        // Both sides' history lines, in time order (ours first at equal times).
        const added = [...ours.history.slice(model.history.length), ...theirs.history.slice(model.history.length)];
        const expected = render({ tasks: oursFirst(both.tasks), history: [...model.history, ...added.sort()] }, eol);
        const r = mergeTaskFile({ kind: 'board', file: 'TODO.md', base: render(model, eol), ours: render(ours, eol), theirs: render(theirs, eol) });
        assert.equal(r.kind, 'merged', r.kind === 'unmergeable' ? r.reason : '');
        if (r.kind !== 'merged') return;
        assert.equal(r.conflicts, 0);
        assert.equal(r.text, expected);
      }),
      { numRuns: 400 },
    );
  });

  it('refuses every side it cannot read and never throws on any text (fuzz)', () => {
    const good = render({ tasks: [{ id: 'TASK_001', title: 'x', status: 'todo', agent: '', priority: 'high', note: false }], history: [] }, '\n');
    const poison = fc.constantFrom('\0', '\n<<<<<<< HEAD\n', '\n>>>>>>> theirs\n', '\ud800', 'x\udc00'); // markers at a line's start
    const poisoned = fc.tuple(fc.string({ unit: 'grapheme-composite', maxLength: 60 }), poison, fc.nat(good.length)).map(([noise, bad, at]) => good.slice(0, at) + noise + bad + good.slice(at));
    const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.constant(good), fc.string({ unit: fc.constantFrom('-', ' ', 'T', ':', '\n', '\r', '`', '#', 's', '"'), maxLength: 200 }));
    const kind = fc.constantFrom('board', 'checklist', 'worklog') as fc.Arbitrary<'board' | 'checklist' | 'worklog'>;
    fc.assert(
      fc.property(kind, fc.nat(2), poisoned, anyText, anyText, (k, which, bad, a, b) => {
        const texts = [a, b];
        texts.splice(which, 0, bad);
        const r = mergeTaskFile({ kind: k, file: k === 'checklist' ? '.claude/tasks/a-tasks.md' : 'TODO.md', base: texts[0]!, ours: texts[1]!, theirs: texts[2]! });
        assert.equal(r.kind, 'unmergeable');
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(kind, anyText, anyText, anyText, (k, base, ours, theirs) => {
        const r = mergeTaskFile({ kind: k, file: k === 'checklist' ? '.claude/tasks/a-tasks.md' : 'TODO.md', base, ours, theirs });
        if (r.kind === 'merged' && ours === theirs) assert.equal(r.text, ours);
      }),
      { numRuns: 300 },
    );
  });

  it('whatever both sides touch, no task is lost and the output parses', () => {
    const anyCase = baseModel.chain((model) => {
      const all = model.tasks.map((_, i) => i);
      // theirs' new ids start where ours' do: the same new id for two different tasks happens
      return fc.tuple(fc.constant(model), editList(model, all, 'alice', 100), editList(model, all, 'bob', 100));
    });
    fc.assert(
      fc.property(anyCase, ([model, oursEdits, theirsEdits]) => {
        const ours = apply(model, model, oursEdits);
        const theirs = apply(model, model, theirsEdits);
        const r = mergeTaskFile({ kind: 'board', file: 'TODO.md', base: render(model, '\n'), ours: render(ours, '\n'), theirs: render(theirs, '\n') });
        assert.equal(r.kind, 'merged', r.kind === 'unmergeable' ? r.reason : '');
        if (r.kind !== 'merged') return;
        const baseById = new Map(model.tasks.map((t) => [t.id, JSON.stringify(t)]));
        const must = (mine: Model, other: Model): ModelTask[] =>
          mine.tasks.filter((t) => {
            if (!baseById.has(t.id)) return true; // new on this side
            if (other.tasks.some((o) => o.id === t.id)) return true; // kept on both
            return baseById.get(t.id) !== JSON.stringify(t); // removed there, changed here
          });
        for (const t of [...must(ours, theirs), ...must(theirs, ours)]) {
          // A task new on one side is found by its title too (the other side may have used the same id).
          const head = baseById.has(t.id) ? `- ${t.id}: "` : `- ${t.id}: "${t.title}"`;
          assert.ok(r.text.includes(head), `${t.id} "${t.title}" lost:\n${r.text}`);
        }
        const parsed = parseBoard({ file: 'TODO.md', text: r.text });
        if (r.conflicts === 0) {
          assert.deepEqual(parsed.problems.filter((p) => p.severity === 'error'), []);
          const ids = new Set([...ours.tasks, ...theirs.tasks].map((t) => t.id));
          for (const t of parsed.tasks) assert.ok(ids.has(t.id), `${t.id} came from nowhere`);
        } else {
          assert.equal(r.text.match(/^<{7} ours$/gm)?.length, r.conflicts);
          assert.equal(r.text.match(/^>{7} theirs$/gm)?.length, r.conflicts);
        }
      }),
      { numRuns: 400 },
    );
  });
});
