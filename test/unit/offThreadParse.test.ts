import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BoardTask } from '../../src/core/model';
import { packTasks, reviveTasks } from '../../src/core/parsedTransfer';
import { lintParsed, parse } from '../../src/core/taskIndex';
import { OffThreadParser } from '../../src/extension/offThreadParse';

const DEMO = path.resolve(__dirname, '../../../test/fixtures/demo-workspace/TODO.md');
const MALFORMED = path.resolve(__dirname, '../../../test/fixtures/malformed/TODO.md');
const WORKER = path.resolve(__dirname, '../../src/extension/parseWorker.js');

/** What a reader sees of a board task's spans, through the ReadonlyMap API. */
function spansOf(task: BoardTask) {
  return [...task.fieldSpans.keys()].map((k) => task.fieldSpans.get(k));
}

describe('parsed files across threads', () => {
  it('packs and revives board tasks through structured clone to the same model', () => {
    const text = fs.readFileSync(DEMO, 'utf8');
    const parsed = parse('TODO.md', 'board', text, undefined);
    assert.equal(parsed.kind, 'board');
    if (parsed.kind !== 'board') return;
    const revived = reviveTasks(structuredClone(packTasks(parsed.tasks)));
    assert.equal(revived.length, parsed.tasks.length);
    parsed.tasks.forEach((task, i) => {
      const other = revived[i] as BoardTask;
      assert.equal(other.id, task.id);
      assert.deepEqual(other.fields, task.fields);
      assert.deepEqual(spansOf(other), spansOf(task));
      assert.equal(other.fieldSpans.get('status')?.valueSpan.start, task.fieldSpans.get('status')?.valueSpan.start);
    });
  });

  for (const [name, file] of [['the demo board', DEMO], ['the malformed board', MALFORMED]] as const) {
    it(`a worker parses and lints ${name} as the host would`, async () => {
      const text = fs.readFileSync(file, 'utf8');
      const parser = new OffThreadParser(WORKER);
      try {
        const { parsed, lint } = await parser.parse('TODO.md', 'board', text);
        const here = parse('TODO.md', 'board', text, undefined);
        assert.equal(parsed.kind, 'board');
        if (parsed.kind !== 'board' || here.kind !== 'board') return;
        assert.equal(parsed.tasks.length, here.tasks.length);
        assert.deepEqual(parsed.tasks.map((t) => [t.id, t.status, t.assignedAgent, t.span, spansOf(t)]), here.tasks.map((t) => [t.id, t.status, t.assignedAgent, t.span, spansOf(t)]));
        assert.deepEqual(parsed.history, here.history);
        assert.deepEqual(lint, lintParsed(here, text));
      } finally {
        parser.dispose();
      }
    });
  }

  it('parses in this thread when the worker cannot start', async () => {
    const parser = new OffThreadParser(path.join(__dirname, 'no-such-worker.js'));
    try {
      const text = fs.readFileSync(DEMO, 'utf8');
      const { parsed } = await parser.parse('TODO.md', 'board', text);
      assert.equal(parsed.kind === 'board' && parsed.tasks.length, (parse('TODO.md', 'board', text, undefined) as unknown as { tasks: unknown[] }).tasks.length);
    } finally {
      parser.dispose();
    }
  });
});
