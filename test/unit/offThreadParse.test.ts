import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BoardTask, FileKind, SourceText, Task } from '../../src/core/model';
import { LARGE_CHARS, SLICES_PER_RUN, taskData, TaskPacker, TaskReviver, TaskStream, TASKS_PER_SLICE, type PackedSlice } from '../../src/core/parsedTransfer';
import { makeLifecycle } from '../../src/core/lifecycleModel';
import { lintFile } from '../../src/core/lintFile';
import { reparseBoard } from '../../src/core/board/reparseBoard';
import { withYamlFences, yamlFencesOf } from '../../src/core/board/parseBoard';
import { parseFile } from '../../src/core/parseFile';
import { lineStartsOf } from '../../src/core/text';
import { Worker } from 'node:worker_threads';
import { joinedLazily } from '../../src/extension/decodeInTurns';
import { OffThreadParser, PIECE_CHARS } from '../../src/extension/offThreadParse';
import { WORKER_NICE, type ParseReply, type ParseRequest } from '../../src/extension/parseWorker';

const DEMO = path.resolve(__dirname, '../../../test/fixtures/demo-workspace/TODO.md');
const MALFORMED = path.resolve(__dirname, '../../../test/fixtures/malformed/TODO.md');
const SHAPES = path.resolve(__dirname, '../../../test/fixtures/shapes');
const CHECKLIST = path.resolve(__dirname, '../../../test/fixtures/demo-workspace/.claude/tasks/backend-engineer-tasks.md');
const WORKER = path.resolve(__dirname, '../../src/extension/parseWorker.js');

/** `tasks` as one slice, a run of its own (it carries its own characters), packed by `packer`. */
function packAlone(packer: TaskPacker, tasks: readonly Task[]): PackedSlice {
  packer.addToRun(tasks);
  return packer.closeRun()[0]!;
}

/** Tasks packed as the worker packs a slice, through structured clone, and revived as the host revives it. */
function roundTrip(tasks: readonly Task[]): Task[] {
  return new TaskReviver().revive(structuredClone(packAlone(new TaskPacker(), tasks)));
}

/** What a reader sees of a board task's spans, through the ReadonlyMap API. */
function spansOf(task: BoardTask) {
  return [...task.fieldSpans.keys()].map((k) => task.fieldSpans.get(k));
}

describe('parsed files across threads', () => {
  it('packs and revives board tasks through structured clone to the same model', () => {
    const text = fs.readFileSync(DEMO, 'utf8');
    const parsed = parseFile('board', { file: 'TODO.md', text });
    assert.equal(parsed.kind, 'board');
    if (parsed.kind !== 'board') return;
    const revived = roundTrip(parsed.tasks);
    assert.equal(revived.length, parsed.tasks.length);
    parsed.tasks.forEach((task, i) => {
      const other = revived[i] as BoardTask;
      assert.equal(other.id, task.id);
      assert.deepEqual(other.fields, task.fields);
      assert.deepEqual(spansOf(other), spansOf(task));
      assert.equal(other.fieldSpans.get('status')?.valueSpan.start, task.fieldSpans.get('status')?.valueSpan.start);
    });
  });

  /** A task as plain data, its field spans as what a reader sees of them: what deepStrictEqual compares key for key. */
  function plain(task: BoardTask) {
    return { ...taskData(task), fieldSpans: spansOf(task) };
  }

  for (const [name, file] of [
    ['the demo board', DEMO],
    ['the malformed board', MALFORMED],
    ['a checkbox board', path.join(SHAPES, 'checkbox-sections.md')],
    ['a table board', path.join(SHAPES, 'table.md')],
  ] as const) {
    it(`revives each task of ${name} with the keys, and only the keys, of a parse made here`, () => {
      const text = fs.readFileSync(file, 'utf8');
      const parsed = parseFile('board', { file: 'TODO.md', text });
      if (parsed.kind !== 'board') return assert.fail('a board');
      const revived = roundTrip(parsed.tasks) as BoardTask[];
      assert.ok(parsed.tasks.length > 0);
      assert.deepStrictEqual(revived.map(plain), parsed.tasks.map(plain));
    });
  }

  it('makes a YAML task of the plain shape again here, and keeps the other shapes as received', () => {
    const text = '# Board\n\n```yaml\n- TASK_001: "Plain"\n  status: todo\n- TASK_002: "Assigned"\n  status: claimed\n  assignee: ana\n```\n';
    const parsed = parseFile('board', { file: 'TODO.md', text });
    if (parsed.kind !== 'board') return assert.fail('a board');
    const sent = structuredClone(packAlone(new TaskPacker(), parsed.tasks));
    const received = [...sent.tasks] as BoardTask[];
    const revived = new TaskReviver().revive(sent) as BoardTask[];
    assert.deepStrictEqual(revived.map(plain), parsed.tasks.map(plain));
    assert.equal(revived[1]!.agentKey, 'assignee');
    // The plain task is a fresh object (one V8 may place straight in the old generation); the other is the clone.
    assert.notEqual(revived[0], received[0]);
    assert.notEqual(revived[0]!.span, received[0]!.span);
    assert.equal(revived[1], received[1]);
  });

  it('keeps a field named __proto__ as a field of its own when reviving', () => {
    const items = ['- id: TASK_001\n  title: "Odd"\n  status: todo\n  __proto__: VALUE', '- TASK_001: "Odd"\n  status: todo\n  __proto__: VALUE'];
    for (const [value, item] of ['"text"', '{polluted: 1}', 'null'].flatMap((v) => items.map((i) => [v, i.replace('VALUE', v)] as const))) {
      const text = `# Board\n\n\`\`\`yaml\n${item}\n\`\`\`\n`;
      const parsed = parseFile('board', { file: 'TODO.md', text });
      if (parsed.kind !== 'board') return assert.fail('a board');
      assert.ok(Object.hasOwn(parsed.tasks[0]!.fields, '__proto__'), `the parse keeps __proto__: ${value} in ${item}`);
      assert.equal(Object.getPrototypeOf(parsed.tasks[0]!.fields), Object.prototype);
      const revived = roundTrip(parsed.tasks) as BoardTask[];
      assert.deepStrictEqual(revived.map(plain), parsed.tasks.map(plain), `__proto__: ${value}`);
      assert.equal(Object.getPrototypeOf(revived[0]!.fields), Object.prototype);
    }
  });

  for (const [name, file] of [['the demo board', DEMO], ['the malformed board', MALFORMED]] as const) {
    it(`a worker parses and lints ${name} as the host would`, async () => {
      const text = fs.readFileSync(file, 'utf8');
      const parser = new OffThreadParser(WORKER);
      try {
        const { parsed, lint, dependents } = (await parser.parse('TODO.md', 'board', text))!;
        assert.ok(dependents, 'the worker answered (a parse here would not say where the dependents are)');
        const here = parseFile('board', { file: 'TODO.md', text });
        assert.equal(parsed.kind, 'board');
        if (parsed.kind !== 'board' || here.kind !== 'board') return;
        assert.equal(parsed.tasks.length, here.tasks.length);
        assert.deepEqual(parsed.tasks.map((t) => [t.id, t.status, t.assignedAgent, t.span, spansOf(t)]), here.tasks.map((t) => [t.id, t.status, t.assignedAgent, t.span, spansOf(t)]));
        assert.deepEqual(parsed.history, here.history);
        assert.deepEqual(lint, lintFile(here, text));
      } finally {
        parser.dispose();
      }
    });
  }

  it('a worker says where the tasks that name dependencies are', async () => {
    const text = '# Board\n\n```yaml\n- TASK_001: "One"\n  status: todo\n- TASK_002: "Two"\n  status: todo\n  depends_on: [TASK_001]\n- TASK_003: "Three"\n  status: todo\n  blocked_by: TASK_002\n```\n';
    const parser = new OffThreadParser(WORKER);
    try {
      const { parsed, dependents } = (await parser.parse('TODO.md', 'board', text))!;
      assert.equal(parsed.kind === 'board' && parsed.tasks.length, 3);
      assert.deepEqual(Array.from(dependents!), [1, 2]);
    } finally {
      parser.dispose();
    }
  });

  it('lets an idle worker go, and starts another for the next text', async () => {
    const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
    const text = fs.readFileSync(DEMO, 'utf8');
    const parser = new OffThreadParser(WORKER, 50);
    try {
      const first = (await parser.parse('TODO.md', 'board', text))!;
      // Another text within the idle time keeps the worker.
      const again = (await parser.parse('TODO.md', 'board', `${text}\n`))!;
      assert.equal(parser.workersStarted, 1);
      await sleep(200);
      const later = (await parser.parse('TODO.md', 'board', text))!;
      assert.equal(parser.workersStarted, 2);
      // The workers let go failed nothing: the parser did not fall back to parsing here.
      await sleep(200);
      const last = (await parser.parse('TODO.md', 'board', `${text}\n\n`))!;
      assert.equal(parser.workersStarted, 3);
      for (const result of [first, again, later, last]) {
        assert.ok(result.dependents, 'a worker answered (a parse here would not say where the dependents are)');
        assert.equal(result.parsed.kind === 'board' && result.parsed.tasks.length, (parseFile('board', { file: 'TODO.md', text }) as unknown as { tasks: unknown[] }).tasks.length);
      }
    } finally {
      parser.dispose();
    }
  });

  it('starts a worker for a text that comes while the idle one is still exiting, and that exit fails nothing', async () => {
    const text = fs.readFileSync(DEMO, 'utf8');
    const parser = new OffThreadParser(WORKER, 0);
    try {
      await parser.parse('TODO.md', 'board', text);
      // This timer runs right after the idle one, in the same pass over the timers: before the worker's exit is heard.
      const next = await new Promise<Awaited<ReturnType<OffThreadParser['parse']>>>((resolve) => setTimeout(() => resolve(parser.parse('TODO.md', 'board', `${text}\n`)), 0));
      assert.equal(parser.workersStarted, 2);
      assert.ok(next!.dependents, 'the new worker answered (a parse here would not say where the dependents are)');
    } finally {
      parser.dispose();
    }
  });

  it('parses in this thread when the worker cannot start', async () => {
    const parser = new OffThreadParser(path.join(__dirname, 'no-such-worker.js'));
    try {
      const text = fs.readFileSync(DEMO, 'utf8');
      const { parsed } = (await parser.parse('TODO.md', 'board', text))!;
      assert.equal(parsed.kind === 'board' && parsed.tasks.length, (parseFile('board', { file: 'TODO.md', text }) as unknown as { tasks: unknown[] }).tasks.length);
    } finally {
      parser.dispose();
    }
  });

  /** A board of `n` tasks, ids TASK_00001... */
  function bigBoard(n: number): string {
    const items = Array.from({ length: n }, (_, i) => `- TASK_${String(i + 1).padStart(5, '0')}: "Task ${i + 1}"\n  status: todo\n`);
    return `# Big\n\n\`\`\`yaml\n${items.join('')}\`\`\`\n`;
  }

  it('sends each repeated string once, across slices, and revives every task with it', () => {
    const parsed = parseFile('board', { file: 'file:///w/TODO.md', text: bigBoard(50) });
    if (parsed.kind !== 'board') return assert.fail('a board');
    const packer = new TaskPacker();
    const reviver = new TaskReviver();
    const slices = [packAlone(packer, parsed.tasks.slice(0, 25)), packAlone(packer, parsed.tasks.slice(25))];
    // The first slice names the group, file, shape and status once; the second has nothing new to send.
    assert.deepEqual([...slices[0]!.strings].sort(), ['Big', 'file:///w/TODO.md', 'id-key', 'todo']);
    assert.deepEqual([slices[1]!.strings, slices[1]!.rests], [[], []]);
    const all = slices.flatMap((slice) => reviver.revive(structuredClone(slice))) as BoardTask[];
    assert.deepEqual(all.map(plain), parsed.tasks.map(plain));
    // String identity is not observable from JS: the host's table is, one entry per distinct string.
    assert.deepEqual([...reviver.strings].sort(), ['Big', 'file:///w/TODO.md', 'id-key', 'todo']);
  });

  it('numbers a string only once it repeats: a value used once travels as it is, and the host keeps no table entry for it', () => {
    // Each task has a timestamp of its own; `solo` is used by one task of each slice.
    const items = Array.from({ length: 50 }, (_, i) => {
      const area = i === 0 || i === 30 ? '  area: solo\n' : '';
      return `- TASK_${String(i + 1).padStart(5, '0')}: "Task ${i + 1}"\n  status: todo\n${area}  created_at: "2026-01-01T00:00:${String(i).padStart(2, '0')}Z"\n`;
    });
    const parsed = parseFile('board', { file: 'file:///w/TODO.md', text: `# Big\n\n\`\`\`yaml\n${items.join('')}\`\`\`\n` });
    if (parsed.kind !== 'board') return assert.fail('a board');
    const packer = new TaskPacker();
    const reviver = new TaskReviver();
    const slices = [packAlone(packer, parsed.tasks.slice(0, 25)), packAlone(packer, parsed.tasks.slice(25))];
    assert.deepEqual([...slices[0]!.strings].sort(), ['Big', 'file:///w/TODO.md', 'id-key', 'todo']);
    assert.deepEqual(slices[1]!.strings, ['solo'], 'numbered in the slice where it comes again');
    const all = slices.flatMap((slice) => reviver.revive(structuredClone(slice))) as BoardTask[];
    assert.deepStrictEqual(all.map(plain), parsed.tasks.map(plain));
    assert.deepEqual([...reviver.strings].sort(), ['Big', 'file:///w/TODO.md', 'id-key', 'solo', 'todo']);
  });

  it('revives fields past the ones it numbers, and spans that are not compact, as they were', () => {
    const many = Array.from({ length: 40 }, (_, i) => `  f${i}: v${i % 3}`).join('\n');
    const text = `# Board\n\n\`\`\`yaml\n- TASK_001: "Wide"\n  status: todo\n${many}\n- TASK_002: "Block"\n  status: todo\n  notes: |\n    two\n    lines\n\`\`\`\n\n## Later\n\n- [ ] A checkbox task (owner: ana)\n`;
    const parsed = parseFile('board', { file: 'TODO.md', text });
    if (parsed.kind !== 'board') return assert.fail('a board');
    assert.ok(parsed.tasks.length >= 2);
    assert.deepStrictEqual((roundTrip(parsed.tasks) as BoardTask[]).map(plain), parsed.tasks.map(plain));
  });

  describe('sliced tasks', () => {
    const board = (items: string[]): string => `# Board\n\n\`\`\`yaml\n${items.join('')}\`\`\`\n`;
    const short = (n: number, at?: (i: number) => string): string =>
      board(Array.from({ length: n }, (_, i) => `- T${i}: "Short ${i}"\n  status: todo\n${at?.(i) ?? ''}`));

    it('holds a plain task as one object whose id, title, spans and fields are read from its slice', () => {
      const text = board([
        '- TASK_001: "Every kind of value"\n  status: todo\n  estimate: 3\n  ratio: 0.5\n  ok: true\n  off: false\n  none: null\n  empty: ""\n  created_at: "2026-01-01T00:00:00Z"\n',
        '- TASK_002: "A list"\n  status: todo\n  depends_on: [TASK_001]\n',
        '- TASK_003: "Minus zero"\n  status: todo\n  offset: -0\n',
        '- id: TASK_004\n  title: "By field"\n  status: claimed\n  assigned_agent: ana\n',
        // A name that starts with a digit is left to the YAML reader (its spans a Map): kept as received.
        '- TASK_005: "Numbered field"\n  status: todo\n  2: two\n',
      ]);
      const parsed = parseFile('board', { file: 'TODO.md', text });
      if (parsed.kind !== 'board') return assert.fail('a board');
      const revived = roundTrip(parsed.tasks) as BoardTask[];
      assert.deepStrictEqual(revived.map(plain), parsed.tasks.map(plain));
      // A list, and a -0 (which would come back as 0 from its characters), are kept as received.
      assert.deepEqual(revived.map((t) => Object.hasOwn(t, 'id')), [false, true, true, false, true]);
      assert.deepEqual(Object.keys(revived[4]!.fields), Object.keys(parsed.tasks[4]!.fields));
      assert.deepStrictEqual(revived[0]!.fields, { status: 'todo', estimate: 3, ratio: 0.5, ok: true, off: false, none: null, empty: '', created_at: '2026-01-01T00:00:00Z' });
      assert.ok(Object.is(revived[2]!.fields['offset'], -0));
      assert.equal(JSON.stringify(revived), JSON.stringify(parsed.tasks), 'JSON sees the whole task');
      assert.equal(text.slice(revived[3]!.idSpan.start, revived[3]!.idSpan.end), 'TASK_004');
      assert.equal(revived[3]!.fieldSpans.get('assigned_agent')?.valueSpan.start, parsed.tasks[3]!.fieldSpans.get('assigned_agent')?.valueSpan.start);
    });

    it("names a task's fields in their own order when it is not its spans' order", () => {
      const text = board(['- id: TASK_001\n  title: "Two fields"\n  status: todo\n  area: api\n', '- TASK_002: "Id key"\n  status: todo\n  area: web\n']);
      const parsed = parseFile('board', { file: 'TODO.md', text });
      if (parsed.kind !== 'board') return assert.fail('a board');
      // The same tasks with their fields' keys reversed: their spans still list them in the item's order.
      const reordered = parsed.tasks.map((t) => ({ ...t, fields: Object.fromEntries(Object.entries(t.fields).reverse()) }));
      const revived = roundTrip([...parsed.tasks, ...reordered]) as BoardTask[];
      assert.deepEqual(revived.map((t) => Object.hasOwn(t, 'id')), [false, false, false, false], 'all four sliced');
      assert.deepStrictEqual(revived.map(plain), [...parsed.tasks, ...reordered].map(plain));
      assert.deepEqual(revived.map((t) => Object.keys(t.fields)), [...parsed.tasks, ...reordered].map((t) => Object.keys(t.fields)));
    });

    it('reads an edited board again from a parse revived here as a whole parse would', () => {
      const text = short(30);
      const parsed = parseFile('board', { file: 'TODO.md', text });
      if (parsed.kind !== 'board') return assert.fail('a board');
      // A parse from the worker is read whole again (the host does not know its fences); given them, the tasks after
      // the edit are moved, each made as plain data first.
      const revived = withYamlFences({ ...parsed, tasks: roundTrip(parsed.tasks) as BoardTask[] }, yamlFencesOf(parsed));
      const after = text.replace('"Short 3"', '"Short 3, renamed at length"');
      const again = reparseBoard(text, revived, { file: 'TODO.md', text: after });
      assert.ok(again, 'read from the revived parse');
      const whole = parseFile('board', { file: 'TODO.md', text: after });
      if (whole.kind !== 'board') return assert.fail('a board');
      assert.deepStrictEqual(again.tasks.map(plain), whole.tasks.map(plain));
    });

    /** Slices as runs: each run from a slice that carries characters to the next such slice. */
    const runsOf = (slices: readonly PackedSlice[]): PackedSlice[][] => {
      const runs: PackedSlice[][] = [];
      for (const slice of slices) {
        if (slice.chars !== undefined) runs.push([]);
        runs.at(-1)!.push(slice);
      }
      return runs;
    };

    it('packs slices in runs whose characters make one large string, sent with the first slice of the run', () => {
      const title = (i: number): string => `A title of some sixty characters, as agents write them (${i})`;
      const text = board(Array.from({ length: TASKS_PER_SLICE * 10 }, (_, i) => `- T${i}: "${title(i)}"\n  status: todo\n`));
      const parsed = parseFile('board', { file: 'TODO.md', text });
      if (parsed.kind !== 'board') return assert.fail('a board');
      const slices = new TaskStream().finish([...parsed.tasks]);
      const runs = runsOf(slices);
      assert.ok(runs.length >= 2, `${runs.length} runs`);
      for (const run of runs.slice(0, -1)) {
        assert.ok(run.length > 1 && run.length < 10, `${run.length} slices`);
        assert.ok(run[0]!.chars!.length >= LARGE_CHARS, `one large string: ${run[0]!.chars!.length} characters`);
      }
      // The numbers (spans, records) travel as one string per run too, never as array buffers: V8 counts those apart
      // from its heap, and their growth made it mark the host's heap in steps on the host's thread.
      for (const run of runs) {
        assert.equal(typeof run[0]!.numbers, 'string');
        assert.ok(run.slice(1).every((slice) => slice.numbers === undefined));
      }
      const buffers = (value: unknown): number => (ArrayBuffer.isView(value) || value instanceof ArrayBuffer ? 1 : value && typeof value === 'object' ? Object.values(value).reduce((n: number, v) => n + buffers(v), 0) : 0);
      assert.equal(buffers(slices), 0, 'no array buffer in the slices');
      const reviver = new TaskReviver();
      const revived = slices.flatMap((slice) => reviver.revive(structuredClone(slice))) as BoardTask[];
      assert.deepStrictEqual(revived.map(plain), parsed.tasks.map(plain));
    });

    it('ends a run at its most slices when the tasks have few characters', () => {
      const tiny = board(Array.from({ length: TASKS_PER_SLICE * (SLICES_PER_RUN + 2) }, (_, i) => `- T${i}: x\n`));
      const parsed = parseFile('board', { file: 'TODO.md', text: tiny });
      if (parsed.kind !== 'board') return assert.fail('a board');
      const [run] = runsOf(new TaskStream().finish([...parsed.tasks]));
      assert.equal(run!.length, SLICES_PER_RUN);
      assert.ok(run![0]!.chars!.length < LARGE_CHARS);
    });

    /** The slices revived in order, through structured clone, as the host revives them. */
    const revivedFrom = (slices: readonly PackedSlice[]): Task[] => {
      const reviver = new TaskReviver();
      return slices.flatMap((slice) => reviver.revive(structuredClone(slice)));
    };

    it("packs a board's tasks while the parse reads them, and the parse then holds them sliced", () => {
      const title = (i: number): string => `A title of some sixty characters, as agents write them (${i})`;
      const items = Array.from({ length: TASKS_PER_SLICE * 10 + 3 }, (_, i) => `- T${i}: "${title(i)}"\n  status: todo\n`);
      // A task a record cannot hold (a list value), and one with a problem, among them.
      items[1234] = '- T1234: "A list"\n  status: todo\n  depends_on: [T1, T2]\n';
      items[2345] = '- T2345: "Odd status"\n  status: finished-ish\n';
      const text = board(items);
      const whole = parseFile('board', { file: 'TODO.md', text });
      if (whole.kind !== 'board') return assert.fail('a board');
      let slicedWhileReading = 0;
      const stream = new (class extends TaskStream {
        override grew(tasks: BoardTask[]): void {
          super.grew(tasks);
          if (tasks.length === TASKS_PER_SLICE * 6) slicedWhileReading = tasks.filter((t) => taskData(t) !== t).length;
        }
      })();
      const parsed = parseFile('board', { file: 'TODO.md', text }, stream);
      if (parsed.kind !== 'board') return assert.fail('a board');
      assert.ok(slicedWhileReading >= TASKS_PER_SLICE, `${slicedWhileReading} tasks sliced before the parse read its 3,000th`);
      const slices = stream.finish(parsed.tasks as Task[]);
      assert.equal(parsed.tasks.filter((t) => taskData(t) === t).length, 1, 'every task sliced but the list');
      assert.deepStrictEqual(parsed.tasks.map(plain), whole.tasks.map(plain));
      assert.deepEqual(lintFile(parsed, text), lintFile(whole, text));
      assert.deepStrictEqual((revivedFrom(slices) as BoardTask[]).map(plain), whole.tasks.map(plain), 'the slices hold every task, in order');
      const runs = slices.filter((slice) => slice.chars !== undefined);
      assert.ok(runs.length > 1 && runs.slice(0, -1).every((slice) => slice.chars!.length >= LARGE_CHARS), 'in runs of one large string');
    });

    it('packs after the parse the tasks it was not told of: a checklist, a conflicted board, a board under its own lifecycle', () => {
      const lifecycle = makeLifecycle(['backlog', 'claimed', 'in_progress', 'review', 'done'], [], new Map());
      const sources: [FileKind, SourceText][] = [
        ['checklist', { file: 'a-tasks.md', text: fs.readFileSync(CHECKLIST, 'utf8') }],
        ['board', { file: 'TODO.md', text: board(['- T1: "One"\n  status: todo\n', '<<<<<<< HEAD\n- T2: "Ours"\n  status: claimed\n=======\n- T2: "Theirs"\n  status: done\n>>>>>>> other\n']) }],
        ['board', { file: 'TODO.md', text: short(TASKS_PER_SLICE + 2, (i) => (i % 2 ? '' : '  assigned_agent: ana\n')), lifecycle }],
      ];
      for (const [kind, src] of sources) {
        const whole = parseFile(kind, src);
        const stream = new TaskStream();
        const parsed = parseFile(kind, src, stream);
        if ((parsed.kind !== 'board' && parsed.kind !== 'checklist') || (whole.kind !== 'board' && whole.kind !== 'checklist')) return assert.fail('tasks');
        assert.ok(whole.tasks.length > 1, `${src.file}: tasks read`);
        const slices = stream.finish(parsed.tasks as Task[]);
        assert.deepStrictEqual(parsed.tasks.map(taskData), whole.tasks.map(taskData), `${src.file}: the parse`);
        assert.deepStrictEqual(revivedFrom(slices).map(taskData), whole.tasks.map(taskData), `${src.file}: the slices`);
      }
    });
  });

  it("brings a board of several runs back from the worker as a parse here reads it, with its lint", async () => {
    // More tasks than a run's most slices hold: the worker packs at least one run while it parses.
    const n = TASKS_PER_SLICE * SLICES_PER_RUN + 7;
    const items = Array.from({ length: n }, (_, i) => `- TASK_${String(i + 1).padStart(5, '0')}: "Task ${i + 1}"\n  status: ${i % 3 ? 'todo' : 'claimed'}\n`);
    items[9000] = '- TASK_09001: "Depends"\n  status: todo\n  depends_on: [TASK_00001]\n';
    const text = `# Big\n\n\`\`\`yaml\n${items.join('')}\`\`\`\n`;
    const parser = new OffThreadParser(WORKER);
    try {
      const { parsed, lint, dependents } = (await parser.parse('TODO.md', 'board', text))!;
      const here = parseFile('board', { file: 'TODO.md', text });
      if (parsed.kind !== 'board' || here.kind !== 'board') return assert.fail('a board');
      assert.deepEqual(Array.from(dependents!), [9000], 'the worker answered');
      assert.deepStrictEqual(parsed.tasks.map(taskData), here.tasks.map(taskData));
      assert.deepEqual(lint, lintFile(here, text));
      assert.ok(lint.some((p) => p.code === 'claim-without-agent'), 'a lint with problems in it');
    } finally {
      parser.dispose();
    }
  });

  it('brings a board of several slices back whole and in order', async () => {
    const n = TASKS_PER_SLICE * 2 + 7;
    const parser = new OffThreadParser(WORKER);
    try {
      const { parsed } = (await parser.parse('TODO.md', 'board', bigBoard(n)))!;
      assert.equal(parsed.kind === 'board' && parsed.tasks.length, n);
      if (parsed.kind !== 'board') return;
      assert.deepEqual(parsed.tasks.map((t) => t.id), Array.from({ length: n }, (_, i) => `TASK_${String(i + 1).padStart(5, '0')}`));
    } finally {
      parser.dispose();
    }
  });

  it('does not believe a worker that sends fewer tasks than it announced: the text is parsed here', async () => {
    // It announces every task of the board, sends the first alone, then says it is done: a host that believed it
    // would take a board with tasks missing.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-worker-'));
    const fake = path.join(dir, 'shortWorker.js');
    const transfer = JSON.stringify(path.resolve(__dirname, '../../src/core/parsedTransfer.js'));
    const parse = JSON.stringify(path.resolve(__dirname, '../../src/core/parseFile.js'));
    fs.writeFileSync(
      fake,
      `const { parentPort } = require('node:worker_threads');
const { splitParsed, TaskPacker } = require(${transfer});
const { parseFile } = require(${parse});
let rest;
parentPort.on('message', (request) => {
  if (request.type === 'parse') {
    const split = splitParsed(parseFile(request.kind, { file: request.file, text: request.text }));
    rest = split.rest;
    const packer = new TaskPacker();
    packer.addToRun(split.tasks.slice(0, 1));
    parentPort.postMessage({ id: request.id, type: 'tasks', slice: packer.closeRun()[0], total: split.tasks.length });
  } else if (request.type === 'next') {
    parentPort.postMessage({ id: request.id, type: 'done', rest, lint: [], lines: new Uint32Array(0), dependents: new Int32Array(0) });
  }
});
`,
    );
    const parser = new OffThreadParser(fake);
    try {
      const { parsed } = (await parser.parse('TODO.md', 'board', bigBoard(3)))!;
      assert.deepEqual(parsed.kind === 'board' && parsed.tasks.map((t) => t.id), ['TASK_00001', 'TASK_00002', 'TASK_00003']);
    } finally {
      parser.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sends a text longer than a piece a piece per turn, and the worker reads it whole', async () => {
    // Several pieces, one ending inside an item (and a character outside ASCII across a boundary).
    const items: string[] = [];
    for (let i = 1, size = 0; size < PIECE_CHARS * 2.5; i++) {
      const item = `- TASK_${i}: "Tâche ${i} ${'é'.repeat(i % 7)}"\n  priority: low\n  assigned_agent:\n  status: todo\n`;
      items.push(item);
      size += item.length;
    }
    const text = `# Board\n\n\`\`\`yaml\n${items.join('')}\`\`\`\n`;
    assert.ok(text.length > PIECE_CHARS * 2);
    const parser = new OffThreadParser(WORKER);
    try {
      const { parsed, lines } = (await parser.parse('TODO.md', 'board', text))!;
      const here = parseFile('board', { file: 'TODO.md', text });
      // Where its lines start, found by the worker: what the host places problems by.
      assert.deepEqual(Array.from(lines), lineStartsOf(text));
      assert.ok(lines.length > items.length * 4);
      assert.ok(parsed.kind === 'board' && here.kind === 'board');
      assert.equal(parsed.tasks.length, items.length);
      assert.deepEqual(parsed.tasks.map((t) => [t.id, t.title, t.span]), here.tasks.map((t) => [t.id, t.title, t.span]));
      // Given in pieces (as the store reads a large file), cut anywhere: the worker is sent the pieces as they are,
      // never slices of the text (a rope's slice copies it whole). Pieces of another text show which it read.
      const other = text.replace('TASK_1:', 'TASK_0:');
      const cuts = [0, 1000, PIECE_CHARS + 1000, PIECE_CHARS + 1017, other.length];
      const pieces = cuts.slice(1).map((end, i) => other.slice(cuts[i], end));
      const fromPieces = (await parser.parse('TODO.md', 'board', joinedLazily(pieces.map((p) => p.replace('TASK_0:', 'TASK_1:'))), { pieces }))!;
      assert.ok(fromPieces.parsed.kind === 'board');
      assert.equal(fromPieces.parsed.tasks[0]!.id, 'TASK_0');
      assert.deepEqual(fromPieces.parsed.tasks.slice(1).map((t) => [t.id, t.title, t.span]), here.tasks.slice(1).map((t) => [t.id, t.title, t.span]));
      assert.deepEqual(Array.from(fromPieces.lines), lineStartsOf(other));
      // A newer text while the pieces of the first are on their way: the first is dropped, the second read.
      const older = parser.parse('TODO.md', 'board', text);
      const newer = parser.parse('TODO.md', 'board', text.replace('TASK_1:', 'TASK_0:'));
      assert.equal(await older, undefined);
      const read = await newer;
      assert.equal(read?.parsed.kind === 'board' && read.parsed.tasks[0]!.id, 'TASK_0');
    } finally {
      parser.dispose();
    }
  });

  it('lists each job under way with the tasks taken so far, and none once it settles', async () => {
    const parser = new OffThreadParser(WORKER);
    try {
      const seen: number[] = [];
      const wanted = (): boolean => {
        seen.push(...parser.inFlight().filter((j) => j.file === 'TODO.md').map((j) => j.tasks));
        return true;
      };
      const done = parser.parse('TODO.md', 'board', bigBoard(TASKS_PER_SLICE * 3), { wanted });
      assert.deepEqual(parser.inFlight(), [{ file: 'TODO.md', tasks: 0 }], 'listed from the moment it is handed over');
      await done;
      assert.deepEqual(seen, [0, TASKS_PER_SLICE, TASKS_PER_SLICE * 2], 'the count grows by a slice at a time');
      assert.deepEqual(parser.inFlight(), []);
    } finally {
      parser.dispose();
    }
  });

  it('parses nicer than the host on Linux, where a thread has a nice value of its own, and leaves the host alone', async () => {
    /** The nice value of each thread of this process, by thread id (Linux only). */
    const niceByThread = (): Map<string, number> => {
      const out = new Map<string, number>();
      for (const tid of fs.readdirSync(`/proc/${process.pid}/task`)) {
        let stat: string;
        try {
          stat = fs.readFileSync(`/proc/${process.pid}/task/${tid}/stat`, 'utf8');
        } catch {
          continue; // the thread ended between the listing and the read (another test's worker going away)
        }
        // The fields after the command's closing parenthesis start at the third; nice is the nineteenth.
        out.set(tid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
      }
      return out;
    };
    const hostNice = os.getPriority();
    const before = process.platform === 'linux' ? niceByThread() : undefined;
    const worker = new Worker(WORKER);
    try {
      // A parse answered (its first slice): the worker's module has run, its priority set.
      const done = new Promise<void>((resolve) => worker.once('message', () => resolve()));
      worker.postMessage({ type: 'parse', id: 1, file: 'TODO.md', kind: 'board', text: bigBoard(3) } satisfies ParseRequest);
      await done;
      assert.equal(os.getPriority(), hostNice, "the host's thread kept its priority");
      if (before) {
        const after = niceByThread();
        const nicer = [...after].filter(([tid, nice]) => !before.has(tid) && nice === Math.min(19, hostNice + WORKER_NICE));
        assert.equal(nicer.length, 1, `one new thread at nice ${hostNice + WORKER_NICE}: ${JSON.stringify([...after])}`);
        // This file loads the worker's module for its constants: that left this thread where the process started,
        // as nice as the threads Node made before any module loaded (the least nice of them all).
        assert.equal(after.get(String(process.pid)), Math.min(...after.values()), `this thread's nice value: ${JSON.stringify([...after])}`);
      }
    } finally {
      await worker.terminate();
    }
  });

  it('the worker sends the next slice only when asked, and forgets a dropped job', async () => {
    const worker = new Worker(WORKER);
    const replies: ParseReply[] = [];
    let arrived: () => void = () => {};
    worker.on('message', (reply: ParseReply) => {
      replies.push(reply);
      arrived();
    });
    const next = (): Promise<void> => new Promise((resolve) => (arrived = resolve));
    const quiet = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 300));
    try {
      let reply = next();
      worker.postMessage({ type: 'parse', id: 1, file: 'TODO.md', kind: 'board', text: bigBoard(TASKS_PER_SLICE * 3) } satisfies ParseRequest);
      await reply;
      await quiet();
      assert.deepEqual(replies.map((r) => r.type), ['tasks'], 'one slice, then nothing until asked');
      reply = next();
      worker.postMessage({ type: 'next', id: 1 } satisfies ParseRequest);
      await reply;
      await quiet();
      assert.deepEqual(replies.map((r) => r.type), ['tasks', 'tasks']);
      worker.postMessage({ type: 'drop', id: 1 } satisfies ParseRequest);
      worker.postMessage({ type: 'next', id: 1 } satisfies ParseRequest);
      await quiet();
      assert.equal(replies.length, 2, 'a dropped job sends nothing more');
    } finally {
      await worker.terminate();
    }
  });

  it('settles with nothing when the caller stops wanting the answer', async () => {
    const parser = new OffThreadParser(WORKER);
    try {
      let asked = 0;
      const result = await parser.parse('TODO.md', 'board', bigBoard(TASKS_PER_SLICE * 3), { wanted: () => ++asked < 2 });
      assert.equal(result, undefined);
      assert.equal(asked, 2);
      const again = await parser.parse('TODO.md', 'board', bigBoard(3));
      assert.equal(again?.parsed.kind === 'board' && again.parsed.tasks.length, 3, 'the worker still serves new jobs');
    } finally {
      parser.dispose();
    }
  });

  it('a newer text of the same file drops the job before it; other files are not touched', async () => {
    const parser = new OffThreadParser(WORKER);
    try {
      const older = parser.parse('a/TODO.md', 'board', bigBoard(TASKS_PER_SLICE * 2));
      const other = parser.parse('b/TODO.md', 'board', bigBoard(5));
      const newer = parser.parse('a/TODO.md', 'board', bigBoard(7));
      const count = (result: Awaited<typeof newer>): number | undefined => (result?.parsed.kind === 'board' ? result.parsed.tasks.length : undefined);
      assert.equal(await older, undefined);
      assert.equal(count(await newer), 7);
      assert.equal(count(await other), 5);
    } finally {
      parser.dispose();
    }
  });

  it('dispose settles the jobs left with nothing, and parses none of them here', async () => {
    const parser = new OffThreadParser(WORKER);
    const pending = parser.parse('TODO.md', 'board', bigBoard(TASKS_PER_SLICE * 3));
    parser.dispose();
    assert.equal(await pending, undefined);
  });
});
