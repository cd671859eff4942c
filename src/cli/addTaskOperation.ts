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
import { lifecycleOf } from './scope';
import { idsIn, otherTaskFiles } from './idsElsewhere';
import type { SyncReport } from './syncOperations';
import { asOneLine } from '../core/oneLine';
import { fileKindOf } from '../core/fileKinds';

export interface AddedTask {
  readonly plan: AddTaskPlan;
  readonly sync?: SyncReport;
}

/** The board an add writes to when none is named, unless the workspace has its own at the root (`rootBoard`). */
export const DEFAULT_BOARD = 'TODO.md';

/**
 * The board at `root` that discovery lists (`TODO.md` or `todo.md`): an add that names no file writes there, rather
 * than make a `TODO.md` beside a `todo.md` (two boards, where the workspace meant one). TODO.md when there is none,
 * and when there are both.
 */
export function rootBoard(root: string): string {
  let names: string[];
  try {
    names = fs.readdirSync(root, { withFileTypes: true }).filter((e) => !e.isDirectory() && fileKindOf(e.name) === 'board').map((e) => e.name);
  } catch {
    return DEFAULT_BOARD;
  }
  return names.includes(DEFAULT_BOARD) ? DEFAULT_BOARD : (names.sort()[0] ?? DEFAULT_BOARD);
}

/** Adds `task` to `file` (relative to `root`, created when missing). */
/** `confine`: writes must stay inside this folder (the MCP server's root). */
export async function addTaskTo(root: string, file: string, task: NewTask, sync: boolean, now = new Date(), confine?: string): Promise<AddedTask> {
  const lifecycle = lifecycleOf(root);
  const full = path.resolve(root, file);
  // The workspace scanned once: its other task files are read for their ids, and the boards among them locked.
  const others = otherTaskFiles(root, full);
  const takenElsewhere = idsIn(others);
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
