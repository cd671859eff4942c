// The workspace model the CLI and the extension share: every task file's text,
// parsed once per text, plus the views built over all of them (tasks in a
// stable order, work-log entries newest first, entry ↔ task links, agents).
// The views are rebuilt lazily on the first query after a change, never per
// query; lint results are computed per file on first ask and kept until that
// file changes.
//
// Linking: an entry belongs to a task when its heading or summary names the
// task's id (`taskIds`) or holds the task's exact title. An entry that names
// the task only in its body (`unblocks TASK_002`, the title in its Next
// Steps) mentions it: `mentionsOf`, shown apart from the task's own entries.
// Title matches need a title of at least 8 characters and whole-word edges,
// so a task called "Tests" does not collect every entry that says "Tests".
import { isoTime } from './board/timestampText';
import { lintFile } from './lintFile';
import { runToEnd, TASKS_PER_STEP } from './steps';
import { DEFAULT_LIFECYCLE, type Lifecycle } from './lifecycleModel';
import { parseFile, rereadFile } from './parseFile';
import { DependencyStatuses, dependenciesOf, textMayNameDependencies, type UnfinishedDependency } from './dependencies/dependencies';
import { lintDependencies } from './dependencies/lintDependencies';
import type { AgentDefinition, FileKind, ParsedFile, Problem, Task, WorkLogEntry } from './model';

export interface IndexedFile {
  readonly file: string;
  readonly kind: FileKind;
  readonly text: string;
  readonly version?: number;
  readonly parsed: ParsedFile;
}

interface Views {
  /** Each board's and checklist's tasks, one list per file, by path (see `tasks`). */
  readonly taskLists: readonly (readonly Task[])[];
  /** Every task in one list, made on the first ask. */
  tasks?: readonly Task[];
  readonly entries: readonly WorkLogEntry[];
  /** Entry order in `entries`, for sorting link results. */
  readonly entryRank: ReadonlyMap<WorkLogEntry, number>;
  /** Id → the entries about it (`taskIds`). */
  readonly entriesById: ReadonlyMap<string, readonly WorkLogEntry[]>;
  /** Id → the entries whose heading lists it in its closing parentheses after another leading id (`otherwiseIds`). */
  readonly otherwiseById: ReadonlyMap<string, readonly WorkLogEntry[]>;
  /** Id → the entries that name it only in their body. */
  readonly mentionsById: ReadonlyMap<string, readonly WorkLogEntry[]>;
  readonly agents: readonly AgentDefinition[];
  /** Title → entries holding it in their heading or summary, and in their body only; filled on demand. */
  readonly byTitle: Map<string, TitleLinks>;
  /** The work logs' entry lists, file by file: what `entryWords` was built from. */
  readonly worklogs: readonly (readonly WorkLogEntry[])[];
  /** What each id's tasks say for dependencies; built on the first ask. */
  statuses?: DependencyStatuses;
  /** Workspace-level dependency problems by file (unknown ids, cycles); built on the first ask. */
  dependencyProblems?: ReadonlyMap<string, readonly Problem[]>;
  /** The files with a task that names dependencies; built on the first ask. */
  dependentFiles?: ReadonlySet<string>;
}

interface TitleLinks {
  readonly own: readonly WorkLogEntry[];
  readonly mentions: readonly WorkLogEntry[];
}

const NO_ENTRIES: readonly WorkLogEntry[] = [];
const NO_IDS: readonly string[] = [];
const NO_LINKS: TitleLinks = { own: NO_ENTRIES, mentions: NO_ENTRIES };

const MIN_LINKED_TITLE = 8;

const NO_TASKS: readonly Task[] = Object.freeze([]);

/** The longest text the dependency pre-check reads, in one step: over a whole 50 MB board it held a turn for 25 ms. */
const CHARS_PER_STEP = 1 << 20;

/**
 * Whether `text` may name dependencies, so that its tasks are worth walking.
 * Read only when it is one step long: a larger text may be a rope of pieces
 * (the extension reads a large file so), and reading any part of a rope
 * copies it whole into one string first, held the host 150-250 ms for a
 * 50 MB board. Its tasks are walked in steps instead, unless `set`, which
 * has just read such a text whole, searched it there.
 */
function mayNameDependencies(text: string): boolean {
  return text.length > CHARS_PER_STEP || textMayNameDependencies(text);
}

export class TaskIndex {
  private readonly byFile = new Map<string, IndexedFile>();
  /** The repository's lifecycle: how status words are read and what lint accepts. */
  private lifecycleInUse: Lifecycle;

  constructor(lifecycle: Lifecycle = DEFAULT_LIFECYCLE) {
    this.lifecycleInUse = lifecycle;
  }

  get lifecycle(): Lifecycle {
    return this.lifecycleInUse;
  }

  /** Reads every file again under another lifecycle (the settings file changed); the same one does nothing. */
  setLifecycle(lifecycle: Lifecycle): void {
    if (sameLifecycle(lifecycle, this.lifecycleInUse)) return;
    this.lifecycleInUse = lifecycle;
    for (const f of [...this.byFile.values()]) {
      this.byFile.set(f.file, { ...f, parsed: parseFile(f.kind, sourceOf(f.file, f.text, f.version, lifecycle)) });
    }
    this.lint.clear();
    this.views = undefined;
  }
  private readonly lint = new Map<string, readonly Problem[]>();
  private views: Views | undefined;
  /** `files()`, kept until a file comes or goes. */
  private sortedFiles: readonly string[] | undefined;
  /** Each parsed file's tasks that name dependencies, found on the first ask. */
  private readonly dependentsByParse = new WeakMap<ParsedFile, readonly Task[]>();

  /** Adds or replaces a file. The same kind and text again (whatever the version) parses nothing. */
  set(file: string, kind: FileKind, text: string, version?: number): void {
    const current = this.byFile.get(file);
    if (current && current.kind === kind && current.text === text) {
      if (current.version !== version) this.byFile.set(file, { ...current, version });
      return;
    }
    if (!current) this.sortedFiles = undefined;
    // The file's last parse was made under the lifecycle in use (setLifecycle reads every file again).
    const { parsed, rereadIndex } = rereadFile(kind, sourceOf(file, text, version, this.lifecycleInUse), current);
    this.byFile.set(file, { file, kind, text, version, parsed });
    if (current) this.carryDependents(current.parsed, parsed, rereadIndex);
    // A board too large to search in one step later (dependentsSteps walks its tasks instead) is searched here, where
    // it was just read whole: most name no dependency, and then their tasks are not walked (the command line's `lint`
    // of 50,000 tasks: a 2 ms search instead of a 13 ms walk).
    if (parsed.kind === 'board' && text.length > CHARS_PER_STEP && !this.dependentsByParse.has(parsed) && !textMayNameDependencies(text)) {
      this.keepDependents(parsed, NO_TASKS);
    }
    this.lint.delete(file);
    this.views = undefined;
  }

  /**
   * The tasks of `parsed` that name dependencies, told from those of `before`
   * (the file's parse it replaces) when that answer is known and both have as
   * many tasks: a task that is the same object, or was moved by an edit before
   * it without a change to its fields (board/reparseBoard.ts), names what it
   * named. A write to one task of a 10,000-task board then reads that task,
   * not every task or the whole text. `rereadIndex`: the one task of `before`
   * that `parsed` read again (rereadFile), when it was made so.
   */
  private carryDependents(before: ParsedFile, parsed: ParsedFile, rereadIndex: number | undefined): void {
    if (before.kind !== 'board' || parsed.kind !== 'board' || before.tasks.length !== parsed.tasks.length) return;
    const known = this.dependentsByParse.get(before);
    if (!known) return;
    const carried = rereadIndex === undefined ? undefined : carriedOver(before.tasks, parsed.tasks, known, rereadIndex);
    if (carried) {
      this.keepDependents(parsed, carried);
      return;
    }
    const named = known.length === 0 ? undefined : new Set(known);
    const found: Task[] = [];
    for (let i = 0; i < parsed.tasks.length; i++) {
      const task = parsed.tasks[i]!;
      const was = before.tasks[i]!;
      if (task === was || task.fields === was.fields ? named?.has(was) : dependenciesOf(task).length > 0) found.push(task);
    }
    this.keepDependents(parsed, found);
  }

  /**
   * Adds or replaces a file with a parse made elsewhere (another thread) from
   * exactly this text, and its lint when known: the same state `set` leaves.
   * `dependents`, when known, is where the tasks that name dependencies are
   * among the parse's tasks (dependentIndexes): taken as the parse's answer,
   * so its tasks are not walked for them here.
   */
  setParsed(file: string, kind: FileKind, text: string, parsed: ParsedFile, version?: number, lint?: readonly Problem[], dependents?: ArrayLike<number>): void {
    if (!this.byFile.has(file)) this.sortedFiles = undefined;
    this.byFile.set(file, { file, kind, text, version, parsed });
    if (lint) this.lint.set(file, lint);
    else this.lint.delete(file);
    if (dependents && parsed.kind === 'board') {
      this.dependentsByParse.set(parsed, dependents.length === 0 ? NO_TASKS : Array.from(dependents, (i) => parsed.tasks[i]!));
    }
    this.views = undefined;
  }

  delete(file: string): boolean {
    const had = this.byFile.delete(file);
    if (had) {
      this.sortedFiles = undefined;
      this.lint.delete(file);
      this.views = undefined;
    }
    return had;
  }

  get(file: string): IndexedFile | undefined {
    return this.byFile.get(file);
  }

  /** Every file, sorted by path. */
  files(): readonly string[] {
    return (this.sortedFiles ??= [...this.byFile.keys()].sort(comparePaths));
  }

  /**
   * Board and checklist tasks (checklist subtasks stay under their parent), by
   * file then position, in one list made on the first ask after a change
   * (a single file's list as it is): with several files a copy of every task,
   * which with a 50 MB board among them held the host's thread for 7-17 ms in
   * one turn. A pass over every task that runs in steps reads `taskLists`, and
   * a read of one file's tasks that file's list.
   */
  tasks(): readonly Task[] {
    const views = this.build();
    if (views.tasks) return views.tasks;
    const lists = views.taskLists;
    return (views.tasks = lists.length === 1 ? lists[0]! : ([] as Task[]).concat(...lists));
  }

  /** The tasks of `tasks`, one list per file (each a parse's own list, not copied). */
  taskLists(): readonly (readonly Task[])[] {
    return this.build().taskLists;
  }

  /**
   * The task with this id (checklist subtasks included), in `file` when given;
   * the first by file order otherwise. A scan, not a map of the ids: a lookup
   * is one per command a person or an agent runs, and every edit makes a new
   * parse. On a 50 MB board, the map built for the first lookup after each
   * edit held the thread 157 ms in plain node; a scan of all 344,000 tasks
   * takes 8-10 ms.
   */
  find(id: string, file?: string): Task | undefined {
    if (file !== undefined) {
      const f = this.byFile.get(file);
      return f ? findIn(f.parsed, id) : undefined;
    }
    for (const name of this.files()) {
      const found = findIn(this.byFile.get(name)!.parsed, id);
      if (found) return found;
    }
    return undefined;
  }

  /** The lint problems of one file (lintFile). */
  problems(file: string): readonly Problem[] {
    const cached = this.lint.get(file);
    if (cached) return cached;
    const f = this.byFile.get(file);
    if (!f) return [];
    const problems = lintFile(f.parsed, f.text, undefined, this.lifecycleInUse);
    this.lint.set(file, problems);
    return problems;
  }

  /**
   * The dependencies of `task` that are unfinished or name no task, looked up
   * across every file (empty for a task that waits on nothing).
   */
  waitingOn(task: Task): readonly UnfinishedDependency[] {
    // A workspace whose tasks name no dependency never builds the statuses of every id.
    return dependenciesOf(task).length === 0 ? [] : this.dependencyStatuses().waitingOn(task);
  }

  /** The statuses dependencies are judged by: every task of every file, rebuilt after a change. */
  dependencyStatuses(): DependencyStatuses {
    const views = this.build();
    return (views.statuses ??= runToEnd(DependencyStatuses.steps(views.taskLists, this.lifecycleInUse, this.namedIds())));
  }

  /** The ids tasks depend on. */
  private namedIds(): ReadonlySet<string> {
    const named = new Set<string>();
    for (const task of this.dependents()) for (const id of dependenciesOf(task)) named.add(id);
    return named;
  }

  /**
   * Builds what `dependencyProblems` reads in steps, a slice of tasks per
   * step (the files that name dependencies, then the statuses of the ids
   * they name), for a caller that spreads a 300,000-task workspace over
   * several turns. A change meanwhile leaves the rest to the next ask.
   */
  *dependencyProblemsSteps(): Generator<void, void, void> {
    const views = this.build();
    if (views.dependencyProblems) return;
    yield* this.dependentFilesSteps();
    if (this.views !== views) return;
    if (!views.statuses && this.dependentFiles().size > 0) {
      const statuses = yield* DependencyStatuses.steps(views.taskLists, this.lifecycleInUse, this.namedIds());
      if (this.views !== views) return;
      views.statuses = statuses;
    }
    this.allDependencyProblems();
  }

  /**
   * Dependency problems of `file` (an unknown id, a cycle): workspace-level,
   * so a change to any file may change them (see `dependencyProblemFiles`).
   */
  dependencyProblems(file: string): readonly Problem[] {
    return this.allDependencyProblems().get(file) ?? [];
  }

  /** The files holding a task that names dependencies: what they wait for changes with other files. */
  dependentFiles(): ReadonlySet<string> {
    const views = this.build();
    return (views.dependentFiles ??= new Set(this.files().filter((file) => this.dependentsIn(this.byFile.get(file)!).length > 0)));
  }

  /**
   * The file's tasks that name dependencies; per parse, so a change to one
   * file does not read every other file's tasks again. A text that never says
   * "dep" or "blo" in any case (a table's "Depends On" column is read as
   * `depends_on`) reads no task at all, when it is 1 MB or less or `set` read it.
   */
  private dependentsIn(f: IndexedFile): readonly Task[] {
    return runToEnd(this.dependentsSteps(f));
  }

  /** `dependentsIn` as steps, a slice of tasks per step (a 300,000-task board is one pass of tens of milliseconds). */
  private *dependentsSteps(f: IndexedFile): Generator<void, readonly Task[], void> {
    const { parsed } = f;
    if (parsed.kind !== 'board') return NO_TASKS;
    const known = this.dependentsByParse.get(parsed);
    if (known) return known;
    const found: Task[] = [];
    if (mayNameDependencies(f.text)) {
      for (let i = 0; i < parsed.tasks.length; i++) {
        if (i % TASKS_PER_STEP === TASKS_PER_STEP - 1) yield;
        if (dependenciesOf(parsed.tasks[i]!).length > 0) found.push(parsed.tasks[i]!);
      }
    }
    // Kept by parse: a parse replaced between two steps keeps its answer all the same.
    return this.keepDependents(parsed, found);
  }

  /** Keeps `found` as the tasks of `parsed` that name dependencies (none as the one shared empty list). */
  private keepDependents(parsed: ParsedFile, found: readonly Task[]): readonly Task[] {
    const dependents = found.length > 0 ? found : NO_TASKS;
    this.dependentsByParse.set(parsed, dependents);
    return dependents;
  }

  /** `dependentFiles()` as steps: the files not read yet for dependencies are read in steps (see dependentsSteps). */
  *dependentFilesSteps(): Generator<void, ReadonlySet<string>, void> {
    for (const file of this.files()) {
      // A file may have gone between two steps.
      const f = this.byFile.get(file);
      if (f) yield* this.dependentsSteps(f);
    }
    return this.dependentFiles();
  }

  /** Every task that names dependencies, by file then position. */
  private dependents(): readonly Task[] {
    return this.files().flatMap((file) => this.dependentsIn(this.byFile.get(file)!));
  }

  /** The files that have dependency problems now. */
  dependencyProblemFiles(): readonly string[] {
    return [...this.allDependencyProblems().keys()];
  }

  private allDependencyProblems(): ReadonlyMap<string, readonly Problem[]> {
    const views = this.build();
    // No task names a dependency: nothing to judge, and no pass over every task.
    if (this.dependentFiles().size === 0) return (views.dependencyProblems ??= new Map());
    // With the statuses given, the tasks that name dependencies are all the lint reads.
    return (views.dependencyProblems ??= lintDependencies(this.dependents(), (file) => this.byFile.get(file)?.text, this.dependencyStatuses()));
  }

  /** Every work-log entry: dated ones newest first, then undated ones in file order. */
  entries(): readonly WorkLogEntry[] {
    return this.build().entries;
  }

  /** The entries about `task` (its id or exact title in their heading or summary), in `entries()` order. */
  entriesFor(task: Task): readonly WorkLogEntry[] {
    const views = this.build();
    return union(views, this.entriesAbout(views, task.id), this.entriesByTitle(views, task.title).own);
  }

  /** The entries about the task with id `id` by the ids they name, not by title: for an id no task holds any more. */
  entriesNaming(id: string): readonly WorkLogEntry[] {
    return this.entriesAbout(this.build(), id);
  }

  private entriesAbout(views: Views, id: string): readonly WorkLogEntry[] {
    const own = views.entriesById.get(id) ?? NO_ENTRIES;
    const otherwise = views.otherwiseById.get(id);
    // `— UTF-8: fix decoding (TASK_002)`: the leading id is no task's, so the entry is the parentheses' tasks'.
    const instead = otherwise?.filter((e) => e.taskIds.every((lead) => this.find(lead) === undefined));
    return instead && instead.length > 0 ? union(views, own, instead) : own;
  }

  /** `mentionsOf` by the id alone (`entriesNaming`'s counterpart): for an id no task holds any more. */
  mentionsNaming(id: string): readonly WorkLogEntry[] {
    const views = this.build();
    return notOwn(views.mentionsById.get(id) ?? NO_ENTRIES, () => this.entriesAbout(views, id));
  }

  /** The entries that name `task` only in their body (`unblocks TASK_002`), in `entries()` order. */
  mentionsOf(task: Task): readonly WorkLogEntry[] {
    const views = this.build();
    const mentions = union(views, views.mentionsById.get(task.id) ?? NO_ENTRIES, this.entriesByTitle(views, task.title).mentions);
    return notOwn(mentions, () => this.entriesFor(task));
  }

  /** Agent definitions, by name. */
  agents(): readonly AgentDefinition[] {
    return this.build().agents;
  }

  /** The agent called `name` (exactly, else ignoring case). */
  agent(name: string): AgentDefinition | undefined {
    const agents = this.build().agents;
    const lower = name.toLowerCase();
    return agents.find((a) => a.name === name) ?? agents.find((a) => a.name.toLowerCase() === lower);
  }

  private entriesByTitle(views: Views, title: string): TitleLinks {
    // No work-log entry: nothing to find, and no answer to keep per title (a 50,000-task board has 50,000).
    if (views.entries.length === 0) return NO_LINKS;
    const t = title.trim();
    if (t.length < MIN_LINKED_TITLE) return NO_LINKS;
    let found = views.byTitle.get(t);
    if (!found) {
      found = NO_LINKS;
      for (const e of this.entriesWithWordsOf(views, t)) {
        if (!containsWhole(e.markdown, t)) continue;
        if (found === NO_LINKS) found = { own: [], mentions: [] };
        if (containsWhole(e.heading, t) || containsWhole(e.summary, t)) (found.own as WorkLogEntry[]).push(e);
        else (found.mentions as WorkLogEntry[]).push(e);
      }
      views.byTitle.set(t, found);
    }
    return found;
  }

  /**
   * The entries that hold every word of `title` as a word of their own, in
   * `entries()` order: the only ones that can hold the title whole (see
   * containsWhole). Found by the rarest of its words in an index of the
   * entries' words, so a board of unique titles is not each title times each
   * entry (50,000 tasks against 200 entries took 238 ms, and grew with both).
   */
  private entriesWithWordsOf(views: Views, title: string): readonly WorkLogEntry[] {
    const words = wordsOf(title);
    if (words.length === 0) return views.entries;
    const index = this.entryWords(views);
    let fewest: readonly WorkLogEntry[] | undefined;
    for (const word of words) {
      const entries = index.get(word);
      if (entries === undefined) return NO_ENTRIES;
      if (fewest === undefined || entries.length < fewest.length) fewest = entries;
    }
    return fewest!;
  }

  /**
   * The work logs' words → the entries holding them, in `entries()` order; kept while the work logs' parses stay the
   * same (the same parses in the same files make the same `entries()`).
   */
  private entryWords(views: Views): ReadonlyMap<string, readonly WorkLogEntry[]> {
    const kept = this.entryWordsKept;
    if (kept && kept.worklogs.length === views.worklogs.length && kept.worklogs.every((entries, i) => entries === views.worklogs[i])) return kept.words;
    const words = new Map<string, WorkLogEntry[]>();
    for (const e of views.entries) for (const word of new Set(wordsOf(e.markdown))) push(words, word, e);
    this.entryWordsKept = { worklogs: views.worklogs, words };
    return words;
  }

  private entryWordsKept: { readonly worklogs: readonly (readonly WorkLogEntry[])[]; readonly words: ReadonlyMap<string, readonly WorkLogEntry[]> } | undefined;

  private build(): Views {
    if (this.views) return this.views;
    const taskLists: (readonly Task[])[] = [];
    const dated: WorkLogEntry[] = [];
    const undated: WorkLogEntry[] = [];
    const agents: AgentDefinition[] = [];
    const worklogs: (readonly WorkLogEntry[])[] = [];
    for (const file of this.files()) {
      const parsed = this.byFile.get(file)!.parsed;
      switch (parsed.kind) {
        case 'board':
        case 'checklist':
          taskLists.push(parsed.tasks);
          break;
        case 'worklog':
          worklogs.push(parsed.entries);
          for (const e of parsed.entries) (e.timestamp ? dated : undated).push(e);
          break;
        case 'agent':
          agents.push(parsed);
          break;
      }
    }
    // By the time each names (a zone counts, none is UTC), not by how it is spelled. Stable: equal times keep file order.
    const times = new Map(dated.map((e) => [e, isoTime(e.timestamp!) ?? -Infinity]));
    dated.sort((a, b) => times.get(b)! - times.get(a)! || 0);
    const entries = [...dated, ...undated];
    const entryRank = new Map(entries.map((e, i) => [e, i]));
    const entriesById = new Map<string, WorkLogEntry[]>();
    const otherwiseById = new Map<string, WorkLogEntry[]>();
    const mentionsById = new Map<string, WorkLogEntry[]>();
    for (const e of entries) {
      for (const id of e.taskIds) push(entriesById, id, e);
      for (const id of e.otherwiseIds ?? NO_IDS) push(otherwiseById, id, e);
      for (const id of e.mentionedIds) if (!e.taskIds.includes(id)) push(mentionsById, id, e);
    }
    agents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    this.views = { taskLists, entries, entryRank, entriesById, otherwiseById, mentionsById, agents, byTitle: new Map(), worklogs };
    return this.views;
  }
}

/** The source of one file's text under a lifecycle (the default one is left out, so parses stay as they were). */
function sourceOf(file: string, text: string, version: number | undefined, lifecycle: Lifecycle) {
  return lifecycle === DEFAULT_LIFECYCLE ? { file, text, version } : { file, text, version, lifecycle };
}

/** Whether two lifecycles say the same (a settings file saved again unchanged re-reads nothing). */
export function sameLifecycle(a: Lifecycle, b: Lifecycle): boolean {
  if (a === b) return true;
  const key = (l: Lifecycle): string => JSON.stringify([l.main, l.side, [...l.aliases].sort()]);
  return key(a) === key(b);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The tasks of `after` that name dependencies, when `after` is `before` with only the task at `reread` read again and
 * every other in its place, with its fields: `known`'s tasks (of `before`) by their places, and the task read again
 * when it names some. A keystroke on a 10,000-task board then reads one task, not every one (some 0.5 ms of a 3 ms
 * re-parse, npm run bench). Undefined when a known task is not where its start says (then the caller walks them).
 */
function carriedOver(before: readonly Task[], after: readonly Task[], known: readonly Task[], reread: number): readonly Task[] | undefined {
  const places: number[] = [];
  for (const task of known) {
    const i = placeOf(before, task);
    if (i === undefined) return undefined;
    if (i !== reread) places.push(i);
  }
  if (dependenciesOf(after[reread]!).length > 0) {
    const at = places.findIndex((i) => i > reread);
    places.splice(at < 0 ? places.length : at, 0, reread);
  }
  return places.map((i) => after[i]!);
}

/** Where `task` is in `tasks` (in text order), found by its start. */
function placeOf(tasks: readonly Task[], task: Task): number | undefined {
  let lo = 0;
  let hi = tasks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const start = tasks[mid]!.span.start;
    if (start < task.span.start) lo = mid + 1;
    else if (start > task.span.start) hi = mid - 1;
    else return tasks[mid] === task ? mid : undefined;
  }
  return undefined;
}

/** `mentions` less the entries `own` gives (asked for only when there are mentions): they are about the task. */
function notOwn(mentions: readonly WorkLogEntry[], own: () => readonly WorkLogEntry[]): readonly WorkLogEntry[] {
  if (mentions.length === 0) return mentions;
  const about = new Set(own());
  return about.size === 0 ? mentions : mentions.filter((e) => !about.has(e));
}

/** `a` and `b` without repeats, in `entries()` order. */
function union(views: Views, a: readonly WorkLogEntry[], b: readonly WorkLogEntry[]): readonly WorkLogEntry[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  return [...new Set([...a, ...b])].sort((x, y) => views.entryRank.get(x)! - views.entryRank.get(y)!);
}

function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The words of `text` as containsWhole sees its edges: runs of UTF-16 units
 * that are each a letter, a digit or `_`. (Half of a surrogate pair is neither,
 * so an astral letter splits a word here, as it is no edge there.) A title held
 * whole in a text has each of its words as a word of that text.
 */
function wordsOf(text: string): string[] {
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const word = i < text.length && isWordUnit(text, i);
    if (word && start < 0) start = i;
    else if (!word && start >= 0) {
      words.push(text.slice(start, i));
      start = -1;
    }
  }
  return words;
}

const WORD_UNIT = /[\p{L}\p{N}_]/u;

/** Whether the UTF-16 unit at `i` is a letter, a digit or `_` (half of a surrogate pair is none of them). */
function isWordUnit(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  return WORD_UNIT.test(text[i]!);
}

/** `needle` in `haystack` with no letter or digit glued to either end (an end that is one itself; see isWordUnit). */
function containsWhole(haystack: string, needle: string): boolean {
  const needsStart = isWordUnit(needle, 0);
  const needsEnd = isWordUnit(needle, needle.length - 1);
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
    const end = at + needle.length;
    if ((!needsStart || at === 0 || !isWordUnit(haystack, at - 1)) && (!needsEnd || end === haystack.length || !isWordUnit(haystack, end))) return true;
  }
  return false;
}

/** The first task of `parsed` with this id, a checklist's subtasks right after their parent (file order). */
function findIn(parsed: ParsedFile, id: string): Task | undefined {
  return parsed.kind === 'board' || parsed.kind === 'checklist' ? firstWithId(parsed.tasks, id) : undefined;
}

function firstWithId(tasks: readonly Task[], id: string): Task | undefined {
  for (const task of tasks) {
    if (task.id === id) return task;
    const sub = task.kind === 'checklist' ? firstWithId(task.subtasks, id) : undefined;
    if (sub) return sub;
  }
  return undefined;
}
