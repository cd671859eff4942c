// The command line's output (src/cli/standardOutput.ts) written straight to
// the descriptors: complete and in order when the reader is slow, when the
// descriptor is non-blocking (a parent may share a pipe it made so, and node
// makes a pipe so once `process.stdout` exists), and quiet when the reader is gone.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';

const MODULE = path.resolve(__dirname, '../../src/cli/standardOutput.js');
const LINE = `${'x'.repeat(99)}\n`;
const LINES = 5000; // 500 KB: several times what a pipe holds

/** A node process that writes LINES lines to stdout through StandardOutput, then a line to stderr. */
function writerScript(nonBlocking: boolean): string {
  return `
const { StandardOutput } = require(${JSON.stringify(MODULE)});
${nonBlocking ? 'process.stdout; // a pipe stream sets the descriptor non-blocking' : ''}
const output = new StandardOutput();
for (let i = 0; i < ${LINES}; i++) output.out(${JSON.stringify(LINE)});
output.err('written\\n');
output.flush();
`;
}

/** Runs `script`, reading its stdout only after a pause, so the pipe fills first. */
function runWithSlowReader(script: string): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pause();
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    setTimeout(() => {
      child.stdout.on('data', (d: string) => (stdout += d));
      child.stdout.resume();
    }, 300);
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout, stderr, code }));
  });
}

describe('the command line writes its output straight to the descriptors', function () {
  this.timeout(30_000);

  for (const nonBlocking of [false, true]) {
    it(`a slow reader gets every line${nonBlocking ? ', from a non-blocking pipe too (the rest goes through node\'s stream)' : ''}`, async () => {
      const { stdout, stderr, code } = await runWithSlowReader(writerScript(nonBlocking));
      assert.equal(code, 0, stderr);
      assert.equal(stderr, 'written\n');
      assert.equal(stdout.length, LINE.length * LINES);
      assert.equal(stdout, LINE.repeat(LINES));
    });
  }

  it('stdout written before stderr comes first on a shared descriptor', () => {
    const script = `
const { StandardOutput } = require(${JSON.stringify(MODULE)});
const output = new StandardOutput();
output.out('one\\n');
output.err('two\\n');
output.out('three\\n');
output.flush();
`;
    const r = spawnSync('bash', ['-c', `"${process.execPath}" -e "$0" 2>&1`, script], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'one\ntwo\nthree\n');
  });

  it('a reader that went away ends the writer quietly, exit 0', () => {
    const r = spawnSync('bash', ['-c', `"${process.execPath}" -e "$0" | head -c 10 > /dev/null; echo "exit=\${PIPESTATUS[0]}" >&2`, writerScript(false)], { encoding: 'utf8' });
    assert.match(r.stderr, /exit=0/);
    assert.doesNotMatch(r.stderr, /Error|at /);
  });
});
