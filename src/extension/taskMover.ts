// The one path every move from the UI takes (tree, board, commands): re-read
// the current text, compare-and-swap on the status the user saw, then write
// the core's minimal edits through the editor's one writer (editorWrites.ts:
// one WorkspaceEdit, saved when the file had no unsaved changes, so agents
// reading the disk see the claim at once; enforcement is told of the move).
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { strayBytesRefusal } from './strayBytes';
import { moveOnBoardBranch } from '../node/sync/boardMoves';
import { refreshBoardBranch, syncedRootOf, syncSettingUnknownFor } from './sync/activeBoardBranch';
import type { Status, Task, TextEdit } from '../core/model';
import { mayClaim, moveNamed, takesHold, type Lifecycle, type MoveRequest } from '../core/lifecycleModel';
import { waitingOnAmong, type UnfinishedDependency } from '../core/dependencies/dependencies';
import { planMove } from '../core/moves';
import { hasLifecycle, lintTaskText } from './diagnostics/taskText';
import { moveSettings, SECTION } from './settings';
import type { TaskStore } from './taskStore';
import { modelMatchesDisk, type EditorWrites, type TaskMoved } from './editorWrites';
import { spanningEdit } from '../core/fixAll';

export interface TaskRef {
  readonly file: string;
  readonly id: string;
  /** The status the user saw; the move is refused if the file now says otherwise. */
  readonly status: Status | undefined;
}

/**
 * `undo`: what puts a move made in the editor back, when asked for (`MoveTaskOptions.undoable`); a move made on the
 * board branch has none.
 * `waiting`: a claim refused because the task waits on unfinished dependencies (the caller may offer to force it).
 * `again`: refused for a reason that may pass (the file's lock held too long, the file read-only): it may be tried
 * again as it was.
 */
export type MoveResult = { readonly ok: true; readonly undo?: MoveUndo } | { readonly ok: false; readonly message: string; readonly code?: 'waiting' | 'again' };

/** A move made in the editor, as `undoMove` puts it back: the text it left, the edit back, and the task before it. */
export interface MoveUndo {
  /** The move's name and task (`Claim TASK_006`). */
  readonly label: string;
  /** The length and SHA-256 of the text the move left (saved: what a formatter on save made of it included). */
  readonly length: number;
  readonly digest: string;
  /** The edit that takes that text back to the text before the move, byte for byte. */
  readonly edit: TextEdit;
  /** The task as it was before the move: enforcement takes the undo as a move back to it. */
  readonly back: TaskMoved;
}

export interface MoveTaskOptions {
  /** Claim past unfinished dependencies; the Session History line says so. */
  readonly force?: boolean;
  /** Answer with what puts the move back (`MoveResult.undo`): the board keeps it for Ctrl+Z. */
  readonly undoable?: boolean;
}

export async function moveTask(store: TaskStore, writes: EditorWrites, ref: TaskRef, move: MoveRequest, agent?: string, options: MoveTaskOptions = {}): Promise<MoveResult> {
  if (!vscode.workspace.isTrusted) return untrustedRefusal();
  const uri = vscode.Uri.parse(ref.file);
  const name = vscode.workspace.asRelativePath(uri, false);
  const unknown = syncSettingUnknownFor(ref.file);
  if (unknown !== undefined) {
    // As the command line: a move here must go through the board branch or not, and the file cannot say which.
    return { ok: false, message: vscode.l10n.t('The sync setting in {0} cannot be read, so whether moves go through the board branch is not known: fix the file (its problems show on it).', unknown) };
  }
  const synced = syncedRootOf(ref.file);
  if (synced !== undefined) return moveOnBranch(store, ref, move, agent, synced, uri, name, options);
  return writeInEditor(store, writes, uri, name, (doc, willSave) => moveInEditor(store, writes, ref, move, agent, doc, name, willSave, options));
}

/**
 * Runs `write` on `uri`'s document as every move writes: refused for bytes that are not UTF-8 or a file that cannot
 * be written; and, when the write will be saved, under the file's lock, the one the CLI, the MCP server and agents
 * take (`<file>.lock`, created only if absent): between reading the disk and the save finishing nobody else writes,
 * so neither side's write is lost.
 */
async function writeInEditor(
  store: TaskStore,
  writes: EditorWrites,
  uri: vscode.Uri,
  name: string,
  write: (doc: vscode.TextDocument, willSave: boolean) => Promise<MoveResult>,
): Promise<MoveResult> {
  const stray = await strayBytesRefusal(uri, name);
  if (stray) return { ok: false, message: stray };
  let doc: vscode.TextDocument;
  try {
    doc = await vscode.workspace.openTextDocument(uri);
  } catch (err) {
    await store.refresh(uri);
    return { ok: false, message: vscode.l10n.t('{0} could not be opened: {1}', name, String(err)) };
  }
  const willSave = !doc.isDirty && vscode.workspace.getConfiguration(SECTION, uri).get<boolean>('moves.save', true);
  const run = async (): Promise<MoveResult> => {
    if (uri.scheme === 'file') {
      const refusal = unwritable(uri.fsPath, name);
      if (refusal) {
        await store.refresh(uri);
        // Read-only may pass; a file gone (deleted, renamed) does not.
        return { ok: false, message: refusal, ...(fs.existsSync(uri.fsPath) && { code: 'again' as const }) };
      }
    }
    return write(doc, willSave);
  };
  if (!willSave) return run();
  const locked = await writes.underFileLock(uri, run);
  if (!locked.ok) await store.refresh(uri);
  return locked.ok ? locked.value : { ...locked, code: 'again' };
}

/**
 * A move in a repository whose board syncs: made on the board branch (the
 * command line's --sync path) against the status the user saw there; the
 * working copy then follows (a fast-forward or the same minimal edit on
 * disk), and the views fetch the branch again.
 */
async function moveOnBranch(
  store: TaskStore,
  ref: TaskRef,
  move: MoveRequest,
  agent: string | undefined,
  root: string,
  uri: vscode.Uri,
  name: string,
  options: MoveTaskOptions,
): Promise<MoveResult> {
  const settings = moveSettings(uri);
  const file = path.relative(root, uri.fsPath).split(path.sep).join('/');
  let outcome;
  try {
    outcome = await moveOnBoardBranch({ root, files: [file], id: ref.id, move, agent, expectedStatus: ref.status, stamps: settings.stamps, history: settings.history, force: options.force });
  } catch (err) {
    return { ok: false, message: vscode.l10n.t('{0}: {1}', name, (err as Error).message) };
  } finally {
    await refreshBoardBranch();
    await store.refresh(uri);
  }
  if (outcome.ok) return { ok: true };
  return { ok: false, message: `${outcome.line !== undefined ? `${name}:${outcome.line}` : name}: ${outcome.message}`, ...(outcome.code === 'waiting' && { code: 'waiting' as const }) };
}

async function moveInEditor(
  store: TaskStore,
  writes: EditorWrites,
  ref: TaskRef,
  move: MoveRequest,
  agent: string | undefined,
  doc: vscode.TextDocument,
  name: string,
  willSave: boolean,
  options: MoveTaskOptions,
): Promise<MoveResult> {
  const uri = doc.uri;
  if (!doc.isDirty && !(await modelMatchesDisk(doc))) {
    await store.refresh(uri);
    // Mostly an agent's write the editor has not shown yet; a buffer that stays so (a reload VS Code skipped) is put right by a revert.
    return { ok: false, message: vscode.l10n.t('{0} in the editor is not the file on disk yet (an agent may be writing it now). The views were refreshed; try again, or run File: Revert File if it stays so.', name) };
  }

  const settings = moveSettings(uri);
  const text = doc.getText();
  const version = doc.version;
  const plan = planMove(text, ref.file, ref.id, move, {
    lifecycle: store.lifecycle,
    agent,
    expectedStatus: ref.status,
    now: new Date(),
    stamps: settings.stamps,
    history: settings.history,
    // A move by status name may be the claim too: planMove judges dependencies only when it is.
    waitingOn: mayClaim(move) ? waitingInBuffer(store, doc, ref.id, text) : undefined,
    force: options.force,
  });
  if (!plan.ok) {
    await store.refresh(uri);
    const where = plan.line !== undefined ? `${name}:${plan.line + 1}` : name;
    return { ok: false, message: `${where}: ${plan.message}`, ...(plan.code === 'waiting' && { code: 'waiting' as const }) };
  }

  const moved = { file: ref.file, id: ref.id, status: plan.to, agent: agentAfter(move, agent, plan.task.assignedAgent), title: plan.task.title };
  // Nothing awaited since getText(): the writer refuses if the buffer is no longer the one the plan was made on.
  // Enforcement hears of the move from the writer: the task's accepted state follows it (in an unsaved buffer
  // too, so a second move, Claim then Start, is one legal step, not a skip reverted on save). A save that
  // failed leaves the accepted state where the disk is: had it followed a move that never reached the disk,
  // the next save (or a strict revert of an agent's write) would have put the move back into the file.
  const label = vscode.l10n.t('{0} {1}', moveLabel(move), ref.id);
  const written = await writes.write(doc, plan.edits, { version, label, save: !doc.isDirty && willSave, moved });
  await store.refresh(uri);
  if (!written.ok) return { ok: false, message: vscode.l10n.t('{0} changed while {1} was being moved; nothing was written. Try again.', name, ref.id) };
  if (written.outcome === 'not-saved') {
    return { ok: false, message: vscode.l10n.t('{0} was moved in the editor but could not be saved; the change is still unsaved in {1}.', ref.id, name) };
  }
  if (!options.undoable) return { ok: true };
  // The text as the move left it, after its save: a formatter or a trim on save is part of what is undone.
  const after = doc.getText();
  const back = { file: ref.file, id: ref.id, status: plan.from, agent: plan.task.assignedAgent, title: plan.task.title };
  return { ok: true, undo: { label, length: after.length, digest: digestOf(after), edit: spanningEdit(after, text), back } };
}

/** What a move or an undo answers in an untrusted workspace (restricted mode: see trust.ts). */
function untrustedRefusal(): MoveResult {
  return { ok: false, message: vscode.l10n.t('This workspace is not trusted, so Agent Task Board does not change its files.') };
}

function digestOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Puts back a move made in the editor (`MoveResult.undo`), the way a move is made (writeInEditor), on a buffer that
 * matches the disk; only when the file is still the very text the move left: what anyone else wrote since, wherever
 * it is in the file, is never undone.
 */
export async function undoMove(store: TaskStore, writes: EditorWrites, undo: MoveUndo): Promise<MoveResult> {
  const { file, id } = undo.back;
  const uri = vscode.Uri.parse(file);
  const name = vscode.workspace.asRelativePath(uri, false);
  if (!vscode.workspace.isTrusted) return untrustedRefusal();
  if (syncedRootOf(file) !== undefined || syncSettingUnknownFor(file) !== undefined) {
    return { ok: false, message: vscode.l10n.t('{0}: moves now go through the board branch (or the sync setting cannot be read), which Undo does not reach: move {1} back from its menu.', name, id) };
  }
  const changed = { ok: false, message: vscode.l10n.t('{0} changed after "{1}", so it was not undone: move {2} back from its menu.', name, undo.label, id) } as const;
  const outcome = await writeInEditor(store, writes, uri, name, async (doc, willSave) => {
    if (!doc.isDirty && !(await modelMatchesDisk(doc))) return changed;
    const text = doc.getText();
    if (text.length !== undo.length || digestOf(text) !== undo.digest) return changed;
    const written = await writes.write(doc, [undo.edit], { version: doc.version, label: vscode.l10n.t('Undo {0}', undo.label), save: !doc.isDirty && willSave, moved: undo.back });
    if (!written.ok) return changed;
    if (written.outcome === 'not-saved') {
      return { ok: false, message: vscode.l10n.t('"{0}" was undone in the editor but could not be saved; the change is still unsaved in {1}.', undo.label, name) };
    }
    return { ok: true };
  });
  await store.refresh(uri);
  return outcome;
}

/**
 * What task `id` of the buffer waits for: the buffer's own tasks as they are
 * now (the claim is planned on them), every other file's as the store has them.
 */
function waitingInBuffer(store: TaskStore, doc: vscode.TextDocument, id: string, text: string): readonly UnfinishedDependency[] {
  const file = doc.uri.toString();
  const kind = store.kindOf(doc.uri);
  if (!hasLifecycle(kind)) return [];
  const own = lintTaskText(file, kind, text, store.lifecycle).tasks;
  const task = own.find((t) => t.id === id);
  return task ? waitingOnAmong(task, () => [...store.tasks().filter((t) => t.file !== file), ...own], store.lifecycle) : [];
}

/** Why the file cannot take a write now (gone, read-only), or undefined when it can. */
function unwritable(fsPath: string, name: string): string | undefined {
  try {
    fs.accessSync(fsPath, fs.constants.W_OK);
    // No write bit at all is read-only even for root, whom access() always lets through.
    if ((fs.statSync(fsPath).mode & 0o222) === 0) return vscode.l10n.t('{0} is read-only; nothing was written.', name);
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return vscode.l10n.t('{0} was deleted or renamed; nothing was written.', name);
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return vscode.l10n.t('{0} is read-only; nothing was written.', name);
    return vscode.l10n.t('{0} cannot be written ({1}); nothing was written.', name, code ?? String(err));
  }
}

/** Who holds the task after the move. */
function agentAfter(move: MoveRequest, agent: string | undefined, before: string | undefined): string | undefined {
  if (move === 'release') return undefined;
  if (typeof move === 'object') return before ?? agent;
  if (move === 'claim') return agent ?? before;
  return before;
}

export function moveLabel(move: MoveRequest): string {
  if (typeof move === 'object') return vscode.l10n.t('Move to {0}', move.to);
  switch (move) {
    case 'claim':
      return vscode.l10n.t('Claim');
    case 'start':
      return vscode.l10n.t('Start');
    case 'complete':
      return vscode.l10n.t('Complete');
    case 'release':
      return vscode.l10n.t('Release');
  }
}

/**
 * Whether a move from `from` to `to` needs an agent named by the person: the claim, or another way into a held
 * status (`blocked → claimed` where blocked is entered from todo) for a board task that names no agent yet. A
 * checklist's agent is its file's; a checkbox item's `@agent` is optional.
 */
export function asksForAgent(lifecycle: Lifecycle, task: Task, from: Status, to: Status): boolean {
  if (task.kind !== 'board' || task.shape === 'checkbox') return false;
  return moveNamed(lifecycle, from, to, 'board') === 'claim' || (takesHold(lifecycle, from, to, 'board') && !task.assignedAgent?.trim());
}

/**
 * Why a claim of `ref` would be refused whoever claims it (a syntax problem, an id used twice, a task someone holds):
 * asked before the agent picker, so a person does not pick an agent for nothing. Undefined when the claim may go
 * ahead, when only the agent is missing, or when the task waits on others (Claim Anyway may force it); and for a
 * synced board, whose claims are judged on the board branch when they are made.
 */
export function claimRefusal(store: TaskStore, ref: TaskRef): string | undefined {
  // A synced board is judged on its branch, not on this copy's text (nor when its sync setting cannot be read).
  if (syncedRootOf(ref.file) !== undefined || syncSettingUnknownFor(ref.file) !== undefined) return undefined;
  // A large board's text would be parsed a second time for it (the move parses it again): the move says it.
  if (store.isLarge(ref.file)) return undefined;
  const text = store.text(ref.file);
  if (text === undefined) return undefined;
  const plan = planMove(text, ref.file, ref.id, 'claim', { lifecycle: store.lifecycle, agent: 'the agent to be picked', expectedStatus: ref.status, now: new Date(), stamps: false, history: false });
  if (plan.ok || plan.code === 'waiting' || plan.code === 'no-agent' || plan.code === 'moved' || plan.code === 'bad-agent') return undefined;
  const name = vscode.workspace.asRelativePath(vscode.Uri.parse(ref.file), false);
  return `${plan.line !== undefined ? `${name}:${plan.line + 1}` : name}: ${plan.message}`;
}

const LAST_AGENT_KEY = 'agentTaskBoard.lastAgent';

interface AgentItem extends vscode.QuickPickItem {
  readonly agent: string;
}

/**
 * Asks which agent claims: the agent definitions (name, model, description),
 * the `defaultAgent` setting and agents already named on tasks, with the last
 * choice first. A name that is none of these can be typed. `file` (a uri) is
 * the task's: the setting is read for it, as a folder may set its own.
 */
export async function pickAgent(store: TaskStore, state: vscode.Memento, file: string): Promise<string | undefined> {
  const last = state.get<string>(LAST_AGENT_KEY);
  const byName = new Map<string, AgentItem>();
  for (const a of store.agents()) {
    byName.set(a.name, { label: a.name, description: a.model, detail: a.description, agent: a.name });
  }
  const fallback = moveSettings(vscode.Uri.parse(file)).defaultAgent;
  for (const name of [fallback, ...store.tasks().map((t) => t.assignedAgent)]) {
    if (name && !byName.has(name)) byName.set(name, { label: name, agent: name });
  }
  const items = [...byName.values()].sort((a, b) => rank(a.agent) - rank(b.agent) || a.label.localeCompare(b.label));
  function rank(name: string): number {
    return name === last ? 0 : name === fallback ? 1 : 2;
  }

  const pick = vscode.window.createQuickPick<AgentItem>();
  pick.title = vscode.l10n.t('Claim for which agent?');
  pick.placeholder = vscode.l10n.t('Pick an agent or type a name');
  pick.items = items;
  const chosen = await new Promise<string | undefined>((resolve) => {
    pick.onDidChangeValue((value) => {
      const typed = value.trim();
      const custom = typed && !byName.has(typed) ? [{ label: typed, description: vscode.l10n.t('new agent name'), agent: typed }] : [];
      pick.items = [...custom, ...items];
    });
    pick.onDidAccept(() => {
      // A name typed in full wins over whichever item the filter left active:
      // Enter can land before the list has re-filtered to the typed text.
      const typed = pick.value.trim();
      resolve(byName.has(typed) ? typed : (pick.selectedItems[0]?.agent ?? (typed || undefined)));
      pick.hide();
    });
    pick.onDidHide(() => resolve(undefined));
    pick.show();
  });
  pick.dispose();
  if (chosen) await state.update(LAST_AGENT_KEY, chosen);
  return chosen;
}
