// Builds the minified production bundles and the .vsix, then prints what is in
// it and how big it is. The bundles carry every dependency, so vsce packs no
// node_modules.
import { execFileSync } from 'node:child_process';
import { statSync, readFileSync } from 'node:fs';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const out = `${pkg.name}-${pkg.version}.vsix`;

run(process.execPath, ['esbuild.mjs', '--production']);
run('npx', ['--no-install', 'vsce', 'package', '--no-dependencies', '--out', out]);
const list = execFileSync('npx', ['--no-install', 'vsce', 'ls', '--no-dependencies'], { encoding: 'utf8' });
const files = list.trim().split('\n');
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`\n${out}: ${kb(statSync(out).size)}, ${files.length} files, ${files.filter((f) => f.endsWith('.js')).length} JS files`);
console.log(`dist/extension.js: ${kb(statSync('dist/extension.js').size)}`);
