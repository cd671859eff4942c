// The board's `state` message carries its cards packed (src/shared/packedCards.ts)
// so that what the page pays before its first paint does not grow with the
// board. These check that nothing is lost on the way: every field of every
// card comes back as it went, through a structured clone as the message
// travels, and the page lays the packed cards out exactly as the plain ones.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { compareCards, DEFAULT_LIFECYCLE_VIEW, type CardView, type LifecycleView } from '../../src/shared/boardMessages';
import { packCards, packedCard, type PackedCards } from '../../src/shared/packedCards';
import { CardSet } from '../../media/src/cardSet';
import { NO_FILTERS, type Filters } from '../../media/src/filter';
import { buildLayout, buildPackedLayout, type Layout } from '../../media/src/layout';

const FIELDS: readonly (keyof CardView)[] = ['key', 'file', 'fileLabel', 'id', 'title', 'kind', 'status', 'priority', 'agent', 'logCount', 'createdAt', 'conflict', 'branch', 'line', 'group', 'stale', 'waiting', 'problems'];

/** Every card of a `PackedCards`, in order. */
const unpackCards = (packed: PackedCards): CardView[] => Array.from({ length: packed.count }, (_, i) => packedCard(packed, i));

/** Every field a card shows, read through its getters, as plain data. */
const fieldsOf = (c: CardView) => Object.fromEntries(FIELDS.map((f) => [f, c[f]]));

function cards(): CardView[] {
  const out: CardView[] = [];
  for (let i = 0; i < 60; i++) {
    const file = `file:///w/team${i % 3}/TODO.md`;
    out.push({
      key: i === 13 ? `other:${i}` : `${file}#T${i}${i === 7 ? '~2' : ''}`,
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
      ...(i === 17 && { createdAt: '' }),
      ...(i === 19 && { waiting: [{ id: 'T3', known: true, status: 'claimed' }] }),
      ...(i === 9 && { conflict: 'HEAD' }),
      ...(i === 10 && { branch: 'done on the board branch' }),
      line: 4 + i * 6,
      ...(i % 7 === 0 && { group: 'Backlog' }),
      ...(i === 11 && { stale: 'no progress for 3 days' }),
      ...(i === 23 && { problems: [{ severity: 'error', message: 'status "finished" is not one of todo, claimed, in_progress, done', line: 4 + i * 6 + 1 }] }),
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
        return layoutKeys(layout).lanes.map((lane) => [lane.key, lane.columns]);
      };
      assert.deepEqual(keysOf(unpacked), keysOf(plain));
    }
    const filtered = (cs: Iterable<CardView>) => buildLayout(cs, { ...NO_FILTERS, text: 'ünïcödé' }, false).shown;
    assert.equal(filtered(unpacked), 1);
  });
});

/** A layout as plain data: lanes with their cards' keys per column, counts, height. */
const layoutKeys = (layout: Layout) => ({
  ...layout,
  lanes: layout.lanes.map((lane) => ({ ...lane, columns: Object.entries(lane.columns).map(([s, col]) => [s, Array.from({ length: col.length }, (_, row) => col.at(row)!.key)]) })),
});

describe('the layout read from packed cards', () => {
  const REVIEW: LifecycleView = {
    main: ['todo', 'claimed', 'in_progress', 'review', 'done'],
    side: [
      { name: 'blocked', from: ['claimed', 'in_progress'], final: false },
      { name: 'cancelled', from: ['todo', 'claimed'], final: true },
    ],
  };
  const card = fc.record({
    status: fc.constantFrom('todo', 'claimed', 'in_progress', 'review', 'done', 'blocked', 'cancelled', 'unknown'),
    agent: fc.constantFrom(undefined, '', 'qa', 'Qa', 'backend', 'zed'),
    priority: fc.constantFrom(undefined, 'high', 'low'),
    file: fc.constantFrom('a', 'b', 'B', 'a/sub'),
    line: fc.nat(40),
    title: fc.constantFrom('fix the login', 'Write docs', 'ünïcödé title'),
  });
  // No filter half the time: the page's default view, laid out from the packer's columns.
  const someFilters: fc.Arbitrary<Filters> = fc.record({
    text: fc.constantFrom('', '', 'docs', 'LOGIN fix'),
    agent: fc.constantFrom('', '', 'qa', '-'),
    priority: fc.constantFrom('', '', 'high', '-'),
    file: fc.constantFrom('', '', 'file:///w/b/TODO.md'),
    status: fc.constantFrom('', '', 'blocked', 'done'),
  });
  const filters = fc.oneof(fc.constant(NO_FILTERS), someFilters);

  it('is the layout of the cards, for any cards, order, filters, lanes and lifecycle', () => {
    fc.assert(
      // `inFileOrder`: the cards as the extension sends them, in file order (the page then sorts nothing).
      fc.property(fc.array(card, { maxLength: 60 }), filters, fc.boolean(), fc.constantFrom(DEFAULT_LIFECYCLE_VIEW, REVIEW), fc.boolean(), (drawn, f, swimlanes, lifecycle, inFileOrder) => {
        const cards: CardView[] = drawn.map((c, i) => ({
          key: `file:///w/${c.file}/TODO.md#T${i}`,
          file: `file:///w/${c.file}/TODO.md`,
          fileLabel: `${c.file}/TODO.md`,
          id: `T${i}`,
          title: c.title,
          kind: 'board',
          status: c.status,
          ...(c.priority !== undefined && { priority: c.priority }),
          ...(c.agent !== undefined && { agent: c.agent }),
          logCount: 0,
          line: c.line,
        }));
        const plain = inFileOrder ? [...cards].sort(compareCards) : cards;
        const packed = packCards(plain, lifecycle);
        const unpacked = unpackCards(packed);
        assert.deepEqual(layoutKeys(buildPackedLayout(packed, (i) => unpacked[i]!, f, swimlanes, lifecycle)), layoutKeys(buildLayout(plain, f, swimlanes, lifecycle)));
      }),
      { numRuns: 400 },
    );
  });
});

describe('the board page\'s card set', () => {
  it('finds a state\'s cards by key, and takes a delta of removed, changed and new cards', () => {
    const set = new CardSet();
    const plain = cards();
    set.replace(packCards(plain));
    assert.equal(set.size, 60);
    assert.ok(set.asPacked(), 'the packed arrays are kept until a delta');
    assert.deepEqual([...set.agents()].sort(), ['agent-0', 'agent-1', 'agent-2', 'agent-3', 'agent-4']);
    assert.equal(set.get(plain[5].key)?.title, plain[5].title);
    assert.equal(set.has('file:///w/none#X'), false);

    const changed = { ...plain[3], status: 'done' as const };
    const added = { ...plain[0], key: 'file:///w/team0/TODO.md#NEW', id: 'NEW' };
    set.apply([plain[1].key], [changed, added]);
    assert.equal(set.size, 60);
    assert.equal(set.has(plain[1].key), false);
    assert.equal(set.get(plain[3].key)?.status, 'done');
    assert.equal(set.get(added.key)?.id, 'NEW');
    assert.equal(set.asPacked(), undefined, 'a delta leaves the packed arrays behind');
    assert.equal(set.apply([], [{ ...plain[2], agent: 'new-agent' }]), true, 'an agent no card named before');
    assert.ok(set.agents().has('new-agent'));
    assert.deepEqual(
      [...set.values()].map((c) => c.key),
      plain.filter((_, i) => i !== 1).map((c) => c.key).concat(added.key),
    );
    assert.equal(set.apply([], [{ ...plain[2], agent: 'new-agent', title: 'retitled' }]), false, 'the same agent, another title');
    assert.equal(set.apply([], [{ ...plain[2], agent: 'agent-1' }]), true, 'the last card of new-agent now names another');
    assert.deepEqual([...set.agents()].sort(), ['agent-0', 'agent-1', 'agent-2', 'agent-3', 'agent-4']);
    // agent-3 is on cards 3, 13, ... (odd i with i % 5 === 3): removing all but one leaves it a choice.
    const agent3 = [...set.values()].filter((c) => c.agent === 'agent-3').map((c) => c.key);
    assert.ok(agent3.length > 1);
    assert.equal(set.apply(agent3.slice(1), []), false, 'one card still names agent-3');
    assert.equal(set.apply(agent3.slice(0, 1), []), true, 'no card names agent-3 now');
    assert.equal(set.agents().has('agent-3'), false);
  });
});
