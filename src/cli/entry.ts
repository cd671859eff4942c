// dist/cli.js, what `agent-task-board` runs. The command line itself is
// dist/cli-main.js (src/cli/main.ts); this file compiles it with V8's code
// cache and calls its `main`. Compiling the bundle was the largest part of
// what a `list` adds to a bare node start (some 10 ms of 25; npm run bench),
// paid on every command an agent runs: with the cache, V8 reads the compiled
// code instead.
//
// The cache is dist/cli-main.cache, written after a run that had none or
// whose cache V8 refused (another node, other flags), at exit, when it holds
// every function the run compiled. It starts with a key line: the bundle's
// size, mtime and inode and node's version. V8 checks its own version and
// flags but only the length of the source, so a rebuilt bundle of the same
// length would run the old code; the key tells them apart. A run that tuned
// V8's flags (src/cli/oneRun.ts) writes none: its cache would be refused by
// every other run. The file is written whole, under a temporary name then
// renamed, so agents that start together never read half of one. Where the
// folder cannot be written (a global install owned by another user), every
// run compiles, as it would without a cache.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

interface CliMain {
  main(script: string): { readonly flagsTuned: () => boolean };
}

const bundle = path.join(__dirname, 'cli-main.js');
const cacheFile = path.join(__dirname, 'cli-main.cache');
const NEWLINE = 0x0a;

function keyOf(stat: fs.Stats): string {
  return `${stat.size}:${stat.mtimeMs}:${stat.ino}:${process.version}`;
}

/** The cached code for the bundle whose key is `key`, if the cache holds it. */
function cachedCode(key: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  const end = bytes.indexOf(NEWLINE);
  return end > 0 && bytes.toString('latin1', 0, end) === key ? bytes.subarray(end + 1) : undefined;
}

function writeCache(key: string, code: Buffer): void {
  const temp = `${cacheFile}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, Buffer.concat([Buffer.from(`${key}\n`, 'latin1'), code]));
    fs.renameSync(temp, cacheFile);
  } catch {
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // A folder that cannot be written: no cache, as before.
    }
  }
}

/** The bundle's text and its key, or an exit that names what is missing: a package copied without it. */
function readBundle(): { readonly source: string; readonly key: string } {
  try {
    return { key: keyOf(fs.statSync(bundle)), source: fs.readFileSync(bundle, 'utf8') };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    fs.writeSync(2, `agent-task-board: cannot read ${bundle} (${code}), the command line beside ${__filename}; install the package again.\n`);
    process.exit(2);
  }
}

const { source, key } = readBundle();
const cachedData = cachedCode(key);
// The wrapper node gives a CommonJS module, on the bundle's first line so its lines keep their numbers.
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
  filename: bundle,
  cachedData,
});
const cliModule = { exports: {} as CliMain };
(script.runInThisContext() as (...args: unknown[]) => void)(cliModule.exports, createRequire(bundle), cliModule, bundle, __dirname);
const run = cliModule.exports.main(__filename);
if (cachedData === undefined || script.cachedDataRejected) {
  process.once('exit', () => {
    if (!run.flagsTuned()) writeCache(key, script.createCachedData());
  });
}
