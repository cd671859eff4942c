// Runs the built command line over a folder of task files collected from real
// repositories and prints, per file, its kind, how many tasks were read and
// how many problems were reported. Run by hand after `node esbuild.mjs`:
//
//   node scripts/realworld-check.mjs FOLDER
//
// FOLDER holds one sub-folder per case, each with files under their relative
// paths in the repository they came from (so `.claude/tasks/x-tasks.md` is a
// checklist by the default globs). Files the default globs do not match are
// named on the command line, which reads them as boards.
//
// Exit 1 when a file that looks like it holds tasks (checkboxes, a status
// field, a task table, `- id:` items, outside code fences) is read as a board
// or checklist with no task and no problem saying why: that is a file the
// product would show as empty in silence. Not part of `npm test`: the folder
// is not in this repository.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist', 'cli.js');
const folder = process.argv[2];
if (!folder) {
  console.error('usage: node scripts/realworld-check.mjs FOLDER');
  process.exit(2);
}

// The product's own glob matcher, so the kinds printed are the ones the editor and the CLI use.
const bundled = buildSync({ entryPoints: [join(root, 'src/core/fileKinds.ts')], bundle: true, format: 'esm', platform: 'node', write: false });
const { fileKindOf } = await import(`data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0].text).toString('base64')}`);

function filesUnder(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...filesUnder(full));
    else if (name.endsWith('.md')) out.push(full);
  }
  return out;
}

function run(args, cwd) {
  try {
    return execFileSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    return error.stdout ?? '';
  }
}

/** Whether the text holds what reads like tasks, outside code fences. */
function looksTaskLike(text) {
  const bare = text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, '');
  return (
    /^[ \t]*[-*+][ \t]+\[[ xX]\]/m.test(bare) ||
    /^[ \t]*status:[ \t]*\S/m.test(bare) ||
    /^[ \t]*\|.*\b(?:status|state)\b.*\|/im.test(bare) ||
    /^- id:/m.test(bare)
  );
}

const rows = [];
let silent = 0;
for (const caseName of readdirSync(folder).sort()) {
  const caseDir = join(folder, caseName);
  if (!statSync(caseDir).isDirectory()) continue;
  for (const full of filesUnder(caseDir).sort()) {
    const rel = relative(caseDir, full).replace(/\\/g, '/');
    const kind = fileKindOf(rel);
    const taskFile = kind === undefined || kind === 'board' || kind === 'checklist';
    const tasks = taskFile ? JSON.parse(run(['list', '--json', rel], caseDir) || '[]') : [];
    const problems = JSON.parse(run(['lint', '--json', rel], caseDir) || '[]');
    const bytes = readFileSync(full);
    const empty = taskFile && tasks.length === 0 && problems.length === 0 && looksTaskLike(bytes.toString('utf8'));
    if (empty) silent++;
    const codes = [...new Set(problems.map((p) => p.code))].join(',');
    const statuses = {};
    for (const t of tasks) statuses[t.status ?? '?'] = (statuses[t.status ?? '?'] ?? 0) + 1;
    rows.push([
      `${caseName}/${rel}`,
      kind ?? 'board (named)',
      taskFile ? String(tasks.length) : '-',
      taskFile ? Object.entries(statuses).map(([s, n]) => `${s} ${n}`).join(', ') : '',
      `${problems.length}${codes ? ` (${codes})` : ''}`,
      empty ? 'EMPTY, NOTHING SAID' : '',
    ]);
  }
}

const head = ['file', 'kind', 'tasks', 'statuses', 'problems', ''];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
for (const r of [head, ...rows]) console.log(r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd());
console.log(`\n${rows.length} files, ${rows.filter((r) => r[2] !== '-' && r[2] !== '0').length} with tasks; ${silent} task-like file(s) read as empty with no message`);
process.exit(silent > 0 ? 1 : 0);
