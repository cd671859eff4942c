// What the integration suites share: polling for a condition, and the nudge
// that makes the store rescan when the file watcher lags (on a loaded machine
// it was seen to deliver events tens of seconds late; the suites test what a
// write causes, not the watcher's delivery). And, for a save that never
// ends, what the VS Code server is doing.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { TreeSnapshotRow } from '../../src/extension/tree/registerTaskTree';

type Probe<T> = () => T | undefined | false | PromiseLike<T | undefined | false>;

/** Polls `probe` until it gives a value other than undefined or false. */
export async function waitFor<T>(what: string, probe: Probe<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A settings change the store answers with a rescan of every task file. */
export async function nudgeRescan(): Promise<void> {
  const config = vscode.workspace.getConfiguration('agentTaskBoard');
  const current = config.inspect<string[]>('files.exclude')?.workspaceValue;
  await config.update('files.exclude', ['**/.atb-rescan-nudge/**'], vscode.ConfigurationTarget.Workspace);
  await config.update('files.exclude', current, vscode.ConfigurationTarget.Workspace);
}

/** waitFor for what a write on disk causes: after 3 s, and every 5 s after that, the store is asked to rescan. */
export async function waitForDisk<T>(what: string, probe: Probe<T>, timeoutMs = 60_000): Promise<T> {
  let nudgeAt = Date.now() + 3000;
  return waitFor(
    what,
    async () => {
      const value = await probe();
      if ((value === undefined || value === false) && Date.now() > nudgeAt) {
        nudgeAt = Date.now() + 5000;
        await nudgeRescan();
      }
      return value;
    },
    timeoutMs,
  );
}

/** Whether a task file is one of the demo workspace's own; other suites leave boards in subfolders that reuse its ids. */
export function inDemoFolder(file: string): boolean {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.toString() ?? '';
  const rest = file.startsWith(`${root}/`) ? file.slice(root.length + 1) : '';
  return rest === 'TODO.md' || rest.startsWith('.claude/tasks/');
}

/** The first tree row whose label starts with `labelStart`: a group, or a task of the demo's own files. */
export function demoTreeRow(rows: readonly TreeSnapshotRow[], labelStart: string): TreeSnapshotRow | undefined {
  for (const r of rows) {
    if (r.node.type === 'task' && !inDemoFolder(r.node.task.file)) continue;
    if (r.label.startsWith(labelStart)) return r;
    const inner = demoTreeRow(r.children, labelStart);
    if (inner) return inner;
  }
  return undefined;
}

/** The first tree row of a task of `file`, at any depth. */
export function taskRowIn(rows: readonly TreeSnapshotRow[], file: vscode.Uri): TreeSnapshotRow | undefined {
  for (const r of rows) {
    if (r.node.type === 'task' && r.node.task.file === file.toString()) return r;
    const inner = taskRowIn(r.children, file);
    if (inner) return inner;
  }
  return undefined;
}

/** Replaces the first `from` in the open document with `to`, as typing would; where it was. */
export async function typeOver(doc: vscode.TextDocument, from: string, to: string): Promise<vscode.Position> {
  const at = doc.getText().indexOf(from);
  if (at < 0) throw new Error(`${from} is not in ${doc.uri.toString()}`);
  const edit = new vscode.WorkspaceEdit();
  const range = new vscode.Range(doc.positionAt(at), doc.positionAt(at + from.length));
  edit.replace(doc.uri, range, to);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`the edit of ${doc.uri.toString()} was not applied`);
  return range.start;
}

/**
 * What the VS Code server (the extension host's parent: it writes the files the workbench saves) is doing, for a
 * failure message when one of those saves never ends (Linux only; empty elsewhere). Two causes would look alike
 * from the workbench: a handle of `file` it opened for writing and never closed (its write lock then blocks every
 * later write of the file), and a pool thread stuck in a system call (node's file operations queue behind four).
 */
export function serverReport(file: string): string {
  const pid = process.ppid;
  const read = (p: string): string => {
    try {
      return fs.readFileSync(p, 'utf8').trim();
    } catch {
      return '?';
    }
  };
  let fds: string[] = [];
  let threads: string[] = [];
  try {
    fds = fs.readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
      try {
        const target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
        return target.startsWith(file) ? [`fd ${fd} → ${target} (${read(`/proc/${pid}/fdinfo/${fd}`).replace(/\s+/g, ' ')})`] : [];
      } catch {
        return [];
      }
    });
    threads = fs.readdirSync(`/proc/${pid}/task`).map((tid) => `${tid} ${read(`/proc/${pid}/task/${tid}/comm`)}: ${read(`/proc/${pid}/task/${tid}/wchan`)}, syscall ${read(`/proc/${pid}/task/${tid}/syscall`).split(' ')[0]}`);
  } catch {
    return '';
  }
  return `\nthe server (pid ${pid}, ${read(`/proc/${pid}/cmdline`).replace(/\0/g, ' ').slice(0, 120)}):\n  handles of ${file}: ${fds.length > 0 ? `\n    ${fds.join('\n    ')}` : 'none'}\n  threads:\n    ${threads.join('\n    ')}`;
}
