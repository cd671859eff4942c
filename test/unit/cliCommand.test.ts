// The command line names its command to the caller before running it: the
// process entry tunes V8 by it (every command but `mcp` runs once and exits),
// and options may come before the command.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from '../../src/cli/main';

describe('command line: the command, before it runs', () => {
  let root: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-command-'));
    fs.writeFileSync(path.join(root, 'TODO.md'), '# TODO\n\n```yaml\n- TASK_001: "One"\n  status: todo\n```\n');
  });

  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('is told to onCommand with options before it or after it, and not for a usage error', async () => {
    const heard: string[] = [];
    const io = { out: () => undefined, err: () => undefined };
    assert.equal(await run(['--json', 'list', '--root', root], root, io, (command) => heard.push(command)), 0);
    assert.equal(await run(['--root', root, 'lint'], root, io, (command) => heard.push(command)), 0);
    assert.equal(await run(['no-such-command', '--root', root], root, io, (command) => heard.push(command)), 2);
    assert.deepEqual(heard, ['list', 'lint']);
  });

  it('add on a checkbox board names the file and the line once, and leaves the board as it was', async () => {
    const text = '## Backlog\n\n- [ ] Write docs\n';
    fs.writeFileSync(path.join(root, 'TODO.md'), text);
    const err: string[] = [];
    assert.equal(await run(['add', 'Another', '--root', root], root, { out: () => undefined, err: (s) => err.push(s) }), 3);
    assert.equal(err.join(''), 'TODO.md:3: the board is a checkbox list: add a "- [ ] title" line; add writes YAML task items only, so nothing was added.\n');
    assert.equal(fs.readFileSync(path.join(root, 'TODO.md'), 'utf8'), text);
  });
});
