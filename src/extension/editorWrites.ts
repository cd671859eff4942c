// The one way the extension writes a task file in the editor: a move
// (taskMover.ts) or an enforcement revert (enforcement/reverts.ts) becomes one
// WorkspaceEdit, refused if the buffer changed since its edits were planned,
// then saved when asked (docs/architecture.md, "The editor's write path").
// Whoever keeps the accepted state (enforcement) is told directly what was
// written, before the save and after it, so it takes each write once: it
// does not judge again the text its own save events, the watcher or a
// reload bring back.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { Status, TextEdit } from '../core/model';
import { acquireLock } from '../node/lockedWrite';
import { logWarning } from './log';

/** A move applied to the buffer: the task's new status and holder. */
export interface TaskMoved {
  readonly file: string;
  readonly id: string;
  readonly status: Status;
  readonly agent: string | undefined;
  readonly title: string;
}

/** What the editor wrote into a task file. */
export interface OwnWrite {
  readonly file: string;
  /** The buffer's text right after the edit. */
  readonly text: string;
  /** The move, when the write is one; a revert has none (its text is the accepted state). */
  readonly moved?: TaskMoved;
}

/**
 * How a write ended: `saved`; `in-buffer`, applied and left unsaved as asked (a dirty buffer, or
 * `moves.save` off); `not-saved`, applied but the save failed (the disk still has the old text);
 * `still-saving`, applied, and the save had not ended after SAVE_WAIT_MS (see `write`).
 */
export type WriteOutcome = 'saved' | 'in-buffer' | 'not-saved' | 'still-saving';

/**
 * How long a write waits for VS Code's save before it answers. A save runs the save participants
 * first (format on save, other extensions' actions on save), and VS Code waits for them until the
 * user cancels in the progress it shows. The write answers `still-saving` then, and the file's lock
 * is kept until the save ends (see `underFileLock`): an agent's write let in before the late save
 * could be overwritten by it, since VS Code misses a change on disk that keeps the file's size.
 * Long enough that a save slowed only by a loaded machine (a few hundred milliseconds is usual) is
 * waited for, and whoever asked for the move finds it on disk when the move answers.
 */
export const SAVE_WAIT_MS = 10_000;

/** How the editor's lock names its holder to agents waiting on it. */
const LOCK_HOLDER = 'VS Code (Agent Task Board, saving an edit)';


/** Told of every write the editor makes (enforcement). */
export interface WriteWitness {
  /** The edit is in the buffer and its save is starting: the save events about to come bring `write.text`. */
  saving(write: OwnWrite): void;
  /** The write is over: saved, left in the buffer, or its save failed (told when the save ends, however late). */
  wrote(write: OwnWrite, outcome: WriteEnd): void;
}

/** How a write ended for good: its outcome, a save that was still running once it ended. */
export type WriteEnd = Exclude<WriteOutcome, 'still-saving'>;

export type WriteResult = { readonly ok: true; readonly outcome: WriteOutcome } | { readonly ok: false };

export class EditorWrites {
  /** How long a write waits for its save before it answers `still-saving` (tests shorten it, see extension.ts). */
  saveWaitMs = SAVE_WAIT_MS;
  private witness: WriteWitness | undefined;
  /** Per file (uri string), the end of a save still running when its write answered: the file's lock waits for it. */
  private readonly savesUnderWay = new Map<string, Promise<void>>();

  /** `witness` is told of every write from now until the disposable is disposed. */
  witnessedBy(witness: WriteWitness): vscode.Disposable {
    this.witness = witness;
    return new vscode.Disposable(() => {
      if (this.witness === witness) this.witness = undefined;
    });
  }

  /**
   * Applies `edits` (offsets into `doc`'s text at `version`) as one WorkspaceEdit, so one undo
   * reverts it, then saves when `save`. Not ok when the document is no longer at `version`
   * or the edit was refused: nothing was written.
   */
  async write(doc: vscode.TextDocument, edits: readonly TextEdit[], options: { version: number; label: string; save: boolean; moved?: TaskMoved }): Promise<WriteResult> {
    const uri = doc.uri;
    const edit = new vscode.WorkspaceEdit();
    for (const e of edits) {
      edit.replace(uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.newText, { label: options.label, needsConfirmation: false });
    }
    if (doc.version !== options.version || !(await vscode.workspace.applyEdit(edit))) return { ok: false };
    const write: OwnWrite = { file: uri.toString(), text: doc.getText(), moved: options.moved };
    if (!options.save) {
      this.witness?.wrote(write, 'in-buffer');
      return { ok: true, outcome: 'in-buffer' };
    }
    this.witness?.saving(write);
    // save() can answer false and still write the file a moment later (seen under load): the disk decides.
    const started = Date.now();
    const ended = Promise.resolve(doc.save()).then(
      async (answer): Promise<WriteEnd> => (answer || (await reachesDisk(doc)) ? 'saved' : 'not-saved'),
      (): WriteEnd => 'not-saved',
    );
    const outcome = await answerWithin(ended, this.saveWaitMs);
    if (outcome !== undefined) {
      this.witness?.wrote(write, outcome);
      return { ok: true, outcome };
    }
    // Said here, once for moves and reverts alike: the edit is in the buffer, and saved when the save ends.
    const name = vscode.workspace.asRelativePath(uri, false);
    void vscode.window.showWarningMessage(
      vscode.l10n.t(
        '{0}: {1} is still being saved after {2} s. Something that runs on save (a formatter, another extension) has not finished, or the Local History copy of the file is stuck (README: A save that never ends). Agents wait for the file until the save ends.',
        options.label,
        name,
        this.saveWaitMs / 1000,
      ),
    );
    // In the log too: an agent kept waiting on the lock is told the editor holds it, and the log says which save.
    logWarning(`${name}: the save of "${options.label}" has not ended after ${this.saveWaitMs / 1000} s (document version ${doc.version}, ${doc.isDirty ? 'unsaved' : 'saved'}); the file's lock is kept until it ends. If it never ends, see "A save that never ends" in the README.`);
    // Enforcement is told how the write ended when it ends; until then the save's own events are its.
    const file = write.file;
    const done = ended.then((late) => {
      logWarning(`${name}: the save of "${options.label}" ended after ${((Date.now() - started) / 1000).toFixed(1)} s (${late}).`);
      this.witness?.wrote(write, late);
    });
    this.savesUnderWay.set(file, done);
    void done.finally(() => {
      if (this.savesUnderWay.get(file) === done) this.savesUnderWay.delete(file);
    });
    return { ok: true, outcome: 'still-saving' };
  }

  /**
   * Runs `write` holding the file's lock, the one the CLI, the MCP server and
   * agents take (`<file>.lock`, created only if absent), for every write the extension saves
   * (moves, enforcement reverts): between reading the disk and the save
   * finishing nobody else writes. A save still running when `write` answers
   * (`still-saving`) keeps the lock until it ends. Files that are not on disk need no lock.
   */
  async underFileLock<T>(
    uri: vscode.Uri,
    write: () => Promise<T>,
  ): Promise<{ readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string }> {
    let release: (() => void) | undefined;
    if (uri.scheme === 'file') {
      try {
        // Named in it: an agent kept waiting (a save held by a formatter) is told it is the editor, not a dead agent.
        release = await acquireLock(uri.fsPath, `${fs.realpathSync(uri.fsPath)}.lock`, { by: LOCK_HOLDER });
      } catch (err) {
        return { ok: false, message: lockFailure(vscode.workspace.asRelativePath(uri, false), err) };
      }
    }
    try {
      return { ok: true, value: await write() };
    } finally {
      const saving = this.savesUnderWay.get(uri.toString());
      if (saving && release) void saving.finally(release);
      else release?.();
    }
  }
}

function lockFailure(name: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return vscode.l10n.t('{0} was deleted or renamed; nothing was written.', name);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return vscode.l10n.t('{0}: its folder is read-only, so its lock file cannot be made; nothing was written.', name);
  }
  // LockTimeoutError says who holds the lock and how to clear a dead one.
  return err instanceof Error ? err.message : String(err);
}

/** What `answer` resolves to, or undefined when it has not within `ms`. */
async function answerWithin<T>(answer: Thenable<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([answer, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Whether the disk text is the document's text. VS Code gives a file with
 * mixed line ends one EOL when it loads it (and saves it with that one EOL),
 * so the disk is compared with its line ends set to the document's; and a
 * document never holds the UTF-8 BOM that the store's reads keep.
 */
export function sameLines(disk: string, doc: vscode.TextDocument): boolean {
  const text = doc.getText();
  if (disk === text) return true;
  const shown = disk.charCodeAt(0) === 0xfeff && text.charCodeAt(0) !== 0xfeff ? disk.slice(1) : disk;
  if (shown === text) return true;
  const eol = doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  return shown.replace(/\r\n|\r|\n/g, eol) === text;
}

/** How long to wait for an editor model to catch up with a write made on disk by someone else. */
const MODEL_CATCH_UP_MS = 1500;

/** The text of `uri` on disk as the store reads it (a BOM kept); undefined when it is gone or not UTF-8. */
export async function diskText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/**
 * Whether a clean document shows the disk, within a short wait. The editor's model can lag a write made on disk by
 * an agent; edits planned on it and saved would overwrite that write.
 */
export function modelMatchesDisk(doc: vscode.TextDocument): Promise<boolean> {
  return modelCatchesUp(doc, () => diskText(doc.uri), false);
}

/** Whether the document shows `expected`, within a short wait for its model; false once it is dirty and does not. */
export function modelShows(doc: vscode.TextDocument, expected: string): Promise<boolean> {
  return modelCatchesUp(doc, () => Promise.resolve(expected), true);
}

async function modelCatchesUp(doc: vscode.TextDocument, target: () => Promise<string | undefined>, notDirty: boolean): Promise<boolean> {
  const deadline = Date.now() + MODEL_CATCH_UP_MS;
  for (;;) {
    const text = await target();
    if (text === undefined) return false;
    if (sameLines(text, doc)) return true;
    if ((notDirty && doc.isDirty) || Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Whether the document's text is on disk within a short wait, whatever save() answered. */
async function reachesDisk(doc: vscode.TextDocument): Promise<boolean> {
  const deadline = Date.now() + 2000;
  for (;;) {
    const disk = await diskText(doc.uri);
    if (disk === undefined) return false;
    if (!doc.isDirty || sameLines(disk, doc)) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}
