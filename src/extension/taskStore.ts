// The one in-memory model of the workspace's task files. It finds the files,
// keeps their current text (the editor's buffer when a file is open, else the
// disk), parses each version once through the core TaskIndex, and tells the
// views what changed. Views read from it; they never parse or do I/O.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { AgentDefinition, FileKind, HistoryEntry, ParsedFile, Problem, Task, WorkLogEntry } from '../core/model';
import { lintFile } from '../core/lintFile';
import { TaskIndex } from '../core/taskIndex';
import type { Lifecycle } from '../core/lifecycleModel';
import type { UnfinishedDependency } from '../core/dependencies/dependencies';
import { forgetParsed, rememberParsed } from './diagnostics/taskText';
import { fileKindOf, globMatches } from '../core/fileKinds';
import { withLfBreaks, withLfBreaksInPieces } from '../core/lineBreaks';
import { LineIndex } from '../core/text';
import { sameLines } from './editorWrites';
import { decodeFile, decodeInTurns, joinedLazily, sameText, scanFile, scanInTurns } from './decodeInTurns';
import { LaterTurns } from './laterTurns';
import { OffThreadParser } from './offThreadParse';
import { SmallReads, type SmallRead } from './smallReads';
import { forgetStaleClaims } from './staleClaimsOf';
import { logError, logWarning } from './log';
import { MAX_OWN_WATCHES, MAX_WATCHES_PER_NEW_FOLDER, OwnFolderWatch } from './ownFolderWatch';
import { fileGlobs, SECTION } from './settings';
import { realPathWithin, realRoot } from '../node/withinRoot';

const FILE_KINDS: readonly FileKind[] = ['board', 'checklist', 'worklog', 'agent'];
/**
 * Whether the store watches inside new folders itself (ownFolderWatch.ts): on Linux only, where VS Code's watcher
 * misses them; on Windows and macOS it watches whole trees, and a watch of our own would hold a handle on each folder.
 */
const OWN_WATCH = process.platform === 'linux';

/** Change notifications closer together than this reach the views together; the first after a quiet spell goes at once. */
const COALESCE_MS = 25;
/** A watcher can see a file mid-write: an empty read is retried this often before it is believed. */
const EMPTY_READ_RETRIES = 3;
const EMPTY_READ_DELAY_MS = 60;
/**
 * Texts longer than this are parsed and linted in a worker thread (parseWorker.ts):
 * on the extension host's one thread a 1.5 MB, 10,000-task board held every
 * extension for a good part of a second. Until the parse lands, readers see the
 * file's previous version.
 */
export const OFF_THREAD_CHARS = 1024 * 1024;
/** Files larger than this are listed as unreadable instead of parsed: no task board is that big on purpose. */
export const MAX_LIVE_BYTES = 200 * 1024 * 1024;
/**
 * A local file up to this size is stat-ed and read with synchronous calls (well under a millisecond), as
 * `kindOf` already resolves its real path: the asynchronous ones wait in libuv's thread pool, which the host
 * shares with the compression of its messages to a remote window, and there a write's read waited seconds.
 */
const READ_AT_ONCE_BYTES = OFF_THREAD_CHARS;
/** How many files' folder and path kind `kindOf` keeps before it starts over (a scan can name many more). */
const MATCHED_KEPT = 50_000;

const NO_HISTORY: readonly HistoryEntry[] = [];

export interface DiskWrite {
  readonly file: string;
  readonly kind: FileKind;
  /** The text before the write, as the store last knew it; undefined for a new file. */
  readonly previous: string | undefined;
  readonly text: string;
  /** The SHA-256 of the bytes `text` was read from, for a file read the large-file way (see TaskStore.digest). */
  readonly digest?: string;
}

export interface UnreadableFile {
  readonly file: string;
  readonly message: string;
}

/** What the views see of the tasks: the tasks themselves, or another state of them (the board branch's). */
export interface TaskOverlay {
  overlay(tasks: readonly Task[]): readonly Task[];
}

const AS_THEY_ARE: TaskOverlay = { overlay: (tasks) => tasks };

export class TaskStore implements vscode.Disposable {
  readonly ready: Promise<void>;
  private shown: TaskOverlay = AS_THEY_ARE;

  private readonly index = new TaskIndex();
  private readonly texts = new Map<string, string>();
  private readonly unreadable = new Map<string, string>();
  private readonly pending = new Set<string>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  /** When the views last heard of changes (Date.now()), for the coalescing window. */
  private lastFlush = -Infinity;
  private readonly disposables: vscode.Disposable[] = [];
  private watchers: vscode.Disposable[] = [];
  /** Folders made while we run whose insides VS Code's watcher may not see (see ownFolderWatch.ts). */
  private readonly ownWatch = new OwnFolderWatch({
    file: (fsPath) => this.onOwnWatchEvent(vscode.Uri.file(fsPath)),
    skip: (fsPath) => this.skipsFolder(vscode.Uri.file(fsPath)),
    full: () =>
      logWarning(
        `more new folders than Agent Task Board watches itself (${MAX_OWN_WATCHES} in all, ${MAX_WATCHES_PER_NEW_FOLDER} under one new folder): ` +
          'task files in the folders past that are read once, and their later changes are seen after a rescan (a change of the files settings) or a reload',
      ),
  });
  private scanGeneration = 0;
  /** The generation of the last scan that ended (see `scans`). */
  private lastScanDone = 0;
  private readonly parser = new OffThreadParser();
  /**
   * Views queue their work after a change of a large file here, one pass per turn (see laterTurns.ts); a job
   * that throws is logged in the extension's log (log.ts), and the others go on.
   */
  readonly later = new LaterTurns((key, error) => logError(`${key} failed`, error));
  /** Per file, which version the model may take: a newer text (or a delete) makes a parse under way moot. */
  private readonly versions = new Map<string, number>();
  /** Small local files are read into one buffer this keeps (smallReads.ts). */
  private readonly smallReads = new SmallReads();
  /** Per file, the parse the worker makes now, with the digest of the bytes read from disk it is of (see readText). */
  private readonly inWorker = new Map<string, { ticket: number; kind: FileKind; digest: string | undefined; done: Promise<void> }>();
  /** Per file, what is known of the text in `texts` besides itself; set and dropped with it (`commit`, `forget`). */
  private readonly facts = new Map<string, TextFacts>();
  /** The texts (by their facts, one object per text held) whose diagnostics have been set (see markDiagnosed). */
  private readonly diagnosed = new WeakSet<TextFacts>();
  /** Reads from disk under way, per file, and whether another was asked for meanwhile (see readFromDisk). */
  private readonly reads = new Map<string, { again: boolean; done?: Promise<void> }>();
  private disposed = false;
  /** Workspace folders' real paths (symlinks resolved), by fsPath; cleared on every rescan. */
  private readonly realFolders = new Map<string, string>();
  /** Each workspace folder's file globs and excludes, by fsPath; cleared on every rescan. */
  private readonly folderGlobs = new Map<string, ReturnType<typeof fileGlobs>>();
  /**
   * By uri string, the file's folder and the kind its path matches under the settings (null: no folder);
   * cleared on every rescan, which a change of the folders or of the `files` settings starts.
   */
  private readonly matched = new Map<string, { readonly folder: vscode.WorkspaceFolder; readonly kind: FileKind | undefined } | null>();

  private readonly changeEmitter = new vscode.EventEmitter<{ files: readonly string[] }>();
  private readonly lifecycleEmitter = new vscode.EventEmitter<Lifecycle>();
  /** The repository's lifecycle changed (the files are re-read and `onDidChange` follows). */
  readonly onDidChangeLifecycle = this.lifecycleEmitter.event;
  /** Files whose tasks, entries or problems changed (uri strings), gathered over a few milliseconds. */
  readonly onDidChange = this.changeEmitter.event;

  private readonly diskWriteEmitter = new vscode.EventEmitter<DiskWrite>();
  /**
   * A task file changed on disk while no dirty editor held it: an agent or another tool wrote it. Fired right
   * after the `onDidChange` that carries it, so the views show a write before anyone judges it.
   */
  readonly onDidWriteOnDisk = this.diskWriteEmitter.event;
  /** Disk writes taken since the last `onDidChange`, to be reported after it. */
  private diskWrites: DiskWrite[] = [];
  /**
   * Whether the first scan that was not cut short by another has ended, or a scan failed (`firstScan` settles
   * then). What the store reads until then is the files as found when VS Code starts, not writes on disk:
   * enforcement judges those at start-up, and only reports what it finds (they may be a checkout's, another
   * machine's, a day old).
   */
  private firstScanEnded = false;
  private endFirstScan: () => void = () => undefined;
  private readonly firstScan = new Promise<void>((resolve) => {
    this.endFirstScan = () => {
      this.firstScanEnded = true;
      resolve();
    };
  });

  private readonly forgetEmitter = new vscode.EventEmitter<string>();
  /**
   * The store let go of a file it knew (deleted, renamed away, no longer a task file): fired as it does, before
   * the `onDidChange` that carries the file. A file it is still reading for the first time is not one it knew.
   */
  readonly onDidForget = this.forgetEmitter.event;

  constructor() {
    this.disposables.push(
      this.changeEmitter,
      this.lifecycleEmitter,
      this.diskWriteEmitter,
      this.forgetEmitter,
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.fromDocument(e.document);
      }),
      vscode.workspace.onDidOpenTextDocument((doc) => void this.onOpened(doc)),
      // Closing a dirty editor without saving: the disk is the truth again.
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (this.kindOf(doc.uri)) void this.readFromDisk(doc.uri);
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.rescan()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SECTION}.files`)) void this.rescan();
      }),
    );
    // A rescan started meanwhile (a settings or folder change) ends the first one early: ready is the first that ends.
    this.ready = this.rescan().then(() => this.firstScan);
  }

  /**
   * Every task as the views show it: with sync on, the board branch's status
   * and holder where they differ from the working copy's (see sync/).
   */
  tasks(): readonly Task[] {
    // The same overlay as `taskLists`, list by list (it keeps its answer per list): every view sees one object per
    // task. The index's own join, kept until the next change, where the overlay changed no list.
    const lists = this.index.taskLists();
    const shown = this.taskLists();
    if (shown.every((list, i) => list === lists[i])) return this.index.tasks();
    return shown.length === 1 ? shown[0]! : ([] as Task[]).concat(...shown);
  }

  /**
   * The tasks of `tasks`, a list per file: what a pass in steps reads. `tasks`
   * joins them into one list, a copy of every task where there are several files.
   */
  taskLists(): readonly (readonly Task[])[] {
    return this.index.taskLists().map((list) => this.shown.overlay(list));
  }

  /** The repository's lifecycle (from `.agent-task-board.yml`; see lifecycleSetting.ts): how statuses read and which moves are legal. */
  get lifecycle(): Lifecycle {
    return this.index.lifecycle;
  }

  /** Reads every file again under another lifecycle and tells the views; the same one again does nothing. */
  setLifecycle(lifecycle: Lifecycle): void {
    const before = this.index.lifecycle;
    this.index.setLifecycle(lifecycle);
    if (this.index.lifecycle === before) return;
    this.lifecycleEmitter.fire(lifecycle);
    for (const file of this.texts.keys()) this.changed(file);
  }

  /** The tasks of one file, in file order (checklist subtasks under their parent), as the views show them. */
  tasksIn(file: string): readonly Task[] {
    const parsed = this.index.get(file)?.parsed;
    return parsed?.kind === 'board' || parsed?.kind === 'checklist' ? this.shown.overlay(parsed.tasks) : [];
  }

  /** Shows the tasks through `overlay` from now on (the board branch's state); its changes reach the views as changes of `files`. */
  showThrough(overlay: TaskOverlay): void {
    this.shown = overlay;
    this.changedAll();
  }

  /** The views' tasks of these files changed without their text changing (a fetch of the board branch). */
  shownChanged(files: readonly string[]): void {
    for (const file of files) if (this.texts.has(file)) this.changed(file);
  }

  private changedAll(): void {
    for (const file of this.texts.keys()) this.changed(file);
  }

  /** The files being parsed off the host's thread right now, with the tasks taken so far. */
  parsing(): { readonly file: string; readonly tasks: number }[] {
    return this.parser.inFlight();
  }

  /** Whether the store's text of `file` is one it parses off the host's thread: its views' passes go to `later`. */
  isLarge(file: string): boolean {
    return (this.texts.get(file)?.length ?? 0) > OFF_THREAD_CHARS;
  }

  find(file: string, id: string): Task | undefined {
    return this.index.find(id, file);
  }

  entries(): readonly WorkLogEntry[] {
    return this.index.entries();
  }

  entriesFor(task: Task): readonly WorkLogEntry[] {
    return this.index.entriesFor(task);
  }

  /** Entries about other tasks that name `task` only in their body. */
  mentionsOf(task: Task): readonly WorkLogEntry[] {
    return this.index.mentionsOf(task);
  }

  agents(): readonly AgentDefinition[] {
    return this.index.agents();
  }

  /** A board's `## Session History` lines (stale claims read them); empty for other files. */
  history(file: string): readonly HistoryEntry[] {
    const parsed = this.index.get(file)?.parsed;
    // One empty list, not a new one per call: stale-claim results are shared by the identity of the history they used.
    return parsed?.kind === 'board' ? parsed.history : NO_HISTORY;
  }

  problems(file: string): readonly Problem[] {
    return this.texts.has(file) ? this.index.problems(file) : [];
  }

  /** What `task` still waits for: its unfinished or unknown dependencies, across every task file. */
  waitingOn(task: Task): readonly UnfinishedDependency[] {
    return this.index.waitingOn(task);
  }

  /** The workspace-level dependency problems of `file` (unknown ids, cycles); any file's change may change them. */
  dependencyProblems(file: string): readonly Problem[] {
    return this.texts.has(file) ? this.index.dependencyProblems(file) : [];
  }

  /** The files holding a task that names dependencies. */
  dependentFiles(): ReadonlySet<string> {
    return this.index.dependentFiles();
  }

  /** Builds what `dependencyProblems` reads, in steps (see TaskIndex.dependencyProblemsSteps). */
  dependencyProblemsSteps(): Generator<void, void, void> {
    return this.index.dependencyProblemsSteps();
  }

  /** `dependentFiles()` as steps (see TaskIndex.dependentFilesSteps). */
  dependentFilesSteps(): Generator<void, ReadonlySet<string>, void> {
    return this.index.dependentFilesSteps();
  }

  /** The files that have dependency problems now. */
  dependencyProblemFiles(): readonly string[] {
    return this.index.dependencyProblemFiles();
  }

  /** The text the model was built from: the open editor's buffer, or the disk. */
  text(file: string): string | undefined {
    return this.texts.get(file);
  }

  /**
   * The line index of the text the model was built from. A large file's is
   * made of where the worker found its lines: placing a problem then reads
   * nothing of a text the host may hold as a rope (see decodeInTurns.ts).
   */
  lines(file: string): LineIndex | undefined {
    const text = this.texts.get(file);
    const facts = this.facts.get(file);
    return text === undefined || facts === undefined ? undefined : (facts.lines ??= new LineIndex(text, facts.lineStarts));
  }

  /**
   * Says that the diagnostics of `file` were just made from the text the store
   * holds now. The views that place them on tasks by line (see
   * diagnostics/shownProblems.ts) read them only then: until a new text's
   * diagnostics are set, VS Code still has those of the text before it.
   */
  markDiagnosed(file: string): void {
    const facts = this.facts.get(file);
    if (facts) this.diagnosed.add(facts);
  }

  /** Whether the diagnostics of `file` are of the text the store holds now (see markDiagnosed). */
  isDiagnosed(file: string): boolean {
    const facts = this.facts.get(file);
    return facts !== undefined && this.diagnosed.has(facts);
  }

  /**
   * The SHA-256 of the bytes the text of `file` was read from, when it was read from disk the large-file way:
   * two texts with digests are told apart by them, not by comparing the texts (which reads both whole, and copies
   * one still in pieces, see decodeInTurns.ts).
   */
  digest(file: string): string | undefined {
    return this.facts.get(file)?.digest;
  }

  /** Task files the store knows, with their kinds. */
  files(): readonly { file: string; kind: FileKind }[] {
    return [...this.texts.keys()].map((file) => ({ file, kind: this.index.get(file)!.kind }));
  }

  /** Files that matched a glob but could not be read as text, with why. */
  unreadableFiles(): readonly UnreadableFile[] {
    return [...this.unreadable].map(([file, message]) => ({ file, message }));
  }

  /** The kind of a file by its uri string: as read, when the store holds it (no settings or paths looked at). */
  kindOfFile(file: string): FileKind | undefined {
    return this.index.get(file)?.kind ?? this.kindOf(vscode.Uri.parse(file));
  }

  /**
   * The kind of task file `uri` is under the current settings, if any. A file
   * whose real path leaves its workspace folder (a symlink to a file or folder
   * elsewhere; file search follows links) is none: the board shows and moves
   * only what lies in the workspace, as the CLI and the MCP server do.
   */
  kindOf(uri: vscode.Uri): FileKind | undefined {
    const matched = this.pathMatch(uri);
    if (!matched) return undefined;
    const { folder, kind } = matched;
    if (kind === undefined || uri.scheme !== 'file') return kind;
    // Looked at every time: a file can become a link at any moment.
    const real = realPathWithin(this.realFolder(folder), uri.fsPath);
    return !real.ok && real.why === 'outside' ? undefined : kind;
  }

  /** The folder of `uri` and the kind its path matches, found once per uri until the next rescan. */
  private pathMatch(uri: vscode.Uri): { readonly folder: vscode.WorkspaceFolder; readonly kind: FileKind | undefined } | null {
    const key = uri.toString();
    let matched = this.matched.get(key);
    if (matched === undefined) {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (folder) {
        const { globs, excludes } = this.globsOf(folder);
        matched = { folder, kind: fileKindOf(vscode.workspace.asRelativePath(uri, false), globs, excludes) };
      } else matched = null;
      if (this.matched.size >= MATCHED_KEPT) this.matched.clear();
      this.matched.set(key, matched);
    }
    return matched;
  }

  /** `fileGlobs(folder)`, read once per folder until the next rescan (a `files` setting change starts one). */
  private globsOf(folder: vscode.WorkspaceFolder): ReturnType<typeof fileGlobs> {
    const key = folder.uri.fsPath;
    let globs = this.folderGlobs.get(key);
    if (globs === undefined) this.folderGlobs.set(key, (globs = fileGlobs(folder)));
    return globs;
  }

  private realFolder(folder: vscode.WorkspaceFolder): string {
    const key = folder.uri.fsPath;
    let real = this.realFolders.get(key);
    if (real === undefined) this.realFolders.set(key, (real = realRoot(key)));
    return real;
  }

  /**
   * Scans of the whole workspace (at activation, then on settings and folder changes), numbered as they start:
   * the last one started and the last one that ended. A scan started after `started` was read has ended once
   * `done` is above it.
   */
  get scans(): { readonly started: number; readonly done: number } {
    return { started: this.scanGeneration, done: this.lastScanDone };
  }

  /**
   * Reads from disk that went the large-file way (over 1 MB, or not a local file) so far, and how many of them
   * were decoded: one whose text the store holds already (a later watcher event, a touch) is known by its
   * digest, and is not.
   */
  get largeReads(): { readonly read: number; readonly decoded: number } {
    return { ...this.largeReadCounts };
  }

  private readonly largeReadCounts = { read: 0, decoded: 0 };

  /** Re-reads one file from disk now (after a write of our own, or on request). */
  async refresh(uri: vscode.Uri): Promise<void> {
    // A clean buffer may lag the disk (see readOnce): the disk is read, as the watcher's event would.
    const open = this.openDocument(uri);
    if (open?.isDirty) this.fromDocument(open);
    else await this.readFromDisk(uri);
    this.flush();
  }

  dispose(): void {
    this.disposed = true;
    this.parser.dispose();
    this.ownWatch.dispose();
    this.later.dispose();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    for (const d of [...this.watchers, ...this.disposables]) d.dispose();
  }

  private async rescan(): Promise<void> {
    try {
      await this.scan();
    } catch (err) {
      // A scan that failed ends the first scan as one that completed would: `ready` settles, and later reads are writes.
      this.endFirstScan();
      throw err;
    }
  }

  private async scan(): Promise<void> {
    // Settings and folder changes can start a rescan while one is under way:
    // only the latest one may replace the watchers and forget files.
    const generation = ++this.scanGeneration;
    this.realFolders.clear();
    this.folderGlobs.clear();
    this.matched.clear();
    for (const w of this.watchers) w.dispose();
    const watchers: vscode.Disposable[] = [];
    const searches: { pattern: vscode.RelativePattern; exclude: string | undefined }[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const { globs, excludes } = this.globsOf(folder);
      const exclude = excludes.length ? `{${excludes.join(',')}}` : undefined;
      for (const kind of FILE_KINDS) {
        const pattern = new vscode.RelativePattern(folder, globs[kind]);
        const watcher = vscode.workspace.createFileSystemWatcher(pattern);
        watcher.onDidCreate((uri) => void this.onDiskEvent(uri));
        watcher.onDidChange((uri) => void this.onDiskEvent(uri));
        watcher.onDidDelete((uri) => this.forget(uri.toString()));
        watchers.push(watcher);
        searches.push({ pattern, exclude });
      }
      // Folders made and deleted. What VS Code's watcher misses inside a new folder is covered by ownWatch; a
      // deleted folder is reported alone (not the task files in it, which no file glob then hears of).
      const folders = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '**'), false, true, false);
      if (OWN_WATCH) folders.onDidCreate((uri) => this.onCreated(uri));
      folders.onDidDelete((uri) => this.forgetUnder(uri));
      watchers.push(folders);
    }
    this.watchers = watchers;
    // Folders of a workspace folder no longer open, or now excluded, are not watched by the store either.
    this.ownWatch.retain((dir) => !this.skipsFolder(vscode.Uri.file(dir)));
    // What each held file's reads had reached before the search: a file the search did not find is forgotten at the
    // end only when nothing has read it since. One made after the search (an agent's new checklist, while a large
    // board of the scan is parsed) is read on its watcher's event, and is not in `found`.
    const before = new Map(this.knownFiles().map((file) => [file, this.versions.get(file)]));
    const found = await Promise.all(searches.map((s) => vscode.workspace.findFiles(s.pattern, s.exclude)));
    if (generation !== this.scanGeneration) return;
    const seen = new Set<string>();
    const reads: Promise<void>[] = [];
    for (const uri of found.flat()) {
      seen.add(uri.toString());
      const open = this.openDocument(uri);
      if (open) this.fromDocument(open);
      else reads.push(this.readFromDisk(uri));
    }
    await Promise.all(reads);
    if (generation !== this.scanGeneration) return;
    for (const [file, version] of before) if (!seen.has(file) && this.versions.get(file) === version) this.forget(file);
    this.flush();
    this.lastScanDone = generation;
    this.endFirstScan();
  }

  private async onDiskEvent(uri: vscode.Uri): Promise<void> {
    const open = this.openDocument(uri);
    // A dirty editor holds what the user is looking at; VS Code itself handles the conflict on save.
    if (open?.isDirty) return;
    await this.readFromDisk(uri);
  }

  /** Something was made in the workspace: when it is a folder, what VS Code may not see inside it is covered. */
  private onCreated(uri: vscode.Uri): void {
    // A task file's own watcher reads it; the path's kind is enough to tell (no real-path lookup per created file).
    if (uri.scheme !== 'file' || this.disposed || this.pathMatch(uri)?.kind || this.skipsFolder(uri)) return;
    // A local stat (microseconds), not one queued behind reads in the thread pool, for each file a build makes.
    let folder = false;
    try {
      folder = fs.lstatSync(uri.fsPath).isDirectory();
    } catch {
      return; // gone again
    }
    if (folder) void this.ownWatch.created(uri.fsPath);
  }

  /** Something was deleted (or moved away): when it was a folder, the task files that were in it go too. */
  private forgetUnder(uri: vscode.Uri): void {
    if (uri.scheme === 'file') this.ownWatch.forget(uri.fsPath);
    const under = `${uri.toString()}/`;
    for (const file of this.knownFiles()) if (file.startsWith(under)) this.forget(file);
  }

  /** A file under a folder watched by ownWatch was made, changed or deleted: read when it is a task file (or was one). */
  private onOwnWatchEvent(uri: vscode.Uri): void {
    const file = uri.toString();
    if (this.kindOf(uri) || this.texts.has(file) || this.unreadable.has(file)) void this.onDiskEvent(uri);
  }

  /** Every file the store holds, read or unreadable (a copy: the caller may forget them as it goes). */
  private knownFiles(): string[] {
    return [...this.texts.keys(), ...this.unreadable.keys()];
  }

  /** Whether a folder is outside the workspace or excluded (node_modules, .git, `files.exclude`): no file in it is read. */
  private skipsFolder(uri: vscode.Uri): boolean {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return true;
    const inside = `${vscode.workspace.asRelativePath(uri, false)}/x`;
    return this.globsOf(folder).excludes.some((glob) => globMatches(glob, inside));
  }

  /**
   * A document opened. A clean one was just read from disk by VS Code, and the disk may hold a write the watcher has
   * not told of yet: had the store taken the document's text first, the watcher's event would find it held and see
   * no change, and the write would never reach enforcement. So the disk is read first, as the store reads it (a
   * restored unsaved buffer can look clean when it opens, and VS Code may decode the bytes otherwise), and a change
   * there is a disk write; then the document's text, as any edit.
   */
  private async onOpened(doc: vscode.TextDocument): Promise<void> {
    if (!doc.isDirty && this.kindOf(doc.uri)) await this.readFromDisk(doc.uri);
    if (!doc.isClosed && !this.disposed) this.fromDocument(doc);
  }

  private fromDocument(doc: vscode.TextDocument): void {
    const kind = this.kindOf(doc.uri);
    if (!kind) return;
    // The length without copying the text: the offset of the end of the last line.
    const length = doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end);
    if (length > MAX_LIVE_BYTES) return this.markUnreadable(doc.uri.toString(), tooLarge(length));
    void this.accept(doc.uri.toString(), kind, doc.getText(), doc.version, false);
  }

  /**
   * Reads `uri` into the store (the promise settles when the model has it). A
   * read asked for while one of the same file is under way is made once that
   * one has its text, and both callers wait for it: one write often comes as
   * two watcher events (created, changed), and a 50 MB board was read and
   * decoded twice at once, with two copies of it in memory.
   */
  private readFromDisk(uri: vscode.Uri): Promise<void> {
    const file = uri.toString();
    const under = this.reads.get(file);
    if (under) {
      under.again = true;
      return under.done!;
    }
    const state: { again: boolean; done?: Promise<void> } = { again: false };
    this.reads.set(file, state);
    state.done = (async () => {
      const taken: (Promise<void> | void)[] = [];
      try {
        do {
          state.again = false;
          taken.push((await this.readOnce(uri, file))?.taken);
        } while (state.again && !this.disposed);
      } finally {
        this.reads.delete(file);
      }
      await Promise.all(taken);
    })();
    return state.done;
  }

  /** Reads the text of `uri` and hands it to the model: `taken` settles when the model has it. */
  private async readOnce(uri: vscode.Uri, file: string): Promise<{ taken: Promise<void> | void } | void> {
    const kind = this.kindOf(uri);
    // No longer a task file (now a symlink out of the workspace, say): what it held goes too.
    if (!kind) return this.forget(file);
    let size = Infinity;
    try {
      // Before reading: a file too large to parse is not read either.
      size = (uri.scheme === 'file' ? statNow(uri) : await vscode.workspace.fs.stat(uri)).size;
      if (size > MAX_LIVE_BYTES) return this.markUnreadable(file, tooLarge(size));
    } catch (err) {
      if (err instanceof vscode.FileSystemError && err.code === 'FileNotFound') return this.forget(file);
      // Anything else surfaces again, with its message, from readFile below.
    }
    let read: TextRead | undefined;
    for (let attempt = 0; ; attempt++) {
      const got = await this.readText(uri, file, kind, size);
      if (!got || 'taken' in got) return got;
      read = got;
      // An empty read may be a writer caught between truncate and write: look again before believing it.
      if (read.text.length > 0 || attempt === EMPTY_READ_RETRIES) break;
      await new Promise((r) => setTimeout(r, EMPTY_READ_DELAY_MS));
    }
    // The file may be open in the editor. A dirty buffer wins: it is what the user is looking at, and VS Code
    // handles the conflict on save. A clean one shows the disk, and this read is a write on disk all the same, which
    // enforcement judges: taken in the buffer's form (VS Code gives a file one kind of line end) when the buffer
    // already shows it, and as read when the buffer has yet to reload it (its reload follows, as any edit).
    const open = this.openDocument(uri);
    if (open?.isDirty) return this.fromDocument(open);
    if (open && sameLines(read.text, open)) return { taken: this.accept(file, kind, open.getText(), open.version, true) };
    return { taken: this.accept(file, kind, read.text, undefined, true, read) };
  }

  /**
   * One read of `uri`: its text with the digest of the bytes it was decoded
   * from (none for a small local file, read into the kept buffer), or `taken`
   * when those bytes are the ones the worker is parsing now; nothing when the
   * file turned out missing, binary or unreadable (the store has been told).
   */
  private async readText(
    uri: vscode.Uri,
    file: string,
    kind: FileKind,
    size: number,
  ): Promise<TextRead | { readonly taken: Promise<void> } | void> {
    // A CR-only file is read with LF breaks, offset for offset, as VS Code's own editor reads it. Stray bytes
    // that are not UTF-8 are kept as escapes, so the tasks are listed and each such line is named
    // (`invalid-utf8`); moves on the file are refused (see strayBytes.ts).
    try {
      const small = size <= READ_AT_ONCE_BYTES && uri.scheme === 'file' ? this.readSmall(uri, size) : undefined;
      if (small && 'binary' in small) return this.markUnreadable(file, binaryReason());
      if (small) return { text: withLfBreaks(small.text) };
      // A local file is read a piece at a time and never held whole (decodeInTurns.ts): decoded at once when the
      // store has no text of it and no parse of it under way (a file at start-up, a new one), else scanned first.
      const local = uri.scheme === 'file';
      if (local && !this.texts.has(file) && !this.inWorker.has(file)) {
        this.largeReadCounts.read++;
        this.largeReadCounts.decoded++;
        return await this.decodeLocal(uri, file, true);
      }
      const bytes = local ? undefined : await vscode.workspace.fs.readFile(uri);
      const scan = bytes ? await scanInTurns(bytes) : await this.readLocal(uri, scanFile);
      if (scan.binary) return this.markUnreadable(file, binaryReason());
      const { digest } = scan;
      // Bytes known by their digest, not by comparing texts (two equal 50 MB strings took 80 ms to compare).
      // The bytes the worker parses now (a second watcher event of one write): that parse serves.
      const parsing = this.inWorker.get(file);
      if (parsing?.digest === digest && this.versions.get(file) === parsing.ticket && parsing.kind === kind) return { taken: parsing.done };
      this.largeReadCounts.read++;
      // The bytes of the text the store holds (a later watcher event, a touch): nothing to decode or compare.
      const held = this.texts.get(file);
      if (held !== undefined && this.facts.get(file)?.digest === digest) return { text: held, digest };
      this.largeReadCounts.decoded++;
      // In pieces (a rope) when the store holds no text of the file: nothing compares it with an older text of
      // its length, which would copy it whole (see decodeInTurns.ts). A file the store holds is decoded whole.
      const rope = held === undefined;
      if (bytes) return ropeRead(await decodeInTurns(bytes, rope), digest);
      // Read again to decode: the digest is that of the bytes decoded, in case the file changed since the scan.
      return await this.decodeLocal(uri, file, rope);
    } catch (err) {
      if (err instanceof vscode.FileSystemError && err.code === 'FileNotFound') return this.forget(file);
      this.markUnreadable(file, vscode.l10n.t('could not be read: {0}', String(err)));
    }
  }

  /**
   * Takes a new text of `file`: parsed here when small, else in the worker (the
   * promise settles when the model has it). `read`: how a disk read got it.
   */
  private accept(file: string, kind: FileKind, text: string, version: number | undefined, fromDisk: boolean, read?: TextRead): Promise<void> | void {
    const ticket = this.nextVersion(file);
    // Whether a large text is the one held, decided here and not again in `commit`: by the digests when both came
    // from disk the large-file way, else by a compare (for 50 MB, 80 ms; a rope is copied whole first).
    const digest = read?.digest;
    const held = this.texts.get(file);
    const unchanged =
      text.length > OFF_THREAD_CHARS && held !== undefined && this.index.get(file)?.kind === kind && sameText(held, this.facts.get(file)?.digest, text, digest);
    if (text.length <= OFF_THREAD_CHARS || unchanged) return this.commit(file, kind, text, { version, fromDisk, unchanged, digest });
    const wanted = (): boolean => !this.disposed && this.versions.get(file) === ticket;
    const lifecycle = this.index.lifecycle;
    const done = this.parser
      .parse(file, kind, text, { version, wanted, lifecycle, pieces: read?.pieces })
      .then((result) => {
        if (!result || !wanted()) return;
        // Read under a lifecycle the settings file has since replaced: read again here, under the new one.
        this.commit(file, kind, text, { version, fromDisk, offThread: this.index.lifecycle === lifecycle ? result : undefined, digest, lineStarts: result.lines });
      })
      .finally(() => {
        if (this.inWorker.get(file)?.ticket === ticket) this.inWorker.delete(file);
      });
    this.inWorker.set(file, { ticket, kind, digest, done });
    return done;
  }

  private nextVersion(file: string): number {
    const ticket = (this.versions.get(file) ?? 0) + 1;
    this.versions.set(file, ticket);
    return ticket;
  }

  private commit(file: string, kind: FileKind, text: string, how: Commit): void {
    const { version, fromDisk, offThread, unchanged = false, digest, lineStarts } = how;
    const previous = this.texts.get(file);
    const wasUnreadable = this.unreadable.delete(file);
    // A large text was compared (or known by its digest) in `accept` already.
    if (unchanged || (text.length <= OFF_THREAD_CHARS && previous === text && this.index.get(file)?.kind === kind)) {
      // The held text, read from these bytes: the next read of them is known by their digest.
      const facts = this.facts.get(file);
      if (facts && digest !== undefined) facts.digest = digest;
      // Back to the text it held before it turned unreadable (binary for a while, say): listed again.
      if (wasUnreadable) this.changed(file);
      return;
    }
    this.texts.set(file, text);
    this.facts.set(file, { digest, lineStarts });
    if (offThread) this.index.setParsed(file, kind, text, offThread.parsed, version, offThread.lint, offThread.dependents);
    else this.index.set(file, kind, text, version);
    const entry = this.index.get(file)!;
    const lifecycle = this.index.lifecycle;
    rememberParsed(file, kind, text, entry.parsed, () => (this.index.get(file) === entry ? this.index.problems(file) : lintFile(entry.parsed, text, undefined, lifecycle)), lifecycle);
    if (fromDisk && this.firstScanEnded) this.diskWrites.push({ file, kind, previous, text, digest });
    this.changed(file);
  }

  private markUnreadable(file: string, why: string): void {
    this.nextVersion(file);
    if (this.unreadable.get(file) === why) return;
    this.unreadable.set(file, why);
    this.changed(file);
  }

  private forget(file: string): void {
    this.nextVersion(file);
    forgetParsed(file);
    forgetStaleClaims(file);
    // Both, not `||`: a file read once that then turned binary is in both maps.
    const hadText = this.texts.delete(file);
    this.facts.delete(file);
    const known = this.unreadable.delete(file) || hadText;
    this.index.delete(file);
    if (!known) return;
    this.forgetEmitter.fire(file);
    this.changed(file);
  }

  /** The text of the local file `uri`, read a piece at a time, with the digest of the bytes decoded (see `readText`). */
  private async decodeLocal(uri: vscode.Uri, file: string, rope: boolean): Promise<TextRead | void> {
    const decoded = await this.readLocal(uri, (path) => decodeFile(path, rope));
    if (decoded.binary) return this.markUnreadable(file, binaryReason());
    return ropeRead(decoded.pieces, decoded.digest);
  }

  /** `read` of the local file `uri`; a missing file as `vscode.workspace.fs` reports it, any other error as `fs` throws it. */
  private async readLocal<T>(uri: vscode.Uri, read: (path: string) => Promise<T>): Promise<T> {
    try {
      return await read(uri.fsPath);
    } catch (err) {
      throw isMissing(err) ? vscode.FileSystemError.FileNotFound(uri) : err;
    }
  }

  /** A small local file read at once (smallReads.ts); a missing file as `vscode.workspace.fs` reports it, undefined on any other error (read again the usual way). */
  private readSmall(uri: vscode.Uri, size: number): SmallRead | undefined {
    try {
      return this.smallReads.read(uri.fsPath, size);
    } catch (err) {
      if (isMissing(err)) throw vscode.FileSystemError.FileNotFound(uri);
      return undefined;
    }
  }

  private openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
    const key = uri.toString();
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
  }

  private changed(file: string): void {
    this.pending.add(file);
    // A change after a quiet spell is announced on the next turn (with whatever else changed in this one);
    // one within COALESCE_MS of the last announcement waits for the window's end, with every other that arrives meanwhile.
    this.flushTimer ??= setTimeout(() => this.flush(), Math.max(0, this.lastFlush + COALESCE_MS - Date.now()));
  }

  private flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pending.size === 0) return;
    this.lastFlush = Date.now();
    const files = [...this.pending];
    this.pending.clear();
    this.changeEmitter.fire({ files });
    const writes = this.diskWrites;
    this.diskWrites = [];
    for (const write of writes) this.diskWriteEmitter.fire(write);
  }
}

/**
 * A text read from disk, with what the read knew of it: the digest of the
 * bytes it was decoded from (a large file), and the pieces it was decoded in
 * (a rope).
 */
interface TextRead {
  readonly text: string;
  readonly digest?: string;
  readonly pieces?: readonly string[];
}

/** The pieces a large file was decoded in, with LF breaks, as the text they make (a rope; see decodeInTurns.ts). */
function ropeRead(decoded: readonly string[], digest: string): TextRead {
  const pieces = withLfBreaksInPieces(decoded);
  return { text: joinedLazily(pieces), pieces, digest };
}

/** An error of `fs` for a missing file (reported as `vscode.workspace.fs` does, FileNotFound: the store forgets the file). */
function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'ENOENT';
}

/** How a text the store took came, for `commit`. */
interface Commit {
  /** The editor's version of it, when it came from an open document. */
  readonly version?: number;
  /** Read from disk (enforcement then judges it as a write). */
  readonly fromDisk: boolean;
  /** The worker's parse and lint of it, when it was parsed there under the lifecycle the store has now. */
  readonly offThread?: { readonly parsed: ParsedFile; readonly lint: readonly Problem[]; readonly dependents?: ArrayLike<number> };
  /** Known already to be the text the store holds (a large text compared, or known by its digest, in `accept`). */
  readonly unchanged?: boolean;
  /** The SHA-256 of the bytes it was read from (a large file). */
  readonly digest?: string;
  /** Where its lines start, when the worker found them. */
  readonly lineStarts?: ArrayLike<number>;
}

/** What the store knows of a text it holds besides the text itself. */
interface TextFacts {
  /** The SHA-256 of the bytes it was read from, when read from disk the large-file way (see TaskStore.digest). */
  digest?: string;
  /** Where its lines start, when the worker found them. */
  readonly lineStarts?: ArrayLike<number>;
  /** Its line index, once asked for (TaskStore.lines). */
  lines?: LineIndex;
}

/** `fs.statSync` with a missing file as `vscode.workspace.fs` reports it. */
function statNow(uri: vscode.Uri): { size: number } {
  try {
    return fs.statSync(uri.fsPath);
  } catch (err) {
    throw (err as NodeJS.ErrnoException).code === 'ENOENT' ? vscode.FileSystemError.FileNotFound(uri) : err;
  }
}

function binaryReason(): string {
  return vscode.l10n.t('is binary (it holds NUL bytes); it was not parsed');
}

function tooLarge(bytes: number): string {
  const mb = (n: number): string => (n / 1024 / 1024).toFixed(1);
  return vscode.l10n.t('is {0} MB, more than the {1} MB Agent Task Board reads live; it was not parsed (the CLI reads it: agent-task-board list)', mb(bytes), mb(MAX_LIVE_BYTES));
}
