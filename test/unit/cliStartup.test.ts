// What the built command line (dist/cli.js) loads when it starts: an agent
// pays for it on every move, so a command loads only what it runs. The MCP
// server (its SDK, zod and ajv) is dist/mcp.js, required by `mcp` alone, and
// child_process (git) only by `check`. Seen from a preload script that logs
// every module request node's loader is asked for.
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '../../..');
const CLI = path.join(REPO, 'dist/cli.js');
const DEMO = path.join(REPO, 'test/fixtures/demo-workspace');

const PRELOAD = `const Module = require('node:module');
const fs = require('node:fs');
const load = Module._load;
Module._load = function (request, parent, isMain) {
  fs.appendFileSync(process.env.ATB_LOAD_LOG, request + '\\n');
  return load.call(this, request, parent, isMain);
};
`;

describe('agent-task-board start-up: each command loads what it runs', function () {
  this.timeout(60_000);
  let temp: string;
  let workspace: string;

  before(() => {
    execFileSync(process.execPath, ['esbuild.mjs', 'cli'], { cwd: REPO, stdio: 'pipe' });
    temp = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-startup-'));
    fs.writeFileSync(path.join(temp, 'preload.js'), PRELOAD);
    workspace = path.join(temp, 'ws');
    fs.cpSync(DEMO, workspace, { recursive: true });
  });

  after(() => fs.rmSync(temp, { recursive: true, force: true }));

  /** The module requests of one run, and the run. */
  function loadsOf(args: string[], input?: string): { requests: string[]; status: number | null; stderr: string } {
    const log = path.join(temp, `load-${args[0]}.log`);
    fs.rmSync(log, { force: true });
    const r = spawnSync(process.execPath, ['--require', path.join(temp, 'preload.js'), CLI, ...args], {
      cwd: workspace,
      encoding: 'utf8',
      input: input ?? '',
      env: { ...process.env, ATB_LOAD_LOG: log },
    });
    const requests = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
    return { requests, status: r.status, stderr: r.stderr };
  }

  for (const args of [['list'], ['lint'], ['claim', 'TASK_004', '--agent', 'startup-test'], ['help']]) {
    it(`\`${args[0]}\` loads neither the MCP bundle nor child_process`, () => {
      const { requests, status, stderr } = loadsOf(args);
      assert.ok(status === 0 || (args[0] === 'lint' && status === 1), stderr);
      assert.ok(requests.includes(CLI), 'the preload saw the CLI itself load');
      assert.deepEqual(requests.filter((r) => /mcp\.js$|child_process$/.test(r)), []);
    });
  }

  it('`mcp` requires dist/mcp.js, and serves until stdin closes', () => {
    const { requests, status, stderr } = loadsOf(['mcp']);
    assert.equal(status, 0, stderr);
    assert.match(stderr, /MCP server on stdio/);
    assert.ok(requests.includes('./mcp.js'), `requests: ${requests.join(', ')}`);
  });
});
