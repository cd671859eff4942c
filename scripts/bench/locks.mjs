// Bench section: waiting for the file lock. Seven writer processes each make
// 20 locked updates of one board at the same moment (the CLI's and the MCP
// server's write path: lock, stable re-read, decide, temp file, rename); each
// update's wait is the time from asking for the lock to holding it. Also the
// time to take a lock left behind by a dead process, which used to block for
// 30 s. Reported, not judged: waits depend on the disk and the load.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';

const WRITERS = 7;
const UPDATES = 20;

const WORKER = `
const { acquireLock, lockedUpdate } = require(process.argv[2]);
const [file, updates, label] = [process.argv[3], Number(process.argv[4]), process.argv[5]];
(async () => {
  const waits = [];
  for (let i = 0; i < updates; i++) {
    const asked = performance.now();
    await lockedUpdate(file, (text) => {
      waits.push(performance.now() - asked);
      return { write: true, text: text + label + ' ' + i + '\\n', result: undefined };
    });
  }
  process.stdout.write(JSON.stringify(waits));
})();
`;

function runWorker(bundle, worker, file, updates, label) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [worker, bundle, file, String(updates), label], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`lock worker exited ${code}`))));
  });
}

export async function run(ctx) {
  const section = 'locks';
  const dir = mkdtempSync(join(ctx.benchDir, 'locks-'));
  try {
    const bundle = join(dir, 'lockedWrite.js');
    await esbuild.build({ entryPoints: [join(ctx.root, 'src', 'node', 'lockedWrite.ts')], outfile: bundle, bundle: true, platform: 'node', format: 'cjs', logLevel: 'warning' });
    const worker = join(dir, 'worker.cjs');
    writeFileSync(worker, WORKER);
    const file = join(dir, 'TODO.md');
    writeFileSync(file, '# TODO\n');
    const t0 = performance.now();
    const all = (await Promise.all(Array.from({ length: WRITERS }, (_, w) => runWorker(bundle, worker, file, UPDATES, `w${w}`)))).flat();
    const elapsed = performance.now() - t0;
    const lines = readFileSync(file, 'utf8').split('\n').length - 2;
    if (lines !== WRITERS * UPDATES) throw new Error(`${WRITERS * UPDATES - lines} updates were lost`);
    const sorted = [...all].sort((a, b) => a - b);
    const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    const ms = (x) => Math.round(x);
    const name = `lock wait, ${WRITERS} writers × ${UPDATES} updates of one file (${ms(elapsed)} ms in all, none lost)`;
    const out = rows(section, name, at(0.5), at(0.95), sorted[sorted.length - 1]);

    // A lock left by a process that died holding it.
    const dead = await new Promise((resolve) => {
      const child = spawn(process.execPath, ['-e', '0']);
      child.on('exit', () => resolve(child.pid));
    });
    writeFileSync(`${file}.lock`, JSON.stringify({ host: (await import('node:os')).hostname(), pid: dead, at: new Date().toISOString() }));
    const [waitDead] = await runWorker(bundle, worker, file, 1, 'after-dead');
    out.push({ section, name: 'lock left by a dead process (same host): wait to take it', target: '', measured: ms(waitDead), unit: 'ms', ok: true });
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function rows(section, name, p50, p95, max) {
  const ms = (x) => Math.round(x);
  return [
    { section, name: `${name}: median`, target: '', measured: ms(p50), unit: 'ms', ok: true },
    { section, name: `${name}: p95`, target: '', measured: ms(p95), unit: 'ms', ok: true },
    { section, name: `${name}: max`, target: '', measured: ms(max), unit: 'ms', ok: true },
  ];
}
