// The command line's stdout and stderr. Node makes `process.stdout` on first
// use, and making it loads node's stream modules (and `net` for a pipe): some
// 5 ms of a `list` that takes 25 ms more than a bare node, paid on every
// command an agent runs. So output goes to the descriptors with
// `fs.writeSync`, stdout kept in a buffer written at 64 K characters and at the end (a
// `list` of 50,000 tasks is a few writes, not 50,000), and written out before
// anything goes to stderr, so the two keep their order in a terminal.
//
// A descriptor that is non-blocking and full (EAGAIN: a pipe the reader does
// not drain, opened non-blocking by the parent) hands the rest, and every
// later write, to node's stream, which waits for the reader. A reader that
// went away (`agent-task-board list | head -1`: EPIPE) ends the process
// quietly, exit 0: the output is no longer wanted. On Windows the streams are
// used as they are: the console takes text through them.
import * as fs from 'node:fs';

const FLUSH_CHARS = 64 * 1024;

export class StandardOutput {
  private pending: string[] = [];
  private pendingLength = 0;
  private readonly viaStream = { 1: process.platform === 'win32', 2: process.platform === 'win32' };

  /** Text for stdout: buffered, written at 64 K characters and on `flush`. */
  out(text: string): void {
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= FLUSH_CHARS) this.flush();
  }

  /** Text for stderr, after what stdout was given before it. */
  err(text: string): void {
    this.flush();
    this.write(2, text);
  }

  /** Writes what stdout holds. */
  flush(): void {
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    this.write(1, text);
  }

  private write(fd: 1 | 2, text: string): void {
    if (this.viaStream[fd]) return void streamOf(fd).write(text);
    const bytes = Buffer.from(text, 'utf8');
    let at = 0;
    try {
      while (at < bytes.length) at += fs.writeSync(fd, bytes, at);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') endOnClosedPipe(err);
      this.viaStream[fd] = true;
      streamOf(fd).write(bytes.subarray(at));
    }
  }
}

function streamOf(fd: 1 | 2): NodeJS.WriteStream {
  const stream = fd === 1 ? process.stdout : process.stderr;
  if (stream.listenerCount('error') === 0) stream.on('error', endOnClosedPipe);
  return stream;
}

/** A reader that went away ends the process quietly; any other error is thrown on. */
function endOnClosedPipe(err: unknown): never {
  if ((err as NodeJS.ErrnoException).code === 'EPIPE') process.exit(0);
  throw err;
}
