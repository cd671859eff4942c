// Every command but `mcp` reads its files once and exits. V8's allocation-site
// pretenuring is made for programs that run on: partway through a big board it
// decides that the tasks, their fields and spans live long, and throws the
// parser's optimized code away to allocate them in the old generation. In a
// process that ends after one parse, compiling that code again costs more than
// the copies it saves (`lint` of 50,000 tasks: about 20 ms of 250, npm run
// bench). The flag only steers where V8 allocates; no result changes.
//
// It is set only once a run has read enough to gain from it: node's `v8`
// module loads its stream modules with it, some 10 ms that a `list` of a small
// board would pay for nothing. And it changes V8's flags, which the compile
// cache of dist/cli.js is keyed on (src/cli/entry.ts): a tuned run writes none.

/** Read in one run before the flag pays for loading `v8`. */
const TUNE_AFTER_BYTES = 2 * 1024 * 1024;

let allowed = false;
let readBytes = 0;
let tuned = false;

/** Lets this process tune V8 for one run once it has read enough: the command line, for every command but `mcp`. */
export function allowOneRunTuning(): void {
  allowed = true;
}

/** Said before a file of `bytes` is parsed. */
export function aboutToParse(bytes: number): void {
  readBytes += bytes;
  if (!allowed || tuned || readBytes < TUNE_AFTER_BYTES) return;
  tuned = true;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('node:v8') as typeof import('node:v8')).setFlagsFromString('--no-allocation-site-pretenuring');
}

/** Whether this run changed V8's flags. */
export function flagsTuned(): boolean {
  return tuned;
}
