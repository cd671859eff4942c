// Parse and lint one text of a task file on its own, outside the store: for
// the fix-all loop (which lints texts that exist nowhere yet) and for a save
// the store has not caught up with. Same core functions the index uses
// (parseFile, lintFile), so a text reads the same here as in the store and the CLI.
import { lintFile } from '../../core/lintFile';
import { parseFile } from '../../core/parseFile';
import type { FileKind, HistoryEntry, ParsedFile, Problem, Task } from '../../core/model';
import { DEFAULT_LIFECYCLE, type Lifecycle } from '../../core/lifecycleModel';
import { hasConflictMarkers, readConflicts } from '../../core/conflicts/conflictMarkers';

export interface LintedText {
  readonly tasks: readonly Task[];
  readonly problems: readonly Problem[];
  readonly history: readonly HistoryEntry[];
  /** Whether the text holds git's conflict markers (hasConflictMarkers), read from its parse: no pass over the text. */
  readonly conflicted: boolean;
}

/**
 * The store's parse of each file's current text (it parsed it already, maybe
 * in a worker): enforcement asks for the text the store just took, and a
 * second parse of a 10,000-task board here was a third of the host's block.
 */
interface Known {
  readonly kind: FileKind;
  readonly text: string;
  /** The lifecycle the text was read under: after the settings file changes, an older read is not the answer. */
  readonly lifecycle: Lifecycle;
  readonly linted: LintedText;
}
const fromStore = new Map<string, Known>();
/** The last text parsed here, per file: one disk write is asked about several times. */
const lastOwn = new Map<string, Known>();

/** Called by the store for each text it takes; `lint` is asked only when the problems are read. */
export function rememberParsed(file: string, kind: FileKind, text: string, parsed: ParsedFile, lint: () => readonly Problem[], lifecycle: Lifecycle = DEFAULT_LIFECYCLE): void {
  lastOwn.delete(file);
  if (parsed.kind !== 'board' && parsed.kind !== 'checklist') {
    fromStore.delete(file);
    return;
  }
  let problems: readonly Problem[] | undefined;
  const linted: LintedText = {
    tasks: parsed.tasks,
    history: parsed.kind === 'board' ? parsed.history : [],
    conflicted: readConflicts(parsed),
    get problems() {
      return (problems ??= lint());
    },
  };
  fromStore.set(file, { kind, text, lifecycle, linted });
}

/** The store no longer knows `file`. */
export function forgetParsed(file: string): void {
  fromStore.delete(file);
  lastOwn.delete(file);
}

/** Tasks, lint problems and Session History of `text`; empty for kinds without tasks. Never throws on user text. */
export function lintTaskText(file: string, kind: FileKind, text: string, lifecycle: Lifecycle = DEFAULT_LIFECYCLE): LintedText {
  for (const known of [fromStore.get(file), lastOwn.get(file)]) {
    if (known && known.kind === kind && known.text === text && known.lifecycle === lifecycle) return known.linted;
  }
  const linted = lintHere(file, kind, text, lifecycle);
  lastOwn.set(file, { kind, text, lifecycle, linted });
  return linted;
}

function lintHere(file: string, kind: FileKind, text: string, lifecycle: Lifecycle): LintedText {
  try {
    if (hasLifecycle(kind)) {
      const parsed = parseFile(kind, { file, text, lifecycle });
      return {
        tasks: parsed.tasks,
        problems: lintFile(parsed, text, undefined, lifecycle),
        history: parsed.kind === 'board' ? parsed.history : [],
        conflicted: readConflicts(parsed),
      };
    }
  } catch {
    // A parser bug must not take enforcement down; the store reports the file's problems.
  }
  return {
    tasks: [],
    problems: [],
    history: [],
    get conflicted() {
      return hasConflictMarkers(text);
    },
  };
}

/** Whether lifecycle enforcement applies to a kind of file. */
export function hasLifecycle(kind: FileKind | undefined): kind is 'board' | 'checklist' {
  return kind === 'board' || kind === 'checklist';
}
