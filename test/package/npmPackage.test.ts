// The npm package as a user gets it: packed from a copy of the repository
// that has no dist/ (as a clean clone has none), installed from the tarball
// into a new project with no registry, and run there the way the README tells
// agents and hooks to run it, `npx --no-install agent-task-board ...`.
// A file the command line needs at run time and the tarball lacks fails here.
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const REPO = path.resolve(__dirname, '../../..');
const DEMO = path.join(REPO, 'test/fixtures/demo-workspace');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';

/** The repository's files as git sees them (tracked, or new and not ignored): no dist/, no out/. */
function copyOfSources(to: string): void {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO, encoding: 'utf8' });
  for (const file of listed.split('\0').filter(Boolean)) {
    const from = path.join(REPO, file);
    // Deleted-but-tracked files and links (the .cache link to the test host) are not sources.
    if (!fs.existsSync(from) || !fs.lstatSync(from).isFile()) continue;
    fs.mkdirSync(path.dirname(path.join(to, file)), { recursive: true });
    fs.copyFileSync(from, path.join(to, file));
  }
  // `npm ci` has run in a clean clone before `npm pack`: the build tools are there.
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(to, 'node_modules'), 'dir');
}

function npm(cwd: string, ...args: string[]): string {
  return execFileSync(NPM, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

describe('npm package: packed from a clean copy, installed from the tarball, run with npx', function () {
  this.timeout(300_000);
  let temp: string;
  let project: string;
  let packedFiles: string[];

  const npx = (...args: string[]): Run => {
    const r = spawnSync(NPX, ['--no-install', 'agent-task-board', ...args], { cwd: project, encoding: 'utf8' });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  before(function () {
    temp = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-npm-'));
    const clone = path.join(temp, 'clone');
    copyOfSources(clone);
    assert.equal(fs.existsSync(path.join(clone, 'dist')), false, 'the copy starts without dist/');
    const [packed] = JSON.parse(npm(clone, 'pack', '--json', '--pack-destination', temp)) as { filename: string; files: { path: string }[] }[];
    packedFiles = packed!.files.map((f) => f.path).sort();

    // A project the package is installed into, as `npm install -D agent-task-board` would:
    // offline, so anything it needed from the registry would fail the install.
    project = path.join(temp, 'project');
    fs.cpSync(DEMO, project, { recursive: true });
    fs.writeFileSync(path.join(project, 'package.json'), `${JSON.stringify({ name: 'atb-consumer', version: '1.0.0', private: true }, null, 2)}\n`);
    npm(project, 'install', '--save-dev', '--offline', '--no-audit', '--no-fund', path.join(temp, packed!.filename));
  });

  after(() => {
    if (temp) fs.rmSync(temp, { recursive: true, force: true });
  });

  it('packs the bundles the pack built, and nothing from the sources', () => {
    assert.deepEqual(packedFiles, [
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'dist/cli-main.js',
      'dist/cli.js',
      'dist/lib/gray-matter.js',
      'dist/lib/markdown-it.js',
      'dist/lib/yaml.js',
      'dist/mcp.js',
      'dist/merge.js',
      'dist/sync.js',
      'package.json',
    ]);
  });

  it('installs as one package: nothing the bundles inline comes along', () => {
    const lock = JSON.parse(fs.readFileSync(path.join(project, 'node_modules/.package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
    assert.deepEqual(Object.keys(lock.packages), ['node_modules/agent-task-board']);
  });

  it('lists the tasks of the project it is installed in', () => {
    const r = npx('list', '--json');
    assert.equal(r.status, 0, r.stderr);
    const rows = JSON.parse(r.stdout) as { id: string; status: string; file: string }[];
    assert.deepEqual(
      rows.filter((t) => t.file === 'TODO.md' && t.status === 'todo').map((t) => t.id),
      ['TASK_004', 'TASK_005', 'TASK_006', 'TASK_007'],
    );
  });

  it('claims a task, writing the board, and refuses a second claim', () => {
    const r = npx('claim', 'TASK_005', '--agent', 'pkg-agent');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /TASK_005 todo → claimed by pkg-agent/);
    const board = fs.readFileSync(path.join(project, 'TODO.md'), 'utf8');
    assert.match(board, /- TASK_005:[^\n]*\n(?: {2}[^\n]*\n)*? {2}assigned_agent: pkg-agent\n(?: {2}[^\n]*\n)*? {2}status: claimed/);
    assert.equal(npx('claim', 'TASK_005', '--agent', 'other-agent').status, 3);
  });

  it('serves MCP on stdio: a tool call answers from the board', async () => {
    const transport = new StdioClientTransport({ command: NPX, args: ['--no-install', 'agent-task-board', 'mcp'], cwd: project, stderr: 'pipe' });
    const client = new Client({ name: 'npm-package-test', version: '0.0.0' });
    await client.connect(transport);
    try {
      const result = await client.callTool({ name: 'get_task', arguments: { id: 'TASK_004' } });
      assert.notEqual(result.isError, true, JSON.stringify(result.content));
      const [block] = result.content as { type: string; text: string }[];
      const { task } = JSON.parse(block!.text) as { task: { title: string; status: string } };
      assert.deepEqual([task.title, task.status], ['Rate-limit the login endpoint', 'todo']);
    } finally {
      await client.close();
    }
  });
});
