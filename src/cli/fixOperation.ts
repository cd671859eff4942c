// `fix`: applies the problems' fixes to the files in scope, each file under
// its lock, and reports what was fixed and what could not be.
import { fixAll, type AppliedFix as FixMade } from '../core/fixAll';
import type { FileKind, Problem, ProblemCode } from '../core/model';
import { planMove } from '../core/moves';
import { applyEdits } from '../core/text';
import { DEFAULT_STALE_MS } from '../core/stale';
import type { FoundFile } from './discoverFiles';
import { lockedUpdate } from '../node/lockedWrite';
import { isTaskFileKind, lifecycleOf, load, scopeFiles, type LoadedFile } from './scope';
import { collectProblems, displayPosition, type LintOptions } from './lintOperation';
import { pushAll } from '../core/arrays';

export interface FixOptions extends LintOptions {
  /** Only fix problems with this code. */
  readonly code?: string;
  /** Whether a release of a stale claim appends its Session History line (`--no-history`: not); yes when left out. */
  readonly history?: boolean;
}

export interface AppliedFix {
  readonly file: string;
  /** The problem's line in the file as it was before the fix (1-based). */
  readonly line: number;
  readonly code: string;
  readonly taskId: string | null;
  readonly title: string;
}

/** A file `fix` could not fix: read-only, not UTF-8, locked too long, gone. The other files were still fixed. */
export interface FixFailure {
  readonly file: string;
  readonly message: string;
}

export interface FixReport {
  readonly applied: AppliedFix[];
  readonly failed: FixFailure[];
}

/**
 * Applies the preferred fix of every problem (of `code` only, when given),
 * file by file under the file's lock, re-linting between rounds (core fixAll).
 * Releasing a stale claim is a lifecycle decision, not a repair, so
 * `stale-claim` fixes are applied only when asked for by code. Only files
 * with something to fix are locked and written; a file that cannot be
 * written is reported and the others are still fixed.
 */
/**
 * The fixes `fix` applies to one text of a task file, with the work logs that
 * feed the stale rule: the fixed text and what was applied.
 */
export function fixText(
  found: FoundFile,
  text: string,
  logs: readonly { readonly path: string; readonly relative: string; readonly kind: FileKind; readonly text: string }[],
  options: FixOptions & { now: Date; staleMs: number; readonly dependencies: () => readonly LoadedFile[] },
) {
  const codes = options.code !== undefined ? new Set([options.code as ProblemCode]) : undefined;
  const lifecycle = lifecycleOf(options.root);
  const lint = (current: string): Problem[] => {
    const file: LoadedFile = { ...found, text: current };
    const problems = collectProblems([file, ...logs.filter((l) => l.path !== found.path)], {
      now: options.now,
      staleMs: options.staleMs,
      lifecycle,
      root: options.root,
      // The workspace's other task files, for the dependency fixes (an unquoted `007` quoted).
      dependencies: options.dependencies,
    })[0]!.problems;
    return codes ? problems : problems.filter((p) => p.code !== 'stale-claim');
  };
  // The releases fix makes (of a stale claim, of a claim without an agent) are moves, asked for by code.
  const releases = new Set<ProblemCode>(['stale-claim', 'claim-without-agent'].filter((c) => codes?.has(c as ProblemCode)) as ProblemCode[]);
  if (releases.size === 0) return fixAll(text, lint, { codes });
  // Releasing a stale claim is a move: each is made as `release` makes it, with its Session History line (the history
  // must not read as the holder's claim followed by the next agent's), one after the other on the text the last left.
  // Not as fix passes: every history line goes in at one place, so a pass could take one release only.
  // First a claim whose agent is written under a key spelled otherwise (`Assignee:`): its key is renamed (the same
  // length: every offset holds), and it is not released.
  const misspelt = (p: Problem): boolean => p.code === 'claim-without-agent' && p.fixes.some((f) => f.preferred);
  const renamed = releases.has('claim-without-agent') ? fixAll(text, (current) => lint(current).filter(misspelt), { codes }) : { text, applied: [] };
  let current = renamed.text;
  const applied: FixMade[] = [...renamed.applied];
  for (const p of lint(current)) {
    if (!releases.has(p.code) || p.taskId === undefined || misspelt(p)) continue;
    const plan = planMove(current, found.relative, p.taskId, 'release', { lifecycle, now: options.now, history: options.history ?? true });
    if (!plan.ok) continue;
    current = applyEdits(current, plan.edits);
    applied.push({ code: p.code, taskId: p.taskId, title: `Release ${p.taskId}`, at: p.span.start });
  }
  return { text: current, applied };
}

/** What `fixText` applied to `text`, the file `relative` before the fix, as `fix` reports it. */
export function appliedRows(relative: string, text: string, applied: readonly FixMade[]): AppliedFix[] {
  return applied.map((a) => ({ file: relative, line: displayPosition(text, a.at).line, code: a.code, taskId: a.taskId ?? null, title: a.title }));
}

export async function fixFiles(options: FixOptions): Promise<FixReport> {
  const now = options.now ?? new Date();
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const files = scopeFiles(options);
  // Work-log entries feed the stale rule; read them once, outside the locks.
  const logs: LoadedFile[] = [];
  for (const f of files) {
    if (f.kind !== 'worklog') continue;
    try {
      logs.push(load(f));
    } catch {
      // An unreadable log only feeds staleness; the file itself is reported below if it needs a fix.
    }
  }
  // The workspace's task files, read once and only when a file's tasks name dependencies (see collectProblems).
  let workspace: LoadedFile[] | undefined;
  const dependencies = (): readonly LoadedFile[] => (workspace ??= taskFilesOf(scopeFiles({ root: options.root })));
  const fixesFor = (found: FoundFile, text: string) => fixText(found, text, logs, { ...options, now, staleMs, dependencies });
  const applied: AppliedFix[] = [];
  const failed: FixFailure[] = [];
  for (const found of files) {
    try {
      // A first look without the lock: files with nothing to fix are neither locked nor written.
      if (fixesFor(found, load(found).text).applied.length === 0) continue;
      const fixed = await lockedUpdate(found.path, (text) => {
        const result = fixesFor(found, text);
        return { write: result.text !== text, text: result.text, result: appliedRows(found.relative, text, result.applied) };
      }, { root: options.root });
      pushAll(applied, fixed);
    } catch (err) {
      const message = (err as Error).message ?? String(err);
      failed.push({ file: found.relative, message: message.startsWith(found.relative) || message.includes(found.path) ? message : `${found.relative}: ${message}` });
    }
  }
  return { applied, failed };
}

/** The task files among `files`, read; one that cannot be read is left out (it is reported where it is fixed). */
function taskFilesOf(files: readonly FoundFile[]): LoadedFile[] {
  const loaded: LoadedFile[] = [];
  for (const f of files) {
    if (!isTaskFileKind(f.kind)) continue;
    try {
      loaded.push(load(f));
    } catch {
      // Named by the fix of that file, if it needs one.
    }
  }
  return loaded;
}
