import { strict as assert } from 'node:assert';
import { LaterTurns } from '../../src/extension/laterTurns';

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

  it('a job that throws is logged and does not stop the queue', async () => {
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
});
