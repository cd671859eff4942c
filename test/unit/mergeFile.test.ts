// `merge-file` (src/cli/mergeFile.ts) when the task merge itself fails: git
// reads a driver that fails as a conflict and keeps OURS with no markers, so
// the driver must hand the file to the line merge instead.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mergeFile } from '../../src/cli/mergeFile';
import * as taskMerge from '../../src/core/merge/mergeTaskFile';

describe('merge-file when the task merge throws', () => {
  let dir: string;
  const real = taskMerge.mergeTaskFile;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-merge-file-'))));
  afterEach(() => {
    (taskMerge as { mergeTaskFile: typeof real }).mergeTaskFile = real;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('merges the file line by line, both sides kept, and says why', () => {
    const write = (name: string, text: string): string => (fs.writeFileSync(path.join(dir, name), text), name);
    const base = write('O', '- [ ] T-1 One\n');
    const ours = write('A', '- [ ] T-1 One @alice\n');
    const theirs = write('B', '- [ ] T-1 One @bob\n');
    (taskMerge as { mergeTaskFile: typeof real }).mergeTaskFile = () => {
      throw new RangeError('Maximum call stack size exceeded');
    };
    const said: string[] = [];
    const conflicts = mergeFile({ positionals: [base, ours, theirs, 'TODO.md'], root: dir, warn: (text) => said.push(text) });
    assert.equal(conflicts, 1);
    const merged = fs.readFileSync(path.join(dir, ours), 'utf8');
    assert.match(merged, /^<<<<<<< ours\n- \[ \] T-1 One @alice\n=======\n- \[ \] T-1 One @bob\n>>>>>>> theirs\n$/);
    assert.match(said.join(''), /TODO\.md: the task merge failed \(Maximum call stack size exceeded\); merging it line by line/);
  });
});
