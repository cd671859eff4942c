import { strict as assert } from 'node:assert';
import { LaterTurns, SLICE_MS } from '../../src/extension/laterTurns';
import { eachInSteps, TASKS_PER_STEP } from '../../src/core/steps';

/** Resolves after `n` turns of the event loop. */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
}

describe('LaterTurns', () => {
  it('runs one job per turn, in order, never in the turn that queued it', async () => {
    const queue = new LaterTurns();
    const ran: string[] = [];
    queue.enqueue('a', () => ran.push('a'));
    queue.enqueue('b', () => ran.push('b'));
    queue.enqueue('c', () => ran.push('c'));
    assert.deepEqual(ran, []);
    await turns(1);
    assert.deepEqual(ran, ['a']);
    await turns(1);
    assert.deepEqual(ran, ['a', 'b']);
    await turns(1);
    assert.deepEqual(ran, ['a', 'b', 'c']);
  });

  it('lets a timer due meanwhile run between two jobs', async () => {
    const queue = new LaterTurns();
    const ran: string[] = [];
    setTimeout(() => ran.push('timer'), 0);
    queue.enqueue('a', () => {
      const until = Date.now() + 5; // the timer is due before this job ends
      while (Date.now() < until);
      ran.push('a');
    });
    queue.enqueue('b', () => ran.push('b'));
    await turns(4);
    assert.deepEqual(ran.filter((r) => r !== 'timer').join(), 'a,b');
    assert.ok(ran.indexOf('timer') < ran.indexOf('b'), `the timer ran before b: ${ran.join()}`);
  });

  it('coalesces jobs under one key: the newest runs, in the first one\'s place', async () => {
    const queue = new LaterTurns();
    const ran: string[] = [];
    queue.enqueue('tree', () => ran.push('tree 1'));
    queue.enqueue('status', () => ran.push('status'));
    queue.enqueue('tree', () => ran.push('tree 2'));
    await turns(3);
    assert.deepEqual(ran, ['tree 2', 'status']);
  });

  it('runs nothing after dispose, queued before or after it', async () => {
    const queue = new LaterTurns();
    const ran: string[] = [];
    queue.enqueue('a', () => ran.push('a'));
    queue.dispose();
    queue.enqueue('b', () => ran.push('b'));
    await turns(3);
    assert.deepEqual(ran, []);
  });

  it('a job that throws is told to onFailure and does not stop the queue', async () => {
    const failures: [string, unknown][] = [];
    const queue = new LaterTurns((key, error) => failures.push([key, error]));
    const ran: string[] = [];
    queue.enqueue('bad', () => {
      throw new Error('boom');
    });
    queue.enqueueSteps('steps', function* () {
      yield;
      throw new Error('mid-pass');
    });
    queue.enqueue('y', () => ran.push('y'));
    await turns(6);
    assert.deepEqual(
      failures.map(([key, error]) => `${key}: ${(error as Error).message}`).sort(),
      ['bad: boom', 'steps: mid-pass'],
    );
    assert.deepEqual(ran, ['y']);
  });

  it('without onFailure, a job that throws goes to the console', async () => {
    const queue = new LaterTurns();
    const ran: string[] = [];
    queue.enqueue('bad', () => {
      throw new Error('boom');
    });
    queue.enqueue('y', () => ran.push('y'));
    const logged: unknown[][] = [];
    const log = console.error;
    console.error = (...args: unknown[]) => void logged.push(args);
    try {
      await turns(3);
    } finally {
      console.error = log;
    }
    assert.equal(logged.length, 1);
    assert.match(String(logged[0]![0]), /bad failed/);
    assert.deepEqual(ran, ['y']);
  });

  /** A pass of `n` steps, each busy for `ms`, recording the turn it ran in. */
  function* pass(n: number, ms: number, log: number[], turn: () => number): Generator<void> {
    for (let i = 0; i < n; i++) {
      const until = performance.now() + ms;
      while (performance.now() < until);
      log.push(turn());
      yield;
    }
  }

  /** Runs `body` with the number of the event loop's turn so far (a timer counts them), and stops counting after. */
  async function countingTurns(body: (turn: () => number) => Promise<void>): Promise<void> {
    let turn = 0;
    const counting = setInterval(() => turn++, 0);
    try {
      await body(() => turn);
    } finally {
      clearInterval(counting);
    }
  }

  it('runs a sliced pass a few milliseconds per turn, with timers and other jobs between its slices', async () => {
    const queue = new LaterTurns();
    const steps: number[] = [];
    const ran: string[] = [];
    await countingTurns(async (turn) => {
      // Each step takes a third of a slice: the pass needs about ten turns, never one.
      queue.enqueueSteps('tree', () => pass(30, SLICE_MS / 3, steps, turn));
      queue.enqueue('status', () => ran.push(`status after ${steps.length}`));
      while (steps.length < 30) await turns(1);
    });
    const turnsUsed = new Set(steps).size;
    assert.ok(turnsUsed >= 5, `the pass ran in ${turnsUsed} turns: ${steps.join()}`);
    // The job queued behind it ran after its first slice, not after the whole pass.
    assert.equal(ran.length, 1);
    const after = Number(/status after (\d+)/.exec(ran[0]!)![1]);
    assert.ok(after > 0 && after < 30, ran[0]);
  });

  it('a newer job under the same key replaces a sliced pass under way', async () => {
    const queue = new LaterTurns();
    const first: number[] = [];
    const second: number[] = [];
    queue.enqueueSteps('tree', () => pass(1000, SLICE_MS / 4, first, () => 1));
    await turns(1);
    assert.ok(first.length > 0 && first.length < 1000);
    const startedWith = first.length;
    queue.enqueueSteps('tree', () => pass(3, 0, second, () => 2));
    await turns(3);
    assert.equal(first.length, startedWith, 'the first pass did not go on');
    assert.equal(second.length, 3);
  });

  it('finish runs a job to its end now, and cancel forgets one', async () => {
    const queue = new LaterTurns();
    const steps: number[] = [];
    queue.enqueueSteps('tree', () => pass(50, 1, steps, () => 0));
    queue.finish('tree');
    assert.equal(steps.length, 50);
    assert.equal(queue.has('tree'), false);
    const ran: string[] = [];
    queue.enqueue('status', () => ran.push('status'));
    queue.cancel('status');
    await turns(3);
    assert.deepEqual(ran, []);
  });

  /** `pass`, with `result` as its value. */
  function* passTo<T>(result: T, n: number, ms: number, log: number[], turn: () => number): Generator<void, T> {
    yield* pass(n, ms, log, turn);
    return result;
  }

  it('runSteps settles with the pass\'s result, its slices taking turns with the other jobs', async () => {
    const queue = new LaterTurns();
    const waited: number[] = [];
    const viewed: number[] = [];
    await countingTurns(async (turn) => {
      // A view's pass and a waited-for pass, each of several slices: never two slices in one turn.
      queue.enqueueSteps('tree', () => pass(12, SLICE_MS / 3, viewed, turn));
      const result = await queue.runSteps('snapshot', () => passTo('made', 12, SLICE_MS / 3, waited, turn));
      assert.equal(result, 'made');
      while (viewed.length < 12) await turns(1);
    });
    const shared = waited.filter((t) => viewed.includes(t));
    assert.deepEqual(shared, [], `slices of both passes in turns ${shared.join()}`);
    assert.ok(new Set(waited).size >= 3, `the waited pass ran in turns ${waited.join()}`);
  });

  it('runSteps settles with nothing when a newer job takes the key, on cancel and on dispose', async () => {
    const queue = new LaterTurns();
    const steps: number[] = [];
    // Replaced while under way.
    const underWay = queue.runSteps('snapshot', () => passTo('old', 1000, SLICE_MS / 4, steps, () => 0));
    await turns(1);
    const newer = queue.runSteps('snapshot', () => passTo('new', 2, 0, steps, () => 0));
    assert.equal(await underWay, undefined);
    assert.equal(await newer, 'new');
    // Replaced before it started.
    const waiting = queue.runSteps('snapshot', () => passTo('never', 2, 0, steps, () => 0));
    const replacing = queue.runSteps('snapshot', () => passTo('replacing', 2, 0, steps, () => 0));
    assert.equal(await waiting, undefined);
    assert.equal(await replacing, 'replacing');
    const cancelled = queue.runSteps('snapshot', () => passTo('cancelled', 2, 0, steps, () => 0));
    queue.cancel('snapshot');
    assert.equal(await cancelled, undefined);
    const disposed = queue.runSteps('snapshot', () => passTo('disposed', 2, 0, steps, () => 0));
    queue.dispose();
    assert.equal(await disposed, undefined);
    assert.equal(await queue.runSteps('snapshot', () => passTo('after', 2, 0, steps, () => 0)), undefined);
  });

  it('runSteps rejects with what the pass threw, and does not report it to onFailure', async () => {
    const reported: string[] = [];
    const queue = new LaterTurns((key) => reported.push(key));
    function* failing(): Generator<void, number> {
      yield;
      throw new Error('bad step');
    }
    await assert.rejects(queue.runSteps('snapshot', failing), /bad step/);
    const ran: string[] = [];
    queue.enqueue('status', () => ran.push('status'));
    await turns(2);
    assert.deepEqual(ran, ['status']);
    assert.deepEqual(reported, []);
  });
});

describe('eachInSteps', () => {
  it('visits every item of every list in order, yielding every TASKS_PER_STEP items counted across the lists', () => {
    const lists = [Array.from({ length: 1000 }, (_, i) => i), [], Array.from({ length: TASKS_PER_STEP + 100 }, (_, i) => 1000 + i)];
    const seen: number[] = [];
    const yieldedAfter: number[] = [];
    const steps = eachInSteps(lists, (item) => seen.push(item));
    while (!steps.next().done) yieldedAfter.push(seen.length);
    assert.deepEqual(seen, lists.flat());
    assert.deepEqual(yieldedAfter, [TASKS_PER_STEP - 1, 2 * TASKS_PER_STEP - 1]);
  });
});
