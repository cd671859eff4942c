// The store's parse worker (bundled as dist/parseWorker.js): parses and lints
// one large task file off the extension host's thread. The tasks go back in
// slices, one message each, so the host deserializes them between other work
// instead of in one long block. No vscode here: core code and worker_threads only.
import { parentPort } from 'node:worker_threads';
import type { FileKind } from '../core/model';
import { packTasks, splitParsed } from '../core/parsedTransfer';
import { lintParsed, parse } from '../core/taskIndex';

export interface ParseRequest {
  readonly id: number;
  readonly file: string;
  readonly kind: FileKind;
  readonly text: string;
  readonly version?: number;
}

/** Tasks per message: a slice the host deserializes in a few milliseconds. */
export const TASKS_PER_SLICE = 2000;

export type ParseReply =
  | { readonly id: number; readonly type: 'tasks'; readonly tasks: unknown[] }
  | { readonly id: number; readonly type: 'done'; readonly rest: unknown; readonly lint: unknown }
  | { readonly id: number; readonly type: 'failed'; readonly message: string };

parentPort?.on('message', (request: ParseRequest) => {
  const port = parentPort!;
  try {
    const parsed = parse(request.file, request.kind, request.text, request.version);
    const lint = lintParsed(parsed, request.text);
    const { rest, tasks } = splitParsed(parsed);
    for (let at = 0; at < tasks.length; at += TASKS_PER_SLICE) {
      port.postMessage({ id: request.id, type: 'tasks', tasks: packTasks(tasks.slice(at, at + TASKS_PER_SLICE)) } satisfies ParseReply);
    }
    port.postMessage({ id: request.id, type: 'done', rest, lint } satisfies ParseReply);
  } catch (error) {
    port.postMessage({ id: request.id, type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies ParseReply);
  }
});
