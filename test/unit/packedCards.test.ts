// The board's `state` message carries its cards packed (src/shared/packedCards.ts)
// so that what the page pays before its first paint does not grow with the
// board. These check that nothing is lost on the way: every field of every
// card comes back as it went, through a structured clone as the message
// travels, and the page lays the packed cards out exactly as the plain ones.
import * as assert from 'node:assert/strict';
import type { CardView } from '../../src/shared/boardMessages';
import { packCards, unpackCards } from '../../src/shared/packedCards';
import { CardSet } from '../../media/src/cardSet';
import { NO_FILTERS } from '../../media/src/filter';
import { buildLayout } from '../../media/src/layout';

const FIELDS: readonly (keyof CardView)[] = ['key', 'file', 'fileLabel', 'id', 'title', 'kind', 'status', 'priority', 'agent', 'logCount', 'createdAt', 'conflict', 'branch', 'line', 'group', 'stale'];

/** Every field a card shows, read through its getters, as plain data. */
const fieldsOf = (c: CardView) => Object.fromEntries(FIELDS.map((f) => [f, c[f]]));

function cards(): CardView[] {
  const out: CardView[] = [];
  for (let i = 0; i < 60; i++) {
    const file = `file:///w/team${i % 3}/TODO.md`;
    out.push({
      key: `${file}#T${i}${i === 7 ? '~2' : ''}`,
      file,
      fileLabel: `team${i % 3}/TODO.md`,
      id: `T${i}`,
      title: i === 5 ? 'quotes " and \\ backslash, a line\nbreak, ünïcödé 🚀, <b>markup</b>' : `title ${i}`,
      kind: i % 4 === 0 ? 'checklist' : 'board',
      status: (['todo', 'claimed', 'in_progress', 'done'] as const)[i % 4],
      ...(i % 3 !== 0 && { priority: ['high', 'low'][i % 2] }),
      ...(i % 2 === 1 && { agent: `agent-${i % 5}` }),
      logCount: i % 6,
      ...(i % 5 === 0 && { createdAt: '2026-11-01T10:00:00Z' }),
      ...(i === 9 && { conflict: 'HEAD' }),
      ...(i === 10 && { branch: 'done on the board branch' }),
      line: 4 + i * 6,
      ...(i % 7 === 0 && { group: 'Backlog' }),
      ...(i === 11 && { stale: 'no progress for 3 days' }),
    });
  }
  return out;
}

describe('packed board cards', () => {
  it('give back every field of every card, in order, after a structured clone', () => {
    const plain = cards();
    const unpacked = unpackCards(structuredClone(packCards(plain)));
    assert.equal(unpacked.length, plain.length);
    unpacked.forEach((c, i) => assert.deepEqual(fieldsOf(c), fieldsOf(plain[i]), `card ${i}`));
  });

  it('pack no cards as no cards', () => {
    assert.deepEqual(unpackCards(packCards([])), []);
  });

  it('lay out exactly as the plain cards, with and without swimlanes', () => {
    const plain = cards();
    const unpacked = unpackCards(packCards(plain));
    for (const swimlanes of [false, true]) {
      const keysOf = (cs: Iterable<CardView>) => {
        const layout = buildLayout(cs, NO_FILTERS, swimlanes);
        return layout.lanes.map((lane) => [lane.key, Object.entries(lane.columns).map(([s, col]) => [s, col.map((c) => c.key)])]);
      };
      assert.deepEqual(keysOf(unpacked), keysOf(plain));
    }
    const filtered = (cs: Iterable<CardView>) => buildLayout(cs, { ...NO_FILTERS, text: 'ünïcödé' }, false).shown;
    assert.equal(filtered(unpacked), 1);
  });
});

describe('the board page\'s card set', () => {
  it('finds a state\'s cards by key, and takes a delta of removed, changed and new cards', () => {
    const set = new CardSet();
    const plain = cards();
    set.replace(unpackCards(packCards(plain)));
    assert.equal(set.size, 60);
    assert.equal(set.get(plain[5].key)?.title, plain[5].title);
    assert.equal(set.has('file:///w/none#X'), false);

    const changed = { ...plain[3], status: 'done' as const };
    const added = { ...plain[0], key: 'file:///w/team0/TODO.md#NEW', id: 'NEW' };
    set.apply([plain[1].key], [changed, added]);
    assert.equal(set.size, 60);
    assert.equal(set.has(plain[1].key), false);
    assert.equal(set.get(plain[3].key)?.status, 'done');
    assert.equal(set.get(added.key)?.id, 'NEW');
    assert.deepEqual(
      [...set.values()].map((c) => c.key),
      plain.filter((_, i) => i !== 1).map((c) => c.key).concat(added.key),
    );
  });
});
