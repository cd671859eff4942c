// Adding a task to a board, for the CLI's `add` and the MCP server's
// `add_task`: in the board file under its lock, or, with sync, on the board
// branch, where the next free id is taken (two clones adding at once get two
// ids) before the same addition is made in the agent's copy.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseBoard } from '../core/board/parseBoard';
import { applyEdits } from '../core/text';
import { createFileOnce, lockedUpdate } from '../node/lockedWrite';
import { planAddTask, type AddTaskPlan, type NewTask } from './mcp/addTask';
import type { FoundFile } from './discoverFiles';
import { lifecycleOf, load, scopeFiles } from './scope';
import type { SyncReport } from './syncOperations';
import { asOneLine } from '../core/oneLine';

export interface AddedTask {
  readonly plan: AddTaskPlan;
  readonly sync?: SyncReport;
}

/** Adds `task` to `file` (relative to `root`, created when missing). */
/** `confine`: writes must stay inside this folder (the MCP server's root). */
export async function addTaskTo(root: string, file: string, task: NewTask, sync: boolean, now = new Date(), confine?: string): Promise<AddedTask> {
  const lifecycle = lifecycleOf(root);
  const full = path.resolve(root, file);
  // The workspace scanned once: its other task files are read for their ids, and the boards among them locked.
  const others = otherTaskFiles(root, full);
  const takenElsewhere = idsElsewhere(others);
  const planOn = (text: string): { write: boolean; text?: string; result: AddTaskPlan } => {
    const plan = planAddTask(text, parseBoard({ file, text, lifecycle }), task, now, { lifecycle, takenElsewhere });
    return plan.ok ? { write: true, text: applyEdits(text, plan.edits), result: plan } : { write: false, result: plan };
  };
  if (sync) {
    const title = asOneLine(task.title);
    const { updateFileSynced } = await import('./syncOperations');
    const synced = await updateFileSynced(root, file, '', (text) => {
      const decided = planOn(text ?? '# TODO\n');
      const id = decided.result.ok ? decided.result.id : '';
      return { text: decided.write ? decided.text : undefined, result: decided.result, message: `add ${id}: ${title}` };
    });
    return { plan: synced.result, sync: synced.sync };
  }
  if (!fs.existsSync(full)) {
    fs.mkdirSync(path.dirname(full), { recursive: true });
    createFileOnce(full, '# TODO\n');
  }
  // The other boards' locks too, which an add to one of them takes: the id picked here is not taken there meanwhile.
  const otherBoards = others.filter((f) => f.kind === 'board').map((f) => f.path);
  return { plan: await lockedUpdate<AddTaskPlan>(full, planOn, { alsoLock: otherBoards, ...(confine !== undefined && { root: confine }) }) };
}

/** The workspace's boards and checklists but `target`; none when the workspace cannot be read. */
function otherTaskFiles(root: string, target: string): FoundFile[] {
  try {
    return scopeFiles({ root }).filter((f) => (f.kind === 'board' || f.kind === 'checklist') && path.resolve(f.path) !== target);
  } catch {
    return [];
  }
}

/**
 * The ids like a board's (its prefix and up to nine digits) written in the workspace's other task files: read once
 * per id style, by a scan of their text rather than a parse (a 50 MB board elsewhere costs a scan, not a parse). A
 * number a file only mentions (in a description, its history) is skipped too: harmless. The other files as they are
 * on this copy, also for a synced add (the board branch is read for the board added to only). An add to this copy
 * holds the other boards' locks while it reads them (`addTaskTo`), so two adds to two boards at one moment take two
 * ids; a checklist, which no add writes, is read without its lock.
 */
function idsElsewhere(files: readonly FoundFile[]): (like: string) => Set<string> {
  const found = new Map<string, Set<string>>();
  return (like) => {
    const known = found.get(like);
    if (known) return known;
    const prefix = like.replace(/\d+$/, '');
    const ids = new Set<string>();
    found.set(like, ids);
    if (prefix === '' || prefix === like) return ids;
    // Up to nine digits: a longer number mentioned somewhere (a timestamp, a hash) is no id to count on from.
    const pattern = new RegExp(`(?<![A-Za-z0-9_-])${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\d{1,9}(?![A-Za-z0-9_-])`, 'g');
    for (const f of files) {
      let text: string;
      try {
        text = load(f).text;
      } catch {
        continue;
      }
      for (const m of text.matchAll(pattern)) ids.add(m[0]);
    }
    return ids;
  };
}
