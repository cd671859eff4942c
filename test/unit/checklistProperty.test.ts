// Property tests: random edits of the sample checklist and work log (the
// kind of damage an agent's half-finished write or a person's typing does)
// never make a parser or a lint rule throw, and every span stays in the text.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseAgentDefinition } from '../../src/core/agents/parseAgentDefinition';
import { lintChecklist } from '../../src/core/checklist/lintChecklist';
import { parseChecklist } from '../../src/core/checklist/parseChecklist';
import { planChecklistSectionMove } from '../../src/core/checklist/planChecklistSectionMove';
import type { ChecklistTask, Problem, Span, Status } from '../../src/core/model';
import { LineIndex, applyEdits } from '../../src/core/text';
import { parseWorkLog } from '../../src/core/worklog/parseWorkLog';

const demo = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'demo-workspace');
const checklistText = readFileSync(join(demo, '.claude', 'tasks', 'backend-engineer-tasks.md'), 'utf8');
const workLogText = readFileSync(join(demo, 'BACKEND_WORK_LOG.md'), 'utf8');
const agentText = readFileSync(join(demo, '.claude', 'agents', 'eng-backend.md'), 'utf8');

const PIECES = [
  '\n', '\r\n', '\r', ' ', '  ', '\t', '-', '- ', '* ', '1. ', '[', ']', '[ ] ', '[x] ', '[X]', 'x', '#', '## ', '### ',
  '## Done\n', '## Todo\n', '## Blocked\n', '```\n', '---\n', '---js\n', '**', '**Task Summary**: ', ':', '(completed: ',
  '(completed: 2026-02-30)', ')', '2026-11-02 ', '07/09/2026', '14:32', 'TASK_009', '\ufeff', '>', 'é', '\u0000', '"', "'",
];

type Mutation = { at: number; del: number; insert: string };
const mutation = fc.record({
  at: fc.nat(),
  del: fc.nat({ max: 12 }),
  insert: fc.array(fc.constantFrom(...PIECES), { maxLength: 4 }).map((p) => p.join('')),
});

function mutate(text: string, mutations: readonly Mutation[]): string {
  let out = text;
  for (const m of mutations) {
    const at = m.at % (out.length + 1);
    out = out.slice(0, at) + m.insert + out.slice(Math.min(out.length, at + m.del));
  }
  return out;
}

function assertSpan(text: string, span: Span | undefined, what: string): void {
  if (!span) return;
  assert.ok(0 <= span.start && span.start <= span.end && span.end <= text.length, `${what} ${JSON.stringify(span)} in ${text.length}`);
}

function assertProblems(text: string, problems: readonly Problem[]): void {
  for (const p of problems) {
    assertSpan(text, p.span, p.code);
    for (const fix of p.fixes) {
      for (const e of fix.edits) assertSpan(text, e, `${p.code} fix ${fix.title}`);
      applyEdits(text, fix.edits); // throws on overlapping edits
    }
  }
}

function allTasks(tasks: readonly ChecklistTask[]): ChecklistTask[] {
  return tasks.flatMap((t) => [t, ...allTasks(t.subtasks)]);
}

const runs = { numRuns: 300 };

describe('checklist and work-log parsers under random edits', function () {
  this.timeout(60_000);

  it('parseChecklist / lintChecklist never throw and keep spans in the text', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (mutations) => {
        const text = mutate(checklistText, mutations);
        const list = parseChecklist({ file: '.claude/tasks/backend-engineer-tasks.md', text });
        const lines = new LineIndex(text);
        const ids = new Set<string>();
        for (const t of allTasks(list.tasks)) {
          assertSpan(text, t.span, 'task span');
          assertSpan(text, t.sectionSpan, 'section span');
          assertSpan(text, t.checkboxSpan, 'checkbox');
          assert.match(text.slice(t.checkboxSpan.start, t.checkboxSpan.end), /^\[[ xX]\]$/);
          assert.equal(lines.lineAt(t.checkboxSpan.start), t.line);
          assert.ok(!ids.has(t.id), `duplicate id ${t.id}`);
          ids.add(t.id);
        }
        for (const span of list.sections.values()) assertSpan(text, span, 'section');
        assertProblems(text, lintChecklist(list, text, '2026-12-01'));
      }),
      runs,
    );
  });

  it('section moves of a mutated checklist apply cleanly and land the item in its section', () => {
    let moved = 0;
    let refused = 0;
    fc.assert(
      fc.property(
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        fc.nat(),
        fc.constantFrom<Status>('todo', 'in_progress', 'done'),
        (mutations, pick, target) => {
          const text = mutate(checklistText, mutations);
          const list = parseChecklist({ file: 'dev-tasks.md', text });
          const movable = list.tasks.filter((t) => t.status !== undefined);
          if (movable.length === 0) return;
          const task = movable[pick % movable.length]!;
          let edits;
          try {
            edits = planChecklistSectionMove(list, text, task.id, target, { today: '2026-12-01' });
          } catch (e) {
            // Refusing is allowed only with the planner's own reason (the place does not read as the section).
            assert.match(String(e), /cannot move .* the place it would go does not read as that section/s);
            refused++;
            return;
          }
          moved++;
          const out = applyEdits(text, edits);
          const after = parseChecklist({ file: 'dev-tasks.md', text: out });
          const landed = after.tasks.find((t) => t.title === task.title && t.status === target);
          assert.ok(landed, `item ${task.id} is in its target section`);
          assert.equal(landed.checked, target === 'done');
          assert.deepEqual(landed.subtasks.map((s) => s.title), task.subtasks.map((s) => s.title));
          if (text.startsWith('\ufeff')) assert.ok(out.startsWith('\ufeff'), 'BOM kept');
        },
      ),
      runs,
    );
    assert.ok(moved > refused * 10, `moves planned ${moved}, refused ${refused}`);
  });

  it('parseWorkLog never throws and keeps entries exact', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (mutations) => {
        const text = mutate(workLogText, mutations);
        const log = parseWorkLog({ file: 'BACKEND_WORK_LOG.md', text });
        const lines = new LineIndex(text);
        for (const e of log.entries) {
          assertSpan(text, e.span, 'entry');
          assert.equal(e.markdown, text.slice(e.span.start, e.span.end));
          assert.equal(lines.lineAt(e.span.start), e.line);
          if (e.timestamp !== undefined) assert.match(e.timestamp, /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?)?$/);
        }
        assertProblems(text, log.problems);
      }),
      runs,
    );
  });

  it('parseAgentDefinition never throws on mutated front matter', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (mutations) => {
        const text = mutate(agentText, mutations);
        const agent = parseAgentDefinition({ file: '.claude/agents/eng-backend.md', text });
        assert.ok(agent.name.length > 0);
        assertProblems(text, agent.problems);
      }),
      runs,
    );
  });
});
