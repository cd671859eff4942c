// The command line run in this process under a repository's own lifecycle: every command judges by the lifecycle of
// `.agent-task-board.yml`, and the named moves keep their meaning on a path without a `claimed` step.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from '../../src/cli/main';

const NOW = '2026-11-21T10:00:00Z';

describe('command line: commands under the repository lifecycle', () => {
  let root: string;
  const write = (file: string, text: string) => fs.writeFileSync(path.join(root, file), text);
  const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
  async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await run([...argv, '--root', root, '--now', NOW], root, { out: (s) => out.push(s), err: (s) => err.push(s) });
    return { code, out: out.join(''), err: err.join('') };
  }

  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-lifecycle-'))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('fix leaves the statuses of the repository lifecycle alone, and releases what lint calls stale there', async () => {
    write('.agent-task-board.yml', 'lifecycle: [backlog, doing, review, done]\n');
    const board = '```yaml\n- TASK_001: "A"\n  status: doing\n  assigned_agent: a\n  claimed_at: "2026-01-01T00:00:00Z"\n- TASK_002: "B"\n  status: backlog\n```\n';
    write('TODO.md', board);
    assert.match((await cli('lint')).out, /^TODO\.md:3:11 warning stale-claim TASK_001 has been doing by a with no progress for 324 days/);
    assert.equal((await cli('fix')).out, 'Nothing to fix.\n');
    assert.equal(read('TODO.md'), board);
    const release = await cli('fix', '--code', 'stale-claim');
    assert.match(release.out, /^TODO\.md:3 stale-claim TASK_001: Release TASK_001\n$/);
    assert.match(read('TODO.md'), /- TASK_001: "A"\n {2}status: backlog\n {2}assigned_agent:\n/);
  });
});
