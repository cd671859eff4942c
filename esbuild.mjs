// One build script, four bundles: the extension (node/cjs, `vscode` external),
// its parse worker, the command line (node/cjs with a shebang) and the board webview (browser).
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

// gray-matter requires js-yaml for its default YAML engine, but every call
// passes its own engines (YAML through `yaml`, js refused), so js-yaml never
// runs: a stub that refuses keeps ~40 KB of dead parser out of the bundles.
const stubJsYaml = {
  name: 'stub-js-yaml',
  setup(build) {
    build.onResolve({ filter: /^js-yaml$/ }, () => ({ path: 'js-yaml', namespace: 'stub' }));
    build.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents: "const refuse = () => { throw new Error('js-yaml is not bundled; pass gray-matter a yaml engine'); };\n" +
        'module.exports = { safeLoad: refuse, safeDump: refuse, load: refuse, dump: refuse };',
      loader: 'js',
    }));
  },
};

const common = {
  bundle: true,
  plugins: [stubJsYaml],
  minify: production,
  sourcemap: !production,
  logLevel: 'warning',
  legalComments: 'none',
};

const builds = [
  {
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    // yaml's ES module build (the same code as its CommonJS one) tree-shakes:
    // 17 KB less, and the extension bundle has a 400 KB budget (DESIGN §6).
    alias: { yaml: fileURLToPath(new URL('./node_modules/yaml/browser/index.js', import.meta.url)) },
  },
  {
    // The store's parse worker (src/extension/parseWorker.ts): large task files
    // are parsed off the extension host's thread. Loaded by path from dist/.
    ...common,
    entryPoints: ['src/extension/parseWorker.ts'],
    outfile: 'dist/parseWorker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    alias: { yaml: fileURLToPath(new URL('./node_modules/yaml/browser/index.js', import.meta.url)) },
  },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    ...common,
    entryPoints: ['media/src/board.ts'],
    outfile: 'dist/board.js',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    // board.ts imports board.css, which imports the codicons: esbuild writes
    // dist/board.css and copies the codicon font next to it as dist/codicon.ttf.
    loader: { '.ttf': 'file' },
    assetNames: '[name]',
  },
];

const present = [];
for (const b of builds) {
  try {
    await import('node:fs').then((fs) => fs.promises.access(b.entryPoints[0]));
    present.push(b);
  } catch {
    // A bundle whose entry point does not exist yet is skipped, not an error.
  }
}

if (watch) {
  for (const b of present) (await esbuild.context(b)).watch();
} else {
  // Build every bundle even when one fails, so a broken board never leaves a
  // stale extension bundle behind; esbuild has already printed the errors.
  const results = await Promise.allSettled(present.map((b) => esbuild.build(b)));
  if (results.some((r) => r.status === 'rejected')) process.exit(1);
}
