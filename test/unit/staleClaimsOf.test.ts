import * as assert from 'node:assert/strict';
import { parseBoard } from '../../src/core/board/parseBoard';
import type { WorkLogEntry } from '../../src/core/model';
import { staleClaims } from '../../src/core/stale';
import { forgetStaleClaims, STALE_REUSE_MS, staleClaimsOf, type StaleQuery } from '../../src/extension/staleClaimsOf';

const FILE = 'file:///w/TODO.md';
const TEXT = '```yaml\n- TASK_1: "x"\n  assigned_agent: bob\n  status: claimed\n  claimed_at: "2026-11-01T00:00:00Z"\n```\n';
const NOW = Date.parse('2026-11-02T00:00:00Z');

function query(text: string, entries: readonly WorkLogEntry[] = []): StaleQuery {
  const board = parseBoard({ file: FILE, text });
  return {
    file: FILE,
    tasks: board.tasks,
    text,
    history: board.history,
    thresholdMs: 3_600_000,
    entries,
    entriesFor: () => [],
    textOf: () => text,
  };
}

describe('staleClaimsOf (one stale check per file and text for the tree and enforcement)', () => {
  beforeEach(() => forgetStaleClaims());

  it('answers what staleClaims answers', () => {
    const q = query(TEXT);
    const direct = staleClaims(q.tasks, { now: new Date(NOW), thresholdMs: q.thresholdMs, history: q.history, entriesFor: q.entriesFor, textOf: q.textOf });
    const shared = staleClaimsOf(q, NOW);
    assert.equal(shared.length, 1);
    assert.deepEqual(shared, direct);
  });

  it('reuses the result for the same text within the reuse window, also for a second asker with its own list of the tasks', () => {
    const q = query(TEXT);
    const first = staleClaimsOf(q, NOW);
    // The tree passes its own list of the file's tasks, enforcement the store's parse: same text, same history.
    assert.equal(staleClaimsOf({ ...q, tasks: [...q.tasks] }, NOW + STALE_REUSE_MS - 1), first);
  });

  it('computes again after the window, for another text, threshold or set of work-log entries', () => {
    const first = staleClaimsOf(query(TEXT), NOW);
    assert.notEqual(staleClaimsOf(query(TEXT), NOW + STALE_REUSE_MS), first);
    const done = TEXT.replace('status: claimed', 'status: done');
    assert.deepEqual(staleClaimsOf(query(done), NOW + STALE_REUSE_MS), []);
    const again = staleClaimsOf(query(TEXT), NOW + STALE_REUSE_MS);
    assert.notEqual(staleClaimsOf({ ...query(TEXT), thresholdMs: 7_200_000 }, NOW + STALE_REUSE_MS), again);
    const changed = staleClaimsOf({ ...query(TEXT), entries: [] }, NOW + STALE_REUSE_MS);
    assert.equal(changed.length, 1);
    // A claim younger than the threshold at that time is not reported.
    assert.deepEqual(staleClaimsOf({ ...query(TEXT), thresholdMs: 48 * 3_600_000, entries: [] }, NOW + STALE_REUSE_MS), []);
  });
});
