// Bench section: what ships. Runs `npm run package` (scripts/package.mjs: the
// production bundles built in a staging folder, then vsce) with the .vsix
// written under .bench/, and reads back the minified dist/extension.js size
// and the JS files the package holds (vsce ls, the same rules as the package).
import { spawnSync } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export async function run(ctx) {
  const section = 'package';
  const vsix = join(ctx.benchDir, 'bench.vsix');
  const result = spawnSync(process.execPath, [join(ctx.root, 'scripts', 'package.mjs'), '--out', vsix], { cwd: ctx.root, encoding: 'utf8' });
  const output = `${result.stdout}\n${result.stderr}`;
  const bundle = /dist\/extension\.js: ([\d.]+) KB minified/.exec(output);
  const js = /(\d+) JS files \(([^)]*)\)/.exec(output);
  if (!bundle || !js) throw new Error(`npm run package printed no sizes (exit ${result.status}):\n${output.slice(-2000)}`);
  const kb = Number(bundle[1]);
  const count = Number(js[1]);
  const rows = [
    { section, name: 'dist/extension.js, minified', target: '≤ 400', measured: kb, unit: 'KB', ok: kb <= 400 },
    { section, name: `JS files in the .vsix (${js[2]})`, target: '≤ 10', measured: count, unit: 'files', ok: count <= 10 },
    { section, name: '.vsix size', target: '', measured: Math.round(statSync(vsix).size / 1024), unit: 'KB', ok: true },
  ];
  rmSync(vsix, { force: true });
  return rows;
}
