// The extension host's side of the parse worker (parseWorker.ts): hands a large
// text to the worker and puts its answer back together, one message per task
// slice, so no single step holds the host's event loop for long. When the
// worker cannot run (no bundle next to this one, a crash), the text is parsed
// here instead: slower to the eye, never wrong.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FileKind, ParsedFile, Problem, Task } from '../core/model';
import { joinParsed, reviveTasks } from '../core/parsedTransfer';
import { lintParsed, parse } from '../core/taskIndex';
import type { ParseReply, ParseRequest } from './parseWorker';

export interface OffThreadResult {
  readonly parsed: ParsedFile;
  readonly lint: readonly Problem[];
}

interface Pending {
  readonly tasks: Task[];
  readonly resolve: (result: OffThreadResult) => void;
  readonly reject: (error: Error) => void;
}

export class OffThreadParser {
  private worker: Worker | undefined;
  private broken = false;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly workerFile = path.join(__dirname, 'parseWorker.js')) {}

  parse(file: string, kind: FileKind, text: string, version?: number): Promise<OffThreadResult> {
    const worker = this.ensureWorker();
    if (!worker) return Promise.resolve(parseHere(file, kind, text, version));
    const id = this.nextId++;
    return new Promise<OffThreadResult>((resolve, reject) => {
      this.pending.set(id, { tasks: [], resolve, reject });
      worker.postMessage({ id, file, kind, text, version } satisfies ParseRequest);
    }).catch(() => parseHere(file, kind, text, version));
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
    this.failAll(new Error('the parse worker was stopped'));
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker || this.broken) return this.worker;
    try {
      const worker = new Worker(this.workerFile);
      worker.unref();
      worker.on('message', (reply: ParseReply) => this.onReply(reply));
      worker.on('error', (error) => this.onWorkerGone(error));
      worker.on('exit', () => this.onWorkerGone(new Error('the parse worker exited')));
      this.worker = worker;
    } catch {
      this.broken = true;
    }
    return this.worker;
  }

  private onReply(reply: ParseReply): void {
    const job = this.pending.get(reply.id);
    if (!job) return;
    switch (reply.type) {
      case 'tasks':
        for (const t of reviveTasks(reply.tasks as Task[])) job.tasks.push(t);
        return;
      case 'done':
        this.pending.delete(reply.id);
        job.resolve({ parsed: joinParsed(reply.rest as ParsedFile, job.tasks), lint: reply.lint as Problem[] });
        return;
      case 'failed':
        this.pending.delete(reply.id);
        job.reject(new Error(reply.message));
    }
  }

  private onWorkerGone(error: Error): void {
    if (!this.worker) return;
    this.worker = undefined;
    // A worker that dies once (a missing bundle, a crash) is not started again: parse here from now on.
    this.broken = true;
    this.failAll(error);
  }

  private failAll(error: Error): void {
    const jobs = [...this.pending.values()];
    this.pending.clear();
    for (const job of jobs) job.reject(error);
  }
}

function parseHere(file: string, kind: FileKind, text: string, version?: number): OffThreadResult {
  const parsed = parse(file, kind, text, version);
  return { parsed, lint: lintParsed(parsed, text) };
}
