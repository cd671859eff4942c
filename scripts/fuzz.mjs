// `npm run fuzz`: the MCP fuzz tier (test/processes/mcpFuzz.test.ts) with many
// more generated call sequences than the unit tier gives it. Builds first.
//
//   npm run fuzz                 500 sequences
//   npm run fuzz -- 2000         that many
//   ATB_FUZZ_SEED=123 npm run fuzz   replay fast-check's seed from a failure
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const runs = process.argv[2] ?? '500';
const step = (args, env = {}) => {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
step([join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.']);
step([join(root, 'esbuild.mjs')]);
step([join(root, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--timeout', '0', join(root, 'out', 'test', 'processes', 'mcpFuzz.test.js')], { ATB_FUZZ_RUNS: runs });
