// Reads Linux's /proc to see which processes a test run started and whether
// they are still running: the harness promises that none outlives the run.
import * as fs from 'node:fs';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** Process group id. */
  pgid: number;
  /** Clock ticks after boot; with the pid it names one process even if the pid is reused. */
  startTime: string;
  /** The executable's short name (`node`, `chromium`, ...). */
  comm: string;
  /** 'Z' for a zombie: ended, only not yet reaped by its parent. */
  state: string;
}

/** One process from /proc/<pid>/stat, or undefined when there is none. */
export function readProcess(pid: number): ProcessInfo | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The name is in parentheses and may itself hold spaces or parentheses, so the fields are read after the last ')'.
  const close = stat.lastIndexOf(')');
  const comm = stat.slice(stat.indexOf('(') + 1, close);
  const fields = stat.slice(close + 2).split(' ');
  // fields[0] is field 3 of stat(5): state, ppid, pgrp, ..., starttime is field 22.
  return { pid, state: fields[0], ppid: Number(fields[1]), pgid: Number(fields[2]), startTime: fields[19], comm };
}

export function allProcesses(): ProcessInfo[] {
  const list: ProcessInfo[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const info = readProcess(Number(entry));
    if (info) list.push(info);
  }
  return list;
}

/** Every process below `root` (children, their children, ...), not `root` itself. */
export function descendants(root: number): ProcessInfo[] {
  const all = allProcesses();
  const found: ProcessInfo[] = [];
  const parents = new Set([root]);
  // Parents come before their children in no particular order, so repeat until nothing new is found.
  for (let grew = true; grew; ) {
    grew = false;
    for (const info of all) {
      if (parents.has(info.ppid) && !parents.has(info.pid)) {
        parents.add(info.pid);
        found.push(info);
        grew = true;
      }
    }
  }
  return found;
}

/** Whether this very process (same pid and start time) still runs; a zombie has ended. */
export function isRunning(info: ProcessInfo): boolean {
  const now = readProcess(info.pid);
  return now !== undefined && now.startTime === info.startTime && now.state !== 'Z';
}

/** Running processes (zombies aside) in any of these process groups. */
export function runningInGroups(groups: Iterable<number>): ProcessInfo[] {
  const wanted = new Set(groups);
  return allProcesses().filter((info) => wanted.has(info.pgid) && info.state !== 'Z');
}

/** The command line with its arguments joined by spaces; '' once the process is gone. */
export function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

export function describeProcess(info: ProcessInfo): string {
  return `${info.pid} (group ${info.pgid}, ${info.comm}): ${commandLine(info.pid).slice(0, 160)}`;
}
