// The command line run in this process: it names its command to the caller
// before running it (the process entry tunes V8 by it: every command but `mcp`
// runs once and exits), options may come before the command, and what it
// prints and refuses for add, log --append and next --claim, and the ids add
// takes across boards.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from '../../src/cli/main';

describe('command line, run in this process', () => {
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

  it('add on a checkbox board with no To Do heading names the file and the line once, and leaves the board as it was', async () => {
    const text = '## In Progress\n\n- [ ] Write docs\n';
    fs.writeFileSync(path.join(root, 'TODO.md'), text);
    const err: string[] = [];
    assert.equal(await run(['add', 'Another', '--root', root], root, { out: () => undefined, err: (s) => err.push(s) }), 3);
    assert.equal(err.join(''), "TODO.md:3: the board's statuses are its headings, and none is for todo: add that heading, then the task; nothing was added.\n");
    assert.equal(fs.readFileSync(path.join(root, 'TODO.md'), 'utf8'), text);
  });

  async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await run([...argv, '--root', root], root, { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, out: out.join(''), err: err.join('') };
  }

  it('takes --agent @bob as bob: next offers bob the task named for him, and bob moves it on', async () => {
    fs.writeFileSync(path.join(root, 'TODO.md'), '# TODO\n\n```yaml\n- TASK_001: "For carol"\n  status: todo\n  assigned_agent: carol\n- TASK_002: "For bob"\n  status: todo\n  assigned_agent: "@bob"\n```\n');
    const next = await cli('next', '--agent', '@bob', '--json');
    assert.equal(next.code, 0, next.err);
    assert.equal(JSON.parse(next.out).task.id, 'TASK_002');
    assert.equal((await cli('claim', 'TASK_002', '--agent', '@bob')).code, 0);
    assert.equal((await cli('start', 'TASK_002', '--agent', 'bob')).code, 0);
    const row = JSON.parse((await cli('list', '--json')).out).find((t: { id: string }) => t.id === 'TASK_002');
    assert.deepEqual([row.status, row.assignedAgent], ['in_progress', 'bob']);
  });

  it('log --append refuses an id holding a line break, which would write a heading of its own', async () => {
    const r = await cli('log', 'TASK_001\n## 2026-01-01 00:00 UTC — forged (TASK_001)', '--append', 'y');
    assert.equal(r.code, 2);
    assert.match(r.err, /The task id "TASK_001\\n## 2026-01-01 00:00 UTC — forged \(TASK_001\)" holds a line break; nothing was written\./);
    assert.equal(fs.existsSync(path.join(root, 'BACKEND_WORK_LOG.md')), false);
  });

  it('log --append refuses a blank id, two ids, and a log file name holding a line break', async () => {
    for (const [argv, said] of [
      [['log', '   ', '--append', 'y'], /The task id " {3}" is not one task id \(one word, with no blank or parenthesis\); nothing was written\./],
      [['log', 'TASK_006 TASK_007', '--append', 'y'], /The task id "TASK_006 TASK_007" is not one task id/],
      [['log', 'TASK_006) (TASK_003', '--append', 'y'], /is not one task id/],
      [['log', 'TASK_006', '--append', 'y', 'x\n_WORK_LOG.md'], /The log file "x\\n_WORK_LOG\.md" holds a line break; nothing was written\./],
    ] as const) {
      const r = await cli(...argv);
      assert.equal(r.code, 2, r.out);
      assert.match(r.err, said);
    }
    assert.deepEqual(fs.readdirSync(root).filter((f) => f.includes('WORK_LOG')), []);
  });

  it('log --append of a summary that starts with an id-like word and a colon is the task\'s entry, not that word\'s', async () => {
    const appended = await cli('log', 'TASK_001', '--append', 'UTF-8: decode the uploads');
    assert.equal(appended.code, 0, appended.err);
    const log = await cli('--json', 'log', 'TASK_001');
    assert.equal(log.code, 0, log.err);
    const rows = JSON.parse(log.out) as { summary: string; mention: boolean }[];
    assert.deepEqual(rows.map((r) => [r.summary, r.mention]), [['UTF-8: decode the uploads', false]]);
  });

  it('done on a checklist item says the subtasks it leaves open, and --json gives them', async () => {
    fs.mkdirSync(path.join(root, '.claude', 'tasks'), { recursive: true });
    const list = path.join(root, '.claude', 'tasks', 'dev-tasks.md');
    const text = '## In Progress\n- [ ] Ship it\n  - [x] build\n  - [ ] docs\n- [ ] Tidy up\n  - [x] all of it\n\n## Completed\n';
    fs.writeFileSync(list, text);
    const shipped = await cli('done', 'dev/ship-it', '--now', '2026-12-01T10:00:00Z');
    assert.equal(shipped.code, 0, shipped.err);
    assert.equal(shipped.out, '.claude/tasks/dev-tasks.md:2 dev/ship-it in_progress → done by dev (a subtask still open: "docs")\n');
    const tidied = await cli('--json', 'done', 'dev/tidy-up', '--now', '2026-12-01T10:00:00Z');
    assert.equal(tidied.code, 0, tidied.err);
    assert.equal((JSON.parse(tidied.out) as { openSubtasks?: unknown }).openSubtasks, undefined);
    fs.writeFileSync(list, text);
    const json = await cli('--json', 'done', 'dev/ship-it', '--now', '2026-12-01T10:00:00Z');
    assert.deepEqual((JSON.parse(json.out) as { openSubtasks?: unknown }).openSubtasks, ['docs']);
  });

  it('fix of 130,000 problems in one board reports each, in one pass that compares each fix with its neighbours only', async () => {
    // Each item's priority spelled otherwise (`High`): one fix per task. Compared with every fix taken before it, a
    // pass took 20 s at 50,000; a spread of the rows said overflowed the call stack.
    const items = Array.from({ length: 130_000 }, (_, i) => `- T${i}: "t"\n  priority: High\n  status: todo\n`).join('');
    fs.writeFileSync(path.join(root, 'TODO.md'), `# TODO\n\n\`\`\`yaml\n${items}\`\`\`\n`);
    const fixed = await cli('--json', 'fix');
    assert.equal(fixed.code, 0, fixed.err.slice(0, 500));
    const rows = JSON.parse(fixed.out) as { taskId: string; code: string }[];
    assert.deepEqual([rows.length, rows[129_999]], [130_000, { ...rows[129_999], taskId: 'T129999', code: 'bad-priority' }]);
    assert.equal(fs.readFileSync(path.join(root, 'TODO.md'), 'utf8').includes('priority: High'), false);
  });

  it('lint of 130,000 stale claims reports each, with its release fix: none of them is spread onto the call stack', async () => {
    const items = Array.from({ length: 130_000 }, (_, i) => `- T${i}: "t"\n  assigned_agent: bob\n  status: claimed\n  claimed_at: "2020-01-01T00:00:00Z"\n`).join('');
    fs.writeFileSync(path.join(root, 'TODO.md'), `# TODO\n\n\`\`\`yaml\n${items}\`\`\`\n`);
    const linted = await cli('--json', 'lint', '--now', '2026-12-01T00:00:00Z');
    assert.equal(linted.code, 0, linted.err.slice(0, 500));
    const rows = JSON.parse(linted.out) as { code: string; message: string; fixes: string[] }[];
    assert.equal(rows.filter((r) => r.code === 'stale-claim').length, 130_000);
    assert.match(rows[129_999]!.message, /^T129999 has been claimed by bob/);
    assert.deepEqual(rows[129_999]!.fixes, ['Release T129999']);
  });

  it('fix quotes an unquoted 007 dependency that YAML reads as 7, where the task is "007" in another file', async () => {
    fs.writeFileSync(path.join(root, 'TODO.md'), '```yaml\n- id: "008"\n  title: Next\n  status: todo\n  depends_on: [007]\n```\n');
    fs.mkdirSync(path.join(root, 'api'));
    fs.writeFileSync(path.join(root, 'api', 'TODO.md'), '```yaml\n- id: "007"\n  title: Base\n  status: todo\n```\n');
    const fixed = await cli('fix');
    assert.equal(fixed.code, 0, fixed.err);
    assert.equal(fixed.out, 'TODO.md:5 unknown-dependency 008: Quote it: "007"\n');
    assert.equal(fs.readFileSync(path.join(root, 'TODO.md'), 'utf8'), '```yaml\n- id: "008"\n  title: Next\n  status: todo\n  depends_on: ["007"]\n```\n');
    assert.equal((await cli('lint')).out, '');
  });

  it('next --claim says the move it made, and why it took none on a board whose boxes are all it says', async () => {
    fs.writeFileSync(path.join(root, 'TODO.md'), '# Board\n\n## To Do\n- [ ] Write docs\n\n## In Progress\n');
    const claimed = await cli('next', '--agent', 'bob', '--claim');
    assert.equal(claimed.code, 0, claimed.err);
    assert.match(claimed.out, /^TODO\.md:\d+ \S+ todo → in_progress by bob Write docs\n$/);
    fs.writeFileSync(path.join(root, 'TODO.md'), '# Board\n\n## Phase 1\n- [ ] Set up CI\n');
    const none = await cli('next', '--agent', 'bob', '--claim');
    assert.equal(none.code, 1);
    assert.match(none.err, /^No task is ready to take \(none of the ready ones can be claimed: .*only move is done \(tick it\)\)\.\n$/);
  });

  it('fix --code claim-without-agent renames an agent key spelled otherwise, and releases only a claim that names nobody', async () => {
    fs.writeFileSync(path.join(root, 'TODO.md'), '```yaml\n- T-3: "c"\n  status: claimed\n- T-1: "a"\n  Assignee: bob\n  status: claimed\n```\n\n## Session History\n\n- 2026-11-01T00:00:00Z x\n');
    const fixed = await cli('fix', '--code', 'claim-without-agent', '--now', '2026-12-01T00:00:00Z');
    assert.equal(fixed.code, 0, fixed.err);
    assert.equal(fixed.out, 'TODO.md:5 claim-without-agent T-1: Rename Assignee to assignee\nTODO.md:3 claim-without-agent T-3: Release T-3\n');
    const text = fs.readFileSync(path.join(root, 'TODO.md'), 'utf8');
    assert.ok(text.includes('- T-1: "a"\n  assignee: bob\n  status: claimed\n'), text);
    assert.ok(text.includes('- T-3: "c"\n  status: todo\n'), text);
  });

  it('says a claim on a table with no column for the agent records none, not that it was by the agent', async () => {
    fs.writeFileSync(path.join(root, 'TODO.md'), '| ID | Title | Status |\n|---|---|---|\n| T-1 | one | todo |\n| T-2 | two | todo |\n');
    const claimed = await cli('claim', 'T-1', '--agent', 'zed');
    assert.equal(claimed.code, 0, claimed.err);
    assert.equal(claimed.out, 'TODO.md:3 T-1 todo → claimed (its table has no column for the agent: zed is not written)\n');
    const json = await cli('claim', 'T-2', '--agent', 'zed', '--json');
    assert.deepEqual([JSON.parse(json.out).agent, JSON.parse(json.out).unrecordedAgent], [null, 'zed']);
    // With an Owner column, the agent is written and said.
    fs.writeFileSync(path.join(root, 'TODO.md'), '| ID | Title | Status | Owner |\n|---|---|---|---|\n| T-1 | one | todo | |\n');
    assert.equal((await cli('claim', 'T-1', '--agent', 'zed')).out, 'TODO.md:3 T-1 todo → claimed by zed\n');
    fs.writeFileSync(path.join(root, 'TODO.md'), '| ID | Title | Status |\n|---|---|---|\n| T-1 | one | todo |\n');
    const next = await cli('next', '--agent', 'zed', '--claim');
    assert.equal(next.out, 'TODO.md:3 T-1 todo → claimed one\n');
  });

  it('next on the files named judges dependencies on tasks in other files, as claim does', async () => {
    fs.writeFileSync(path.join(root, 'TODO.md'), '```yaml\n- TASK_004: "Waits"\n  status: todo\n  depends_on: [SUB_1]\n```\n');
    fs.mkdirSync(path.join(root, 'sub'));
    fs.writeFileSync(path.join(root, 'sub', 'TODO.md'), '```yaml\n- SUB_1: "Done elsewhere"\n  status: done\n```\n');
    const offered = await cli('next', 'TODO.md');
    assert.equal(offered.code, 0, offered.err);
    assert.match(offered.out, /^TODO\.md:2 TASK_004 \[todo\] Waits\n$/);
    const claimed = await cli('next', '--agent', 'a', '--claim', 'TODO.md');
    assert.equal(claimed.code, 0, claimed.err);
    assert.match(claimed.out, /TASK_004 todo → claimed by a/);
  });

  it('next --claim passes over a task its file keeps from being claimed, and takes the next one', async () => {
    const item = (id: string, priority: string) => `- ${id}: "${id}"\n  priority: ${priority}\n  status: todo\n`;
    // The best task's id is written twice; a merge conflict in another board; a board with no heading for the claim.
    fs.writeFileSync(path.join(root, 'TODO.md'), `\`\`\`yaml\n${item('TASK_001', 'high')}${item('TASK_001', 'high')}${item('TASK_002', 'medium')}\`\`\`\n`);
    fs.mkdirSync(path.join(root, 'a'));
    fs.writeFileSync(path.join(root, 'a', 'TODO.md'), `\`\`\`yaml\n<<<<<<< ours\n${item('A_001', 'high')}=======\n${item('A_001', 'low')}>>>>>>> theirs\n${item('A_002', 'high')}\`\`\`\n`);
    fs.mkdirSync(path.join(root, 'b'));
    fs.writeFileSync(path.join(root, 'b', 'TODO.md'), '## To Do\n- [ ] Write the parser\n\n## Done\n- [x] Set up\n');
    const claimed = await cli('next', '--agent', 'bob', '--claim');
    assert.equal(claimed.code, 0, claimed.err);
    assert.match(claimed.out, /^TODO\.md:\d+ TASK_002 todo → claimed by bob/);
    const rest = await cli('next', '--agent', 'bob', '--claim', 'TODO.md', 'a/TODO.md', 'b/TODO.md');
    assert.equal(rest.code, 1, rest.out);
    assert.match(rest.err, /^No task is ready to take \(none of the ready ones can be claimed: .*\)\.\n$/);
  });

  it('a sync.enabled that is no yes or no refuses a write left to it, and one told --no-sync goes ahead', async () => {
    fs.writeFileSync(path.join(root, '.agent-task-board.yml'), 'sync:\n  enabled: maybe\n');
    const before = fs.readFileSync(path.join(root, 'TODO.md'), 'utf8');
    const refused = await cli('claim', 'TASK_001', '--agent', 'ann');
    assert.equal(refused.code, 2);
    assert.match(refused.err, /The sync setting in .*\.agent-task-board\.yml cannot be read \(sync\.enabled is no true or false\), so whether this write goes through the board branch is not known: fix it, or say --sync or --no-sync/);
    assert.equal(fs.readFileSync(path.join(root, 'TODO.md'), 'utf8'), before);
    // A read is not refused: it says so, and reads this copy.
    for (const command of [['list'], ['next']]) {
      const read = await cli(...command);
      assert.equal(read.code, 0, read.err);
      assert.match(read.err, /the sync setting in .* cannot be read; this copy's task files are read\./);
      assert.match(read.out, /TASK_001/);
    }
    assert.equal((await cli('claim', 'TASK_001', '--agent', 'ann', '--no-sync')).code, 0);
  });

  it('a settings file that is no YAML refuses even --sync (its board branch is unknown), and --no-sync goes ahead', async () => {
    fs.writeFileSync(path.join(root, '.agent-task-board.yml'), 'sync: {enabled: true, branch: tasks\n');
    const synced = await cli('claim', 'TASK_001', '--agent', 'ann', '--sync');
    assert.equal(synced.code, 2);
    assert.match(synced.err, /is no YAML, so its sync setting \(and which branch is the board's\) cannot be read: fix it, or say --no-sync/);
    assert.equal((await cli('claim', 'TASK_001', '--agent', 'ann', '--no-sync')).code, 0);
  });

  it('add to a second board takes an id no other board has, so a claim by the id alone finds one task', async () => {
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t) };
    fs.mkdirSync(path.join(root, 'api'));
    assert.equal(await run(['add', 'First of api', 'api/TODO.md', '--root', root], root, io), 0);
    assert.equal(await run(['add', 'Second of api', 'api/TODO.md', '--root', root], root, io), 0);
    assert.match(out.join(''), /^api\/TODO\.md:\d+ TASK_002 added \(todo\)\napi\/TODO\.md:\d+ TASK_003 added \(todo\)\n$/);
    out.length = 0;
    assert.equal(await run(['claim', 'TASK_002', '--agent', 'ann', '--root', root], root, io), 0, out.join(''));
    assert.match(out.join(''), /^api\/TODO\.md:\d+ TASK_002 todo → claimed by ann/);
  });

  it('add counts on from ids, not from long numbers another board mentions', async () => {
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t) };
    fs.writeFileSync(path.join(root, 'TODO.md'), '# TODO\n\nSee TASK_9007199254740992 and TASK_123456789012345678901234.\n\n```yaml\n- TASK_001: "One"\n  status: todo\n```\n');
    fs.mkdirSync(path.join(root, 'api'));
    assert.equal(await run(['add', 'First of api', 'api/TODO.md', '--root', root], root, io), 0);
    assert.match(out.join(''), /^api\/TODO\.md:\d+ TASK_002 added \(todo\)\n$/);
  });

  it('add and lint\'s renumber fix take a bare number no other board holds as a task id, and count no other number', async () => {
    const numbered = (...ids: number[]) => `# TODO\n\n\`\`\`yaml\n${ids.map((id) => `- id: ${id}\n  title: T${id}\n  status: todo\n`).join('')}\`\`\`\n`;
    fs.writeFileSync(path.join(root, 'TODO.md'), numbered(1));
    fs.mkdirSync(path.join(root, 'web'));
    // Numbers that are no ids: a date, a count, a numbered list.
    fs.writeFileSync(path.join(root, 'web', 'TODO.md'), `Planned 2026-01-05, 12 items.\n\n1. read\n40. write\n\n${numbered(2)}`);
    const added = await cli('add', 'New');
    assert.equal(added.code, 0, added.err);
    assert.match(added.out, /^TODO\.md:\d+ 3 added/);
    fs.writeFileSync(path.join(root, 'TODO.md'), numbered(1, 1));
    const fixed = await cli('fix', '--code', 'duplicate-id', 'TODO.md');
    assert.equal(fixed.code, 0, fixed.err);
    assert.match(fs.readFileSync(path.join(root, 'TODO.md'), 'utf8'), /^- id: 3$/m);
  });

  it('add with a group holding a line break is a usage error (exit 2), and the board is left as it was', async () => {
    const before = fs.readFileSync(path.join(root, 'TODO.md'), 'utf8');
    const r = await cli('add', 'A title', '--group', 'G\n# H');
    assert.equal(r.code, 2);
    assert.match(r.err, /^TODO\.md: group "G\\n# H" holds a line break/);
    assert.equal(fs.readFileSync(path.join(root, 'TODO.md'), 'utf8'), before);
  });

  it('log lists the entries of a task no task file holds any more, and refuses an id nothing names', async () => {
    fs.writeFileSync(path.join(root, 'BACKEND_WORK_LOG.md'), '# Log\n\n## 2026-01-05 11:00 UTC — shipped (OLD_7)\n\n**Task Summary**: done and archived\n\n---\n\n## 2026-01-06 11:00 UTC — more (TASK_001)\n\nafter OLD_7\n');
    const old = await cli('log', 'OLD_7');
    assert.equal(old.code, 0, old.err);
    assert.equal(old.err, 'No task OLD_7 in the task files (archived or removed?); the work-log entries that name it:\n');
    assert.match(old.out, /^BACKEND_WORK_LOG\.md:3\n## 2026-01-05 11:00 UTC — shipped \(OLD_7\)\n[^]*Mentioned in:\n {2}BACKEND_WORK_LOG\.md:9 /);
    const none = await cli('log', 'NONE_1');
    assert.equal(none.code, 2);
    assert.match(none.err, /^No task NONE_1 under .*, and no work-log entry names it\./);
  });
});
