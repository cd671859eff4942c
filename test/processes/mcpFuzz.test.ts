// A fuzz tier for the MCP server: generated sequences of tool calls whose
// string arguments are hostile (line breaks of every kind, control
// characters, YAML and markdown syntax, paths out of the root, symlinks),
// against a workspace whose root holds symlinks to a folder outside it.
// After each sequence:
// - no file outside the root changed, and none was added there;
// - the tasks the board lists are exactly those the calls that succeeded
//   made (the initial ones, each add_task's todo task, each move's status and
//   agent): no argument forged a task or moved one;
// - no task file has an error-severity problem, and the work log holds one
//   entry per append_work_log that succeeded.
// The unit tier runs a few sequences; `npm run fuzz` runs many (ATB_FUZZ_RUNS).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { parseWorkLog } from '../../src/core/worklog/parseWorkLog';
import { BOARD as SMALL_BOARD, buildCli, closeSessions, connect, ok } from './mcpSession';

const RUNS = Number(process.env.ATB_FUZZ_RUNS ?? 12);
const SEED = process.env.ATB_FUZZ_SEED === undefined ? undefined : Number(process.env.ATB_FUZZ_SEED);

/** The shared small board with TASK_002 claimed by bob, so release and start have something to act on. */
const BOARD = SMALL_BOARD.replace('  priority: low\n  assigned_agent:\n  status: todo', '  priority: low\n  assigned_agent: bob\n  status: claimed');

const PIECES = [
  'a', 'Z', ' ', '_', '-', ':', ': ', '#', ' #', '"', "'", '\\', '|', '>', '[', ']', '{', '}', '*', '&', '!', '%', '@', '`', '(', ')',
  '\n', '\r', '\r\n', '\t', '\u0000', '\u0007', '\u001b[2J', '\u0085', '\u2028', '\u2029', '\u202e', '\uFEFF', 'é',
  '- ', '- TASK_099: "Forged"', '  status: done', '```', '```yaml', '~~~', '## ', '## 2020-01-01 00:00 UTC — x (TASK_001)', '---', '===',
  '**Task Summary**:', 'TASK_001', 'TASK_002', 'bob completed TASK_002', '../', '/etc/', 'sub/', 'linked/',
];

const hostile = fc.string({ unit: fc.constantFrom(...PIECES), maxLength: 8 });
const agent = fc.oneof(fc.constantFrom('alice', 'bob', 'carol'), hostile);
const taskId = fc.oneof(fc.constantFrom('TASK_001', 'TASK_002', 'TASK_003', 'TASK_004', 'OUT_001'), hostile);
const filePath = fc.oneof(
  fc.constantFrom('TODO.md', 'sub/TODO.md', 'linked/TODO.md', 'dangling/TODO.md', 'notes.txt', '../outside/TODO.md', 'BACKEND_WORK_LOG.md', 'linked/A_WORK_LOG.md'),
  hostile,
);

type ToolCall = { readonly tool: string; readonly args: Record<string, unknown> };

const toolCall: fc.Arbitrary<ToolCall> = fc.oneof(
  fc.record({
    tool: fc.constant('add_task'),
    args: fc.record(
      { title: fc.oneof(fc.constant('New task'), hostile), group: hostile, description: hostile, dependsOn: fc.array(hostile, { maxLength: 2 }), file: filePath },
      { requiredKeys: ['title'] },
    ),
  }),
  fc.record({
    tool: fc.constantFrom('claim_task', 'start_task', 'complete_task', 'release_task'),
    args: fc.record({ id: taskId, agent, file: filePath }, { requiredKeys: ['id', 'agent'] }),
  }),
  fc.record({
    tool: fc.constant('append_work_log'),
    args: fc.record(
      {
        taskId,
        summary: fc.oneof(fc.constant('did it'), hostile),
        taskSummary: fc.oneof(fc.constant('t'), hostile),
        keyDecisions: hostile,
        filesModified: fc.array(hostile, { maxLength: 2 }),
        file: filePath,
      },
      { requiredKeys: ['taskId', 'summary', 'taskSummary'] },
    ),
  }),
);

interface ModelTask {
  status: string;
  agent: string | undefined;
}

/** Every file under `dir` with its bytes, links as their targets; the folders too. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isSymbolicLink()) out.set(full, `link:${fs.readlinkSync(full)}`);
      else if (entry.isDirectory()) {
        out.set(full, 'dir');
        walk(full);
      } else out.set(full, fs.readFileSync(full).toString('base64'));
    }
  };
  walk(dir);
  return out;
}

/**
 * A tool's answer: our tools answer JSON; arguments the tool's schema refuses
 * (an empty required string) are answered by the SDK with a one-line text.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function answerOf(client: Client, tool: string, args: Record<string, unknown>): Promise<{ isError: false; body: any } | { isError: true; error: string }> {
  const result = await client.callTool({ name: tool, arguments: args });
  const text = (result.content as { type: string; text: string }[])[0]!.text;
  if (result.isError === true) {
    if (text.startsWith('MCP error -32602: Input validation error')) return { isError: true, error: text };
    return { isError: true, error: String((JSON.parse(text) as { error: unknown }).error) };
  }
  return { isError: false, body: JSON.parse(text) };
}

describe('MCP fuzz: hostile strings through every tool', function () {
  this.timeout(Math.max(300_000, RUNS * 20_000));
  let parent: string;
  let root: string;
  let outside: string;
  let client: Client;

  before(async () => {
    buildCli();
    parent = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-fuzz-'));
    root = path.join(parent, 'root');
    outside = path.join(parent, 'outside');
    fs.mkdirSync(root);
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'TODO.md'), BOARD.replace(/TASK_00/g, 'OUT_00'));
    fs.writeFileSync(path.join(outside, 'A_WORK_LOG.md'), '# A Work Log\n');
    fs.mkdirSync(path.join(root, 'sub'));
    fs.symlinkSync(path.join(outside, 'TODO.md'), path.join(root, 'sub', 'TODO.md'));
    fs.symlinkSync(outside, path.join(root, 'linked'), 'dir');
    fs.mkdirSync(path.join(root, 'dangling'));
    fs.symlinkSync(path.join(parent, 'nowhere.md'), path.join(root, 'dangling', 'TODO.md'));
    client = await connect(root);
  });

  after(async () => {
    await closeSessions();
    fs.rmSync(parent, { recursive: true, force: true });
  });

  it('no call changes a file outside the root; the board and log hold exactly what the successful calls made', async () => {
    const outsideBefore = snapshot(outside);
    const parentEntries = fs.readdirSync(parent).sort();
    await fc.assert(
      fc.asyncProperty(fc.array(toolCall, { minLength: 1, maxLength: 6 }), async (calls) => {
        fs.writeFileSync(path.join(root, 'TODO.md'), BOARD);
        fs.writeFileSync(path.join(root, 'notes.txt'), BOARD);
        fs.rmSync(path.join(root, 'BACKEND_WORK_LOG.md'), { force: true });
        const model = new Map<string, ModelTask>([
          ['TASK_001', { status: 'todo', agent: undefined }],
          ['TASK_002', { status: 'claimed', agent: 'bob' }],
        ]);
        let entries = 0;
        for (const { tool, args } of calls) {
          const answer = await answerOf(client, tool, args);
          if (answer.isError) {
            assert.doesNotMatch(answer.error, /Internal error/, `${tool} ${JSON.stringify(args)}`);
            continue;
          }
          if (tool === 'add_task') model.set(answer.body.id, { status: 'todo', agent: undefined });
          else if (tool === 'append_work_log') entries++;
          else model.set(answer.body.id, { status: answer.body.to, agent: answer.body.to === 'todo' ? undefined : answer.body.agent });
        }
        assert.deepEqual(snapshot(outside), outsideBefore, 'a file outside the root changed');
        assert.deepEqual(fs.readdirSync(parent).sort(), parentEntries, 'a file appeared beside the root');
        const listed = (await ok(client, 'list_tasks', { limit: 500 })).tasks as { id: string; status: string; agent?: string; file: string }[];
        // By id: a task added under a new heading may sit before one added later to the first group.
        const byId = (a: unknown[], b: unknown[]) => String(a[1]).localeCompare(String(b[1]));
        assert.deepEqual(
          listed.map((t) => [t.file, t.id, t.status, t.agent]).sort(byId),
          [...model].map(([id, t]) => ['TODO.md', id, t.status, t.agent]).sort(byId),
          `calls: ${JSON.stringify(calls)}`,
        );
        const errors = (await ok(client, 'lint', { severity: 'error', limit: 500 })).problems as unknown[];
        assert.deepEqual(errors, [], `calls: ${JSON.stringify(calls)}`);
        const log = path.join(root, 'BACKEND_WORK_LOG.md');
        const logged = fs.existsSync(log) ? parseWorkLog({ file: 'BACKEND_WORK_LOG.md', text: fs.readFileSync(log, 'utf8') }).entries.length : 0;
        assert.equal(logged, entries, `calls: ${JSON.stringify(calls)}`);
      }),
      { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }), endOnFailure: true },
    );
  });
});
