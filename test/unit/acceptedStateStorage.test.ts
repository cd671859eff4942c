import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { entriesOf, packSnapshot, snapshotOf, unpackSnapshot, violationsAgainst, type AcceptedSnapshot, type AcceptedTask } from '../../src/core/acceptedState';
import { parseBoard } from '../../src/core/board/parseBoard';
import { parseChecklist } from '../../src/core/checklist/parseChecklist';
import { AcceptedStates, MAX_PERSISTED_TASKS, type Turns } from '../../src/extension/enforcement/acceptedStateStorage';
import { LaterTurns } from '../../src/extension/laterTurns';

/** A Memento that stores what VS Code's would: a JSON copy of each value. */
class FakeMemento implements vscode.Memento {
  readonly values = new Map<string, unknown>();
  updates = 0;
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, defaultValue?: T): T | undefined {
    return this.values.has(key) ? (this.values.get(key) as T) : defaultValue;
  }
  update(key: string, value: unknown): Thenable<void> {
    this.updates++;
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, JSON.parse(JSON.stringify(value)));
    return Promise.resolve();
  }
}

const FILE = 'file:///w/TODO.md';
const BOARD = [
  '# TODO',
  '',
  '```yaml',
  '- TASK_001: "First"',
  '  assigned_agent: alice',
  '  status: In Progress',
  '- TASK_002: "  Second  "',
  '  status: todo',
  '- id: TASK_003',
  '  title: ""',
  '```',
  '',
].join('\n');
const CHECKLIST = ['# bob', '', '- [x] TASK_010: Done thing', '- [ ] TASK_011: Open thing', ''].join('\n');

function sample(): AcceptedSnapshot {
  const board = parseBoard({ file: FILE, text: BOARD }).tasks;
  const list = parseChecklist({ file: 'file:///w/.claude/tasks/bob-tasks.md', text: CHECKLIST }).tasks;
  return snapshotOf([...board, ...list]);
}

/**
 * What storage keeps of each entry of a snapshot (whose entries may be whole
 * tasks): id, kind, status, status text, agent and the title trimmed, each
 * only when there is one.
 */
function kept(snapshot: AcceptedSnapshot): AcceptedSnapshot {
  return {
    tasks: snapshot.tasks.map((t) => {
      const entry: { -readonly [K in keyof AcceptedTask]: AcceptedTask[K] } = { id: t.id, kind: t.kind };
      if (t.status !== undefined) entry.status = t.status;
      if (t.statusText !== undefined) entry.statusText = t.statusText;
      if (t.assignedAgent !== undefined) entry.assignedAgent = t.assignedAgent;
      const title = t.title?.trim();
      if (title) entry.title = title;
      return entry;
    }),
  };
}

function big(n: number): AcceptedSnapshot {
  return { tasks: Array.from({ length: n }, (_, i) => ({ id: `T_${i}`, kind: 'board' as const, status: 'todo' as const })) };
}

/**
 * The store's queue, counting the turns of the event loop (a ticker re-armed each turn) and the steps of each pass:
 * `steps` holds the turn of each step a pass took, `writes` the turn of each write to `memento`. `onStep` is called
 * at each step, before it runs.
 */
function countedTurns(memento: FakeMemento, onStep: (step: number) => void = () => {}) {
  const later = new LaterTurns();
  const seen = { turn: 0, steps: [] as number[], writes: [] as number[] };
  let ticking = true;
  const tick = (): void => {
    seen.turn++;
    if (ticking) setImmediate(tick);
  };
  setImmediate(tick);
  const update = memento.update.bind(memento);
  memento.update = (key, value) => {
    seen.writes.push(seen.turn);
    return update(key, value);
  };
  const turns: Turns = {
    runSteps: (key, start) =>
      later.runSteps(key, () => {
        const steps = start();
        return {
          next: () => {
            seen.steps.push(seen.turn);
            onStep(seen.steps.length);
            return steps.next();
          },
        };
      }),
    enqueue: (key, job) => later.enqueue(key, job),
  };
  const stop = (): void => {
    ticking = false;
    later.dispose();
  };
  return { turns, seen, stop };
}

/** Waits turns of the event loop until `done` holds (at most 500). */
async function turnsUntil(done: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((r) => setImmediate(r));
}

describe('accepted snapshots in storage', () => {
  it('packs a snapshot and unpacks the same snapshot, through JSON', () => {
    const snapshot = sample();
    assert.ok(snapshot.tasks.some((t) => t.kind === 'checklist'));
    assert.ok(snapshot.tasks.some((t) => t.statusText !== undefined && t.statusText !== t.status));
    const stored = JSON.parse(JSON.stringify(packSnapshot(snapshot)));
    assert.equal(stored.format, 3);
    assert.deepEqual(unpackSnapshot(stored), kept(snapshot));
    assert.equal(unpackSnapshot(stored)!.tasks[1]!.title, 'Second');
  });

  it('stores a few JSON values however many tasks: VS Code serialises a stored value calling a replacer per value', () => {
    const valuesOf = (value: unknown): number => {
      let n = 0;
      JSON.stringify(value, (_key, v: unknown) => (n++, v));
      return n;
    };
    const stored = packSnapshot(big(10_000));
    assert.equal(valuesOf(stored), valuesOf(packSnapshot(big(1))));
    assert.ok(valuesOf(stored) <= 3, `values: ${valuesOf(stored)}`);
    assert.deepEqual(unpackSnapshot(stored), big(10_000));
  });

  it('still reads the forms older versions stored (field arrays; one object per task), and nothing else', () => {
    const snapshot = sample();
    const perTask = kept(snapshot);
    assert.deepEqual(unpackSnapshot(JSON.parse(JSON.stringify(perTask))), perTask);
    const fieldArrays = JSON.parse((packSnapshot(snapshot) as { fields: string }).fields);
    assert.equal(fieldArrays.format, 2);
    assert.deepEqual(unpackSnapshot(fieldArrays), perTask);
    assert.equal(unpackSnapshot({ format: 2, ids: ['A'], kinds: 'bb', statuses: [], statusTexts: [], agents: [], titles: [] }), undefined);
    assert.equal(unpackSnapshot({ format: 3 }), undefined);
    assert.equal(unpackSnapshot({ format: 3, fields: '{"format": 2' }), undefined);
    assert.equal(unpackSnapshot({ format: 3, fields: '[]' }), undefined);
    assert.equal(unpackSnapshot({ format: 4 }), undefined);
    assert.equal(unpackSnapshot('text'), undefined);
    assert.equal(unpackSnapshot(undefined), undefined);
  });

  it('reads an agent stored as `@bob` by an earlier version as a parse now reads it, `bob`', () => {
    const fieldArrays = { format: 2, ids: ['A', 'B'], kinds: 'bb', statuses: ['claimed', 'claimed'], statusTexts: [0, 0], agents: ['@bob', 'ana'], titles: [null, null] };
    const stored = { format: 3, fields: JSON.stringify(fieldArrays) };
    assert.deepEqual(unpackSnapshot(stored)!.tasks.map((t) => t.assignedAgent), ['bob', 'ana']);
    const perTask = { tasks: [{ id: 'A', kind: 'board', status: 'claimed', assignedAgent: '@bob' }] };
    assert.deepEqual(unpackSnapshot(perTask)!.tasks, [{ id: 'A', kind: 'board', status: 'claimed', assignedAgent: 'bob' }]);
    // So the next text, whose task says `@bob` (read as bob), is no stolen claim.
    const text = '```yaml\n- A: "x"\n  assigned_agent: "@bob"\n  status: claimed\n```\n';
    const tasks = parseBoard({ file: FILE, text }).tasks;
    assert.deepEqual(violationsAgainst(unpackSnapshot(perTask)!, tasks, text), []);
  });

  it('answers a set snapshot at once and writes it packed, once, when flushed', async () => {
    const memento = new FakeMemento();
    const states = new AcceptedStates(memento, { persistDelayMs: 60_000 });
    const first = sample();
    const second = { tasks: first.tasks.slice(1) };
    await states.set(FILE, first);
    await states.set(FILE, second);
    assert.equal(states.get(FILE), second);
    assert.equal(memento.updates, 0);
    await states.flush();
    assert.equal(memento.updates, 1);
    assert.deepEqual(unpackSnapshot(memento.get(`agentTaskBoard.accepted:${FILE}`)), kept(second));
    // A new instance (a restart) reads what was written.
    assert.deepEqual(new AcceptedStates(memento).get(FILE), kept(second));
  });

  it('writes a burst of changes once, after the burst, and a long one at the latest after the longest wait', async () => {
    const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
    const memento = new FakeMemento();
    // Each change pushes the write back by the quiet time (300 ms): none while they keep coming.
    const quiet = new AcceptedStates(memento, { persistDelayMs: 300, maxPersistWaitMs: 60_000 });
    await quiet.set(FILE, sample());
    await sleep(200);
    await quiet.set(FILE, { tasks: sample().tasks.slice(1) });
    await sleep(200);
    assert.equal(memento.updates, 0, 'no write while the changes keep coming');
    await sleep(300);
    assert.equal(memento.updates, 1, 'one write once they stop');
    // Changes that never stop are written once the oldest has waited the longest wait (here 100 ms).
    const busy = new AcceptedStates(memento, { persistDelayMs: 60_000, maxPersistWaitMs: 100 });
    await busy.set(FILE, sample());
    await sleep(300);
    assert.equal(memento.updates, 2);
    quiet.dispose();
    busy.dispose();
  });

  it('packs a timed write in steps, in the store\'s turns, and hands it to storage in a turn of its own', async () => {
    const memento = new FakeMemento();
    const { turns, seen, stop } = countedTurns(memento);
    const states = new AcceptedStates(memento, { persistDelayMs: 0, turns });
    const snapshot = big(3 * 1024 + 5);
    await states.set(FILE, snapshot);
    await turnsUntil(() => memento.updates > 0);
    stop();
    assert.equal(memento.updates, 1);
    assert.deepEqual(unpackSnapshot(memento.get(`agentTaskBoard.accepted:${FILE}`)), kept(snapshot));
    // A step per 1,024 tasks and one for the JSON: five, run by the queue (a few to a turn at most).
    assert.equal(seen.steps.length, 5);
    assert.ok(seen.writes[0]! > seen.steps.at(-1)!, `written in turn ${seen.writes[0]}, after the last step's turn ${seen.steps.at(-1)}`);
  });

  it('writes only the newest snapshot when one is set while an older one is packed', async () => {
    const memento = new FakeMemento();
    const newer = big(2000);
    const { turns, stop } = countedTurns(memento, (step) => {
      if (step === 1) void states.set(FILE, newer);
    });
    const states = new AcceptedStates(memento, { persistDelayMs: 0, turns });
    await states.set(FILE, big(3000));
    await turnsUntil(() => memento.updates > 0);
    // Turns enough for the older write, had it not been dropped, to land after the newer.
    await turnsUntil(() => false);
    stop();
    assert.equal(memento.updates, 1);
    assert.deepEqual(unpackSnapshot(memento.get(`agentTaskBoard.accepted:${FILE}`)), kept(newer));
  });

  it('hands a batch\'s snapshots to storage in one turn, and keeps a file packed when a change to another replaces the pass', async () => {
    const memento = new FakeMemento();
    const OTHER = 'file:///w/other/TODO.md';
    const { turns, seen, stop } = countedTurns(memento, (step) => {
      // Mid-pack, a change to a third file schedules the next batch, whose pass replaces this one: each step takes
      // 3 ms, so the pass (a turn gives it 4) is still under way when that batch's timer fires.
      if (step === 1) void states.set(THIRD, big(10));
      for (const until = performance.now() + 3; performance.now() < until; );
    });
    const THIRD = 'file:///w/third/TODO.md';
    const states = new AcceptedStates(memento, { persistDelayMs: 0, turns });
    await states.set(FILE, big(3000));
    await states.set(OTHER, big(2000));
    await turnsUntil(() => memento.updates >= 3);
    stop();
    assert.equal(memento.updates, 3);
    assert.ok(seen.steps.at(-1)! > seen.steps[0]! + 1, `a pass over several turns: ${seen.steps}`);
    assert.equal(new Set(seen.writes).size, 1, `written in turns ${seen.writes}`);
    for (const [file, n] of [[FILE, 3000], [OTHER, 2000], [THIRD, 10]] as const) {
      assert.deepEqual(new AcceptedStates(memento).get(file), kept(big(n)), file);
    }
  });

  it('still writes a snapshot swapped for the same state while it is packed', async () => {
    const memento = new FakeMemento();
    const snapshot = sample();
    const { turns, stop } = countedTurns(memento, (step) => {
      if (step === 1) states.swap(FILE, snapshot, entriesOf(snapshot));
    });
    const states = new AcceptedStates(memento, { persistDelayMs: 0, turns });
    await states.set(FILE, snapshot);
    await turnsUntil(() => memento.updates > 0);
    stop();
    assert.equal(memento.updates, 1);
    assert.deepEqual(unpackSnapshot(memento.get(`agentTaskBoard.accepted:${FILE}`)), kept(snapshot));
  });

  it('writes a snapshot being packed when disposed, once, and the packing then writes nothing', async () => {
    const memento = new FakeMemento();
    const snapshot = big(3000);
    const { turns, stop } = countedTurns(memento, (step) => {
      if (step === 1) states.dispose();
    });
    const states = new AcceptedStates(memento, { persistDelayMs: 0, turns });
    await states.set(FILE, snapshot);
    await turnsUntil(() => memento.updates > 0);
    assert.equal(memento.updates, 1, 'written by the dispose');
    await turnsUntil(() => false);
    stop();
    assert.equal(memento.updates, 1);
    assert.deepEqual(new AcceptedStates(memento).get(FILE), kept(snapshot));
  });

  it('writes pending snapshots when disposed, so the next instance reads them', () => {
    const memento = new FakeMemento();
    const states = new AcceptedStates(memento, { persistDelayMs: 60_000 });
    void states.set(FILE, sample());
    states.dispose();
    assert.deepEqual(new AcceptedStates(memento).get(FILE), kept(sample()));
  });

  it('keeps a snapshot too big to store in memory only, and removes its stored copy', async () => {
    const memento = new FakeMemento();
    const states = new AcceptedStates(memento, { persistDelayMs: 60_000 });
    await states.set(FILE, sample());
    await states.flush();
    const huge = big(MAX_PERSISTED_TASKS + 1);
    await states.set(FILE, huge);
    await states.flush();
    assert.equal(states.get(FILE), huge);
    assert.equal(memento.get(`agentTaskBoard.accepted:${FILE}`), undefined);
    assert.equal(new AcceptedStates(memento).get(FILE), undefined);
  });

  it('writes nothing for a snapshot too big to store, or a delete, of a file it never stored', async () => {
    const memento = new FakeMemento();
    await memento.update('agentTaskBoard.accepted:file:///w/other/TODO.md', packSnapshot(sample()));
    memento.updates = 0;
    const states = new AcceptedStates(memento, { persistDelayMs: 60_000 });
    await states.set(FILE, big(MAX_PERSISTED_TASKS + 1));
    await states.flush();
    await states.delete(FILE);
    await states.flush();
    assert.equal(memento.updates, 0, 'each update sends every stored value again');
    assert.deepEqual(memento.keys(), ['agentTaskBoard.accepted:file:///w/other/TODO.md']);
  });

  it('swaps a held snapshot for the same state held another way, only while it is the one held, writing nothing', async () => {
    const memento = new FakeMemento();
    const states = new AcceptedStates(memento, { persistDelayMs: 60_000 });
    const snapshot = sample();
    await states.set(FILE, snapshot);
    await states.flush();
    const updates = memento.updates;
    const entries = entriesOf(snapshot);
    states.swap(FILE, snapshot, entries);
    assert.equal(states.held(FILE), entries);
    await states.flush();
    assert.equal(memento.updates, updates);
    // A newer snapshot set meanwhile stays.
    const newer = { tasks: snapshot.tasks.slice(1) };
    await states.set(FILE, newer);
    states.swap(FILE, entries, entriesOf(entries));
    assert.equal(states.held(FILE), newer);
    assert.equal(states.held('file:///w/unknown/TODO.md'), undefined);
  });

  it('deletes a snapshot', async () => {
    const memento = new FakeMemento();
    const states = new AcceptedStates(memento, { persistDelayMs: 60_000 });
    await states.set(FILE, sample());
    await states.flush();
    await states.delete(FILE);
    assert.equal(states.get(FILE), undefined);
    await states.flush();
    assert.equal(new AcceptedStates(memento).get(FILE), undefined);
  });
});
