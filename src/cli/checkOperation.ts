// `check`: the lifecycle problems of the task files against a git revision
// (the transitions a commit makes), for hooks and CI.
import type { execFileSync as ExecFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileKindOf } from '../core/fileKinds';
import type { Task } from '../core/model';
import { checkTransitions, removedClaims } from '../core/lifecycle';
import { withLfBreaks, withLoneCrsAsLf } from '../core/lineBreaks';
import { toPosix } from './discoverFiles';
import { FileError, lifecycleOf, load, scopeFiles, type ProblemRow, type Scope, isTaskFileKind, parseTaskFile } from './scope';
import { byPosition, problemRow } from './lintOperation';

export interface CheckOptions extends Scope {
  /** The accepted revision; default `HEAD`. */
  readonly base?: string;
}

export async function checkAgainst(options: CheckOptions): Promise<ProblemRow[]> {
  const base = options.base ?? 'HEAD';
  // Only `check` runs git: child_process (and the net and stream modules it
  // loads) stays out of every other command's start-up.
  const { execFileSync } = await import('node:child_process');
  try {
    execFileSync('git', ['rev-parse', '--verify', '--quiet', `${base}^{commit}`], { cwd: options.root, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch {
    throw new FileError(`${options.root}: "${base}" is not a commit here (is this a git repository with that revision?).`);
  }
  const rows: ProblemRow[] = [];
  const lifecycle = lifecycleOf(options.root);
  const scoped = scopeFiles(options);
  // A task file moved since the base (`git mv TODO.md sub/TODO.md`) is judged against its old self, not as a board
  // removed and another one new.
  const renamed = gitRenames(execFileSync, options.root, base);
  const present = new Set(scoped.map((f) => f.relative));
  const renamedFrom = new Set(renamed.values());
  // The task files deleted since the base, read once: by the pairing below when a file has nothing at the base,
  // and by the removals after the loop.
  let gone: DeletedFile[] | undefined;
  const deleted = (): DeletedFile[] => (gone ??= deletedTaskFiles(execFileSync, options.root, base, present, lifecycle));
  // Moved with a plain `mv` and not staged yet, a task file is a deletion and an untracked file to git: such a
  // new file is paired with the deleted task file it shares the most task ids with (at least half of that
  // file's), and judged against it.
  const movedUnstaged = new Set<string>();
  for (const found of scoped) {
    if (!isTaskFileKind(found.kind)) continue;
    const current = load(found);
    // Through a link (TODO.md → boards/main.md): the file it names, as git holds that one.
    const real = fs.realpathSync(found.path);
    const was = renamed.get(found.relative);
    let accepted = was !== undefined ? gitShow(execFileSync, options.root, was, base) : gitShow(execFileSync, path.dirname(real), path.basename(real), base);
    // Read with lone CRs as line ends, as the accepted text is: a commit that ends such lines like the others (the
    // lone-cr fix) makes the tasks on them readable, and they are not new for it.
    const text = withLoneCrsAsLf(current.text);
    const after = parseTaskFile(found.kind, found.relative, text, lifecycle);
    if (accepted === undefined && was === undefined) {
      // A file a staged rename took is where git says it went; one already paired is taken.
      const candidates = deleted().filter((d) => !renamedFrom.has(d.relative) && !movedUnstaged.has(d.relative) && !d.text.includes('\0'));
      const pair = pairedDeletion(candidates, found.kind, after.tasks);
      if (pair) {
        accepted = pair.text;
        movedUnstaged.add(pair.relative);
      }
    }
    if (accepted?.includes('\0')) {
      // Not text at the revision (a binary write, a NUL): nothing to compare with, which is not "every task is new".
      const message = `${found.relative} at ${base} is not text (it holds NUL bytes), so its tasks there cannot be compared with these.`;
      rows.push(problemRow(found.relative, current.text, { code: 'unreadable-file', severity: 'warning', message, span: { start: 0, end: 0 }, fixes: [] }));
      continue;
    }
    const before = accepted === undefined ? [] : parseTaskFile(found.kind, found.relative, accepted, lifecycle).tasks;
    for (const p of [...checkTransitions(before, after.tasks, { text, lifecycle }), ...removedClaims(before, after.tasks, lifecycle)]) {
      rows.push(problemRow(found.relative, text, p));
    }
  }
  // A task file deleted since the base takes its held tasks with it.
  if (!options.files || options.files.length === 0) {
    // Moved to a task file this check reads: judged there. Moved to another name (notes.md), it is gone as a task file.
    const movedFrom = new Set([...[...renamed].filter(([to]) => present.has(to)).map(([, from]) => from), ...movedUnstaged]);
    for (const file of deleted()) {
      if (movedFrom.has(file.relative)) continue; // moved, judged at its new place
      for (const p of removedClaims(file.tasks, [], lifecycle)) rows.push(problemRow(file.relative, '', p));
    }
  }
  return rows.sort(byPosition);
}

/** A task file at the base that is no longer in the working tree, read as check reads it. */
interface DeletedFile {
  readonly relative: string;
  readonly kind: ReturnType<typeof fileKindOf>;
  readonly text: string;
  readonly tasks: readonly Task[];
}

/** The task files at `rev` under `root` that are gone from the working tree (`present` lists what check reads). */
function deletedTaskFiles(
  execFileSync: typeof ExecFileSync,
  root: string,
  rev: string,
  present: ReadonlySet<string>,
  lifecycle: ReturnType<typeof lifecycleOf>,
): DeletedFile[] {
  const files: DeletedFile[] = [];
  for (const relative of gitFilesAt(execFileSync, root, rev)) {
    const kind = fileKindOf(relative);
    if (!isTaskFileKind(kind) || present.has(relative) || fs.existsSync(path.join(root, relative))) continue;
    const text = gitShow(execFileSync, root, relative, rev);
    if (text !== undefined) files.push({ relative, kind, text, tasks: parseTaskFile(kind, relative, text, lifecycle).tasks });
  }
  return files;
}

/** The deleted file of `kind` sharing the most of `tasks`' ids, when they are at least half of its own. */
function pairedDeletion(deleted: readonly DeletedFile[], kind: ReturnType<typeof fileKindOf>, tasks: readonly Task[]): DeletedFile | undefined {
  const ids = new Set(tasks.map((t) => t.id));
  let best: DeletedFile | undefined;
  let bestShared = 0;
  for (const file of deleted) {
    if (file.kind !== kind) continue;
    const own = new Set(file.tasks.map((t) => t.id));
    const shared = [...own].filter((id) => ids.has(id)).length;
    if (own.size > 0 && shared * 2 >= own.size && shared > bestShared) [best, bestShared] = [file, shared];
  }
  return best;
}

/**
 * The text of `name` (relative to `dir`) at `rev` as check compares it (lone CRs as line ends, as the working
 * text), or undefined when it did not exist there.
 */
function gitShow(execFileSync: typeof ExecFileSync, dir: string, name: string, rev: string): string | undefined {
  try {
    const text = execFileSync('git', ['show', `${rev}:./${toPosix(name)}`], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 256 * 1024 * 1024,
    });
    return withLoneCrsAsLf(withLfBreaks(text));
  } catch {
    return undefined;
  }
}

/** Files git sees renamed between `rev` and the working tree under `root` (staged, as `git mv` does): new path → old, relative to `root`. */
function gitRenames(execFileSync: typeof ExecFileSync, root: string, rev: string): Map<string, string> {
  const renames = new Map<string, string>();
  try {
    const out = execFileSync('git', ['diff', '--relative', '-M', '--name-status', '-z', rev, '--', '.'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
    // -z: `R<score>` NUL old NUL new NUL, other statuses `X` NUL path NUL.
    const parts = out.split('\0');
    for (let i = 0; i < parts.length; ) {
      const status = parts[i]!;
      if (status.startsWith('R')) {
        renames.set(parts[i + 2]!, parts[i + 1]!);
        i += 3;
      } else i += status.startsWith('C') ? 3 : 2;
    }
  } catch {
    // No renames known: every file is judged at its own path, as before.
  }
  return renames;
}

/** The files under `root` at `rev`, relative to it with `/`. */
function gitFilesAt(execFileSync: typeof ExecFileSync, root: string, rev: string): string[] {
  try {
    const out = execFileSync('git', ['ls-tree', '-r', '--name-only', '-z', rev, '--', '.'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
    return out.split('\0').filter((f) => f !== '');
  } catch {
    return [];
  }
}
