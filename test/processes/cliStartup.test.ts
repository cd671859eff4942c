// What the built command line (dist/cli.js) loads when it starts: an agent
// pays for it on every move, so a command loads only what it runs. The MCP
// server (its SDK, zod and ajv) is dist/mcp.js, required by `mcp` alone;
// yaml, markdown-it and gray-matter are dist/lib/*.js, required by the first
// file that needs them; child_process (git) only by `check`. Seen from a
// preload script that logs every module request node's loader is asked for.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildBundles } from './cliRun';

const REPO = path.resolve(__dirname, '../../..');
const CLI = path.join(REPO, 'dist/cli.js');
const DEMO = path.join(REPO, 'test/fixtures/demo-workspace');
/** Items the fast path reads whole: no yaml needed. */
const PLAIN_BOARD = `# TODO

\`\`\`yaml
- TASK_001: "Write the users endpoint"
  priority: high
  assigned_agent:
  status: todo

- TASK_002: "Document the users endpoint"
  priority: low
  assigned_agent:
  status: todo
\`\`\`
`;
const LIBRARIES = ['./lib/yaml.js', './lib/markdown-it.js', './lib/gray-matter.js'];
/** Said when a command loads what only others need. */
const HOW_TO_FIX =
  'this command loaded what only other commands need: import it where it is used, with import() when it is large ' +
  '(esbuild.mjs: CLI_CHUNKS for a module of our own, LAZY_LIBRARIES for a library)';

const PRELOAD = `const Module = require('node:module');
const fs = require('node:fs');
const load = Module._load;
Module._load = function (request, parent, isMain) {
  fs.appendFileSync(process.env.ATB_LOAD_LOG, request + '\\n');
  return load.call(this, request, parent, isMain);
};
for (const name of ['stdout', 'stderr']) {
  const { get } = Object.getOwnPropertyDescriptor(process, name);
  Object.defineProperty(process, name, {
    configurable: true,
    get() {
      fs.appendFileSync(process.env.ATB_LOAD_LOG, 'process.' + name + '\\n');
      return get.call(process);
    },
  });
}
`;

describe('agent-task-board start-up: each command loads what it runs', function () {
  this.timeout(60_000);
  let temp: string;
  let demo: string;
  let board: string;

  before(() => {
    buildBundles('cli');
    temp = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-startup-'));
    fs.writeFileSync(path.join(temp, 'preload.js'), PRELOAD);
    demo = path.join(temp, 'demo');
    fs.cpSync(DEMO, demo, { recursive: true });
    board = path.join(temp, 'board');
    fs.mkdirSync(board);
    fs.writeFileSync(path.join(board, 'TODO.md'), PLAIN_BOARD);
  });

  after(() => fs.rmSync(temp, { recursive: true, force: true }));

  /** The module requests of one run, and the run. */
  function loadsOf(workspace: string, args: string[]): { requests: string[]; status: number | null; stderr: string } {
    const log = path.join(temp, `load-${args[0]}.log`);
    fs.rmSync(log, { force: true });
    const r = spawnSync(process.execPath, ['--require', path.join(temp, 'preload.js'), CLI, ...args], {
      cwd: workspace,
      encoding: 'utf8',
      input: '',
      env: { ...process.env, ATB_LOAD_LOG: log },
    });
    const requests = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
    return { requests, status: r.status, stderr: r.stderr };
  }

  for (const args of [['list'], ['claim', 'TASK_001', '--agent', 'startup-test'], ['help']]) {
    it(`\`${args[0]}\` on a plain board loads no library, no MCP bundle, no child_process`, () => {
      const { requests, status, stderr } = loadsOf(board, args);
      assert.equal(status, 0, stderr);
      assert.ok(requests.includes(CLI), 'the preload saw the CLI itself load');
      assert.deepEqual(requests.filter((r) => /lib\/|mcp\.js$|child_process$/.test(r)), [], HOW_TO_FIX);
    });
  }

  it('loads node\'s `v8` (and the stream modules it brings) only once a run has read enough to tune V8 for', () => {
    const small = loadsOf(board, ['lint']);
    assert.ok(small.status === 0 || small.status === 1, small.stderr);
    assert.deepEqual(small.requests.filter((r) => /^(node:)?v8$/.test(r)), [], 'src/cli/oneRun.ts: `v8` costs a small board some 10 ms');
    const dir = path.join(temp, 'big-board');
    fs.mkdirSync(dir, { recursive: true });
    const items = Array.from({ length: 30_000 }, (_, i) => `- TASK_${String(i + 1).padStart(5, '0')}: "A task whose title is long enough to fill a line"\n  priority: medium\n  assigned_agent:\n  status: todo\n`);
    fs.writeFileSync(path.join(dir, 'TODO.md'), `# TODO\n\n\`\`\`yaml\n${items.join('\n')}\`\`\`\n`);
    assert.ok(fs.statSync(path.join(dir, 'TODO.md')).size > 2 * 1024 * 1024);
    const big = loadsOf(dir, ['lint']);
    assert.ok(big.status === 0 || big.status === 1, big.stderr);
    assert.ok(big.requests.some((r) => /^(node:)?v8$/.test(r)), `requests: ${big.requests.join(', ')}`);
  });

  it('`list` and `lint` print without making process.stdout or process.stderr (node\'s streams load with them)', () => {
    for (const args of [['list'], ['lint'], ['claim', 'NO_SUCH_TASK', '--agent', 'startup-test']]) {
      const { requests, stderr } = loadsOf(board, args);
      assert.ok(requests.includes(CLI), stderr);
      assert.deepEqual(requests.filter((r) => r.startsWith('process.')), [], `${args[0]}: see src/cli/standardOutput.ts`);
    }
  });

  it('`lint` of checklists, a work log and agent files loads markdown-it and gray-matter, and nothing for mcp or git', () => {
    const { requests, status, stderr } = loadsOf(demo, ['lint']);
    assert.ok(status === 0 || status === 1, stderr);
    assert.ok(requests.includes('./lib/markdown-it.js'), `requests: ${requests.join(', ')}`);
    assert.ok(requests.includes('./lib/gray-matter.js'), `requests: ${requests.join(', ')}`);
    assert.deepEqual(requests.filter((r) => /mcp\.js$|child_process$/.test(r)), [], HOW_TO_FIX);
  });

  it('a list of plain ids loads no yaml; a board item only yaml reads (a list of quoted ids) loads it', () => {
    fs.appendFileSync(path.join(board, 'TODO.md'), '\n```yaml\n- TASK_003: "Notes"\n  status: todo\n  depends_on: [TASK_001, TASK_002]\n```\n');
    const plain = loadsOf(board, ['list']);
    assert.equal(plain.status, 0, plain.stderr);
    assert.deepEqual(plain.requests.filter((r) => LIBRARIES.includes(r)), []);
    fs.appendFileSync(path.join(board, 'TODO.md'), '\n```yaml\n- TASK_004: "More notes"\n  status: todo\n  depends_on: ["TASK_001", "TASK_003"]\n```\n');
    const { requests, status, stderr } = loadsOf(board, ['list']);
    assert.equal(status, 0, stderr);
    assert.deepEqual(requests.filter((r) => LIBRARIES.includes(r)), ['./lib/yaml.js']);
  });

  it('a board of `- id:` items with plain words (T1, todo, fix) loads no yaml', () => {
    const dir = path.join(temp, 'id-board');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'TODO.md'),
      '# TODO\n\n```yaml\n- id: T1\n  title: Write the endpoint\n  status: todo\n  priority: high\n- id: T2\n  title: fix\n  status: in_progress\n  assignee: bob\n```\n',
    );
    const { requests, status, stderr } = loadsOf(dir, ['list']);
    assert.equal(status, 0, stderr);
    assert.deepEqual(requests.filter((r) => LIBRARIES.includes(r)), [], 'a plain word starting with t, f or n was handed to yaml');
  });

  it('`mcp` requires dist/mcp.js, and serves until stdin closes', () => {
    const { requests, status, stderr } = loadsOf(demo, ['mcp']);
    assert.equal(status, 0, stderr);
    assert.match(stderr, /MCP server on stdio/);
    assert.ok(requests.includes('./mcp.js'), `requests: ${requests.join(', ')}`);
  });
});
