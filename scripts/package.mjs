// `npm run package [-- --out FILE]`: the release, in one command. Builds the
// minified production bundles once, then both things that ship from them:
//   - the .vsix (the extension: its bundles, the board, icons, walkthrough, translations);
//   - the npm package, agent-task-board-VERSION.tgz next to it (the command line
//     and the MCP server that `npx agent-task-board` runs: `files` in package.json);
// and prints what is in each and how big it is.
//
// Everything happens in a staging folder (.package/): the working tree's dist/
// holds development builds with source maps and is rebuilt by watchers and test
// runs at any moment, so packaging it directly can ship a half-written or
// unminified bundle. The stage links to src/ (esbuild follows the links back to
// the real files, so node_modules and tsconfig resolve as usual) and copies the
// few files that ship. The bundles carry every dependency: no node_modules.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const outIndex = process.argv.indexOf('--out');
const out = path.resolve(outIndex >= 0 ? process.argv[outIndex + 1] : path.join(repoRoot, `${pkg.name}-${pkg.version}.vsix`));

/** Size budgets (docs/architecture.md, "Bundles"); the package fails rather than quietly growing past them. */
const MAX_EXTENSION_BUNDLE = 400 * 1024;
const MAX_JS_FILES = 10;

const stage = path.join(repoRoot, '.package');
fs.rmSync(stage, { recursive: true, force: true });
fs.mkdirSync(path.join(stage, 'media'), { recursive: true });
fs.symlinkSync(path.join(repoRoot, 'src'), path.join(stage, 'src'), 'dir');
fs.symlinkSync(path.join(repoRoot, 'media', 'src'), path.join(stage, 'media', 'src'), 'dir');
for (const entry of ['package.json', 'package.nls.json', 'README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore', 'l10n', 'media/icons', 'media/walkthrough']) {
  const from = path.join(repoRoot, entry);
  if (fs.existsSync(from)) fs.cpSync(from, path.join(stage, entry), { recursive: true });
}

const run = (cmd, args) => execFileSync(cmd, args, { cwd: stage, stdio: 'inherit' });
const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
run(process.execPath, [path.join(repoRoot, 'esbuild.mjs'), '--production']);

fs.mkdirSync(path.dirname(out), { recursive: true });
// The npm package first, from the bundles just built (its prepack build would
// write into the working tree's dist/, so scripts are off here).
const packed = JSON.parse(
  execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', path.dirname(out)], { cwd: stage, encoding: 'utf8' }),
)[0];
const tarball = path.join(path.dirname(out), packed.filename);

// vsce refuses a package.json with `files` beside a .vscodeignore: the .vsix
// keeps its own allow-list (.vscodeignore), so the staged copy drops `files`.
const { files: _npmFiles, ...vsixManifest } = pkg;
fs.writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(vsixManifest, null, 2)}\n`);
run(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out]);
// `vsce ls` applies the same .vscodeignore and `files` rules as `package`.
const files = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: stage, encoding: 'utf8' }).trim().split('\n');
const jsFiles = files.filter((f) => f.endsWith('.js'));
const bundle = fs.statSync(path.join(stage, 'dist', 'extension.js')).size;

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`\n${path.relative(process.cwd(), out) || out}: ${kb(fs.statSync(out).size)}, ${files.length} files, ${jsFiles.length} JS files (${jsFiles.join(', ')})`);
console.log(`dist/extension.js: ${kb(bundle)} minified (target ≤ ${kb(MAX_EXTENSION_BUNDLE)})`);
console.log(
  `${path.relative(process.cwd(), tarball) || tarball}: ${kb(packed.size)}, ${kb(packed.unpackedSize)} unpacked, ` +
    `${packed.entryCount} files (${packed.files.map((f) => f.path).join(', ')})`,
);

const over = [];
if (bundle > MAX_EXTENSION_BUNDLE) over.push(`dist/extension.js is ${kb(bundle)}, over ${kb(MAX_EXTENSION_BUNDLE)}`);
if (jsFiles.length > MAX_JS_FILES) over.push(`the package holds ${jsFiles.length} JS files, over ${MAX_JS_FILES}`);
fs.rmSync(stage, { recursive: true, force: true });
if (over.length > 0) {
  console.error(`package: ${over.join('; ')}`);
  process.exit(1);
}
