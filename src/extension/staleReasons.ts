// Which tasks of one file hold a stale claim, and why: what the Tasks tree and
// the board both flag. Each file's folder sets its own threshold, as the
// diagnostics read it.
import * as vscode from 'vscode';
import type { Task } from '../core/model';
import { staleClaims } from '../core/stale';
import { staleAfterHours } from './settings';
import { staleClaimsOf } from './staleClaimsOf';
import type { TaskStore } from './taskStore';

/** Stale-claim messages of `file`'s tasks, by task id (empty when the check is off). */
export function staleReasons(store: TaskStore, file: string, tasks: readonly Task[]): Map<string, string> {
  const stale = new Map<string, string>();
  const hours = staleAfterHours(vscode.Uri.parse(file));
  if (!(hours > 0)) return stale;
  const text = store.text(file);
  const options = {
    thresholdMs: hours * 3_600_000,
    history: store.history(file),
    entriesFor: (t: Task) => store.entriesFor(t),
    textOf: (f: string) => store.text(f),
    lifecycle: store.lifecycle,
  };
  // Enforcement checks the same text after the same change: computed once for all.
  const problems =
    text === undefined
      ? staleClaims(tasks, { ...options, now: new Date() })
      : staleClaimsOf({ ...options, file, tasks, text, entries: store.entries() });
  for (const p of problems) if (p.taskId !== undefined) stale.set(p.taskId, p.message);
  return stale;
}
