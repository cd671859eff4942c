// The store's parse worker (bundled as dist/parseWorker.js): parses and lints
// one large task file off the extension host's thread. The tasks go back in
// slices, and the next slice only when the host asks for it: the host
// deserializes one slice per turn of its event loop, between other work,
// instead of all of them in one long block (Node hands a port's queued
// messages over in one go).
import { getPriority, setPriority } from 'node:os';
import { isMainThread, parentPort } from 'node:worker_threads';
import type { FileKind, Task } from '../core/model';
import { splitParsed, TaskStream, type PackedSlice } from '../core/parsedTransfer';
import { dependentIndexes, textMayNameDependencies } from '../core/dependencies/dependencies';
import { lintFile } from '../core/lintFile';
import { parseFile } from '../core/parseFile';
import { lineStartsOf } from '../core/text';
import type { Lifecycle } from '../core/lifecycleModel';

/** How much nicer than the host the parse worker runs on Linux (a thread starts at its creator's): it yields the CPU. */
export const WORKER_NICE = 10;

export type ParseRequest =
  | {
      readonly type: 'parse';
      readonly id: number;
      readonly file: string;
      readonly kind: FileKind;
      readonly text: string;
      readonly version?: number;
      readonly lifecycle?: Lifecycle;
      /** How many `piece` messages carry the rest of the text (a large text is sent a piece per turn). */
      readonly pieces?: number;
    }
  /** The next piece of job `id`'s text. */
  | { readonly type: 'piece'; readonly id: number; readonly text: string }
  /** The host took the last slice of job `id`: send the next one (or the end). */
  | { readonly type: 'next'; readonly id: number }
  /** The host no longer wants job `id`. */
  | { readonly type: 'drop'; readonly id: number };

// Behind the extension host's own thread for the CPU. On Linux a thread's nice value is its own, and on a machine
// with few cores the parse competed with the host it parses for (and with the collector's helper threads, so a
// collection's pause in the host took longer). Elsewhere the call would lower the whole extension host: not made.
// Only in the worker: a thread that loads this module for its types and constants keeps its priority.
if (process.platform === 'linux' && !isMainThread) {
  try {
    setPriority(Math.min(19, getPriority() + WORKER_NICE));
  } catch {
    // Not allowed here (a sandbox): the parse runs at the host's priority, as before.
  }
}


export type ParseReply =
  /** `total`: how many tasks the job sends in all (the host makes its array of them once, at that size). */
  | { readonly id: number; readonly type: 'tasks'; readonly slice: PackedSlice; readonly total: number }
  /** `lines`: where each line of the text starts (the host places problems by them without reading the text). */
  | {
      readonly id: number;
      readonly type: 'done';
      readonly rest: unknown;
      readonly lint: unknown;
      readonly lines: Uint32Array;
      /** Where the tasks that name dependencies are among the tasks sent (see OffThreadResult.dependents). */
      readonly dependents: Int32Array;
    }
  | { readonly id: number; readonly type: 'failed'; readonly message: string };

interface Job {
  readonly rest: unknown;
  readonly lint: unknown;
  readonly lines: Uint32Array;
  readonly dependents: Int32Array;
  /** How many tasks the slices hold in all. */
  readonly total: number;
  /** The slices, in order (each let go once sent: its buffers are the host's then). */
  readonly slices: (PackedSlice | undefined)[];
  /** The next slice to send. */
  next: number;
}

const jobs = new Map<number, Job>();

function sendNext(id: number): void {
  const job = jobs.get(id);
  if (!job) return;
  const port = parentPort!;
  if (job.next < job.slices.length) {
    const packed = job.slices[job.next]!;
    job.slices[job.next++] = undefined;
    port.postMessage({ id, type: 'tasks', slice: packed, total: job.total } satisfies ParseReply);
    return;
  }
  jobs.delete(id);
  port.postMessage({ id, type: 'done', rest: job.rest, lint: job.lint, lines: job.lines, dependents: job.dependents } satisfies ParseReply, [
    job.lines.buffer as ArrayBuffer,
    job.dependents.buffer as ArrayBuffer,
  ]);
}

/** Jobs asked for and not started yet: a drop that arrives first cancels the parse itself. */
const queued = new Set<number>();

/** Jobs whose text is still arriving in pieces: the request, the pieces so far, and how many are to come. */
const arriving = new Map<number, { readonly request: ParseRequest & { type: 'parse' }; readonly parts: string[]; left: number }>();

/** Parses on a later turn, so a drop already queued behind the request (the next keystroke's text) is seen first. */
function queue(request: ParseRequest & { type: 'parse' }, text: string): void {
  queued.add(request.id);
  setImmediate(() => {
    if (!queued.delete(request.id)) return;
    try {
      const { file, version, lifecycle } = request;
      // The tasks are packed as they are read; the lint and the dependents then read the packed ones.
      const stream = new TaskStream();
      const parsed = parseFile(request.kind, lifecycle ? { file, text, version, lifecycle } : { file, text, version }, stream);
      const { rest, tasks } = splitParsed(parsed);
      const slices = stream.finish(tasks as Task[]);
      const lint = lintFile(parsed, text, undefined, lifecycle);
      // A sliced task's fields are made whole at each read: a text that never says "depend" or "blocked" is not walked.
      const dependents = textMayNameDependencies(text) ? dependentIndexes(tasks) : new Int32Array(0);
      jobs.set(request.id, { rest, lint, lines: Uint32Array.from(lineStartsOf(text)), dependents, total: tasks.length, slices, next: 0 });
      sendNext(request.id);
    } catch (error) {
      jobs.delete(request.id);
      parentPort!.postMessage({ id: request.id, type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies ParseReply);
    }
  });
}

parentPort?.on('message', (request: ParseRequest) => {
  switch (request.type) {
    case 'next':
      return sendNext(request.id);
    case 'drop':
      queued.delete(request.id);
      arriving.delete(request.id);
      jobs.delete(request.id);
      return;
    case 'piece': {
      const job = arriving.get(request.id);
      if (!job) return;
      job.parts.push(request.text);
      if (--job.left > 0) return;
      arriving.delete(request.id);
      return queue(job.request, job.parts.join(''));
    }
    case 'parse':
      if (request.pieces) arriving.set(request.id, { request, parts: [request.text], left: request.pieces });
      else queue(request, request.text);
  }
});
