// `agent-task-board merge-file BASE OURS THEIRS [PATH]`: git's merge driver for
// task files (`%O %A %B %P`). The result is written over OURS; the exit code is
// 0 when the merge is clean and 1 when conflicts are left in the file. A side
// the task merge cannot read goes to `git merge-file`, so nothing is lost.
// Kept to the merge and the file reads: git runs this once per conflicted file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { withBreaksOf, withLfBreaks } from '../core/lineBreaks';
import { mergeKindOf } from '../core/merge/guessKind';
import { mergeTaskFile, type MergeResult } from '../core/merge/mergeTaskFile';
import { gitLineMerge } from '../node/git';
import { UsageError } from './args';

export interface MergeFileOptions {
  /** BASE, OURS, THEIRS and optionally the file's path in the repository (git's `%P`). */
  readonly positionals: readonly string[];
  readonly root: string;
  readonly markerSize?: number;
  /** Where to say that a file went to the line merge, and why. */
  readonly warn: (text: string) => void;
}

/** Merges and writes OURS; returns the number of conflicts left (0 when clean). */
export function mergeFile(options: MergeFileOptions): number {
  const [base, ours, theirs, repoPath] = options.positionals;
  if (theirs === undefined || options.positionals.length > 4) {
    throw new UsageError('merge-file needs three files: agent-task-board merge-file BASE OURS THEIRS [PATH]');
  }
  const [basePath, oursPath, theirsPath] = [base, ours, theirs].map((f) => path.resolve(options.root, f!)) as [string, string, string];
  const name = repoPath ?? ours!;
  const texts = [basePath, oursPath, theirsPath].map(readUtf8);
  if (texts.every((t): t is string => t !== undefined)) {
    const [baseText, oursText, theirsText] = texts as [string, string, string];
    // A CR-only side is merged with LF breaks (the parsers read it so: lineBreaks.ts), and a CR-only OURS keeps them.
    const result = mergedOrWhyNot(() =>
      mergeTaskFile({
        kind: mergeKindOf(name, withLfBreaks(oursText)),
        file: name,
        base: withLfBreaks(baseText),
        ours: withLfBreaks(oursText),
        theirs: withLfBreaks(theirsText),
        markerSize: options.markerSize,
      }),
    );
    if (result.kind === 'merged') {
      const merged = withBreaksOf(oursText, result.text);
      if (merged !== oursText) fs.writeFileSync(oursPath, merged);
      return result.conflicts;
    }
    options.warn(`agent-task-board merge-file: ${name}: ${result.reason}; merging it line by line (git merge-file).\n`);
  } else {
    options.warn(`agent-task-board merge-file: ${name}: not UTF-8 text; merging it line by line (git merge-file).\n`);
  }
  return gitLineMerge(basePath, oursPath, theirsPath, options.root, { markerSize: options.markerSize });
}

/**
 * The task merge's result, or why not when it threw: git reads a driver that fails as a conflict and keeps OURS as
 * it is, with no markers, so theirs' changes would be gone at the next commit. The line merge keeps both.
 */
function mergedOrWhyNot(merge: () => MergeResult): MergeResult {
  try {
    return merge();
  } catch (error) {
    return { kind: 'unmergeable', reason: `the task merge failed (${error instanceof Error ? error.message : String(error)})` };
  }
}

function readUtf8(file: string): string | undefined {
  const bytes = fs.readFileSync(file);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
