// One build script for every bundle: the extension (node/cjs, `vscode`
// external), its parse worker, the command line (node/cjs with a shebang) and
// the bundles its heavier commands load, and the board webview (browser).
//
//   node esbuild.mjs [--production] [--watch] [cli]   `cli`: only the command line's bundles (npm pack)
import * as esbuild from 'esbuild';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const onlyCli = process.argv.includes('cli');

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

// Modules the command line loads with `import()` for the commands that need
// them, each bundled into a file of its own: every agent command pays for
// compiling its bundle, and `list` or `claim` must not compile the MCP SDK,
// zod and ajv (1 MB) that only `mcp` runs. Key: the module; value: its bundle.
// A new one ships once `files` in package.json lists it (the package tier's
// file list fails until then).
const CLI_CHUNKS = { 'src/cli/mcp/server.ts': 'mcp.js', 'src/cli/syncOperations.ts': 'sync.js', 'src/cli/mergeFile.ts': 'merge.js' };
const chunkOf = (file) => CLI_CHUNKS[path.relative(path.dirname(fileURLToPath(import.meta.url)), file).split(path.sep).join('/')];

/** In dist/cli.js, an `import()` of a CLI_CHUNKS module becomes a `require` of its bundle, run when the command runs. */
const cliChunks = {
  name: 'cli-chunks',
  setup(build) {
    build.onResolve({ filter: /.*/ }, async (args) => {
      if (args.kind !== 'dynamic-import' || args.pluginData === 'chunk') return undefined;
      const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'chunk' });
      const chunk = resolved.errors.length === 0 ? chunkOf(resolved.path) : undefined;
      return chunk ? { path: chunk, namespace: 'cli-chunk' } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: 'cli-chunk' }, (args) => ({ contents: `module.exports = require('./${args.path}');`, loader: 'js' }));
    build.onResolve({ filter: /.*/, namespace: 'cli-chunk' }, (args) => ({ path: args.path, external: true }));
  },
};

// The command line loads these libraries when a file first needs them: the
// fast path reads most board items without yaml, and markdown-it and
// gray-matter read only checklists, work logs and agent files, so `list` or
// `claim` on a board never runs their 300 KB. Core imports them as usual; in
// the CLI bundles each comes from a small module that requires the library's
// own bundle, dist/lib/<name>.js, on the first call (or `new`): node never
// even compiles a library a run does not use. Listed: the exports core uses;
// a new one fails the build until it is added here. The extension loads them the same way: in
// its host, a workspace of boards the fast path reads never compiles yaml either, and its
// bundle (with a size budget, scripts/package.mjs) does not carry the 95 KB.
const LAZY_LIBRARIES = {
  yaml: ['Document', 'isMap', 'isScalar', 'isSeq', 'parseDocument'],
  'markdown-it': ['default'],
  'gray-matter': ['default'],
};
const libraryBundle = (name) => `./lib/${name}.js`;
/** The plugin that makes `names` (keys of LAZY_LIBRARIES) load on first use. */
const lazyLibrariesOf = (libraries) => ({
  name: 'lazy-libraries',
  setup(build) {
    const names = libraries.map((n) => n.replace(/[-/]/g, '\\$&'));
    const filter = new RegExp(`^(${names.join('|')})$`);
    build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'lazy' }));
    build.onResolve({ filter: /^\.\/lib\//, namespace: 'lazy' }, (args) => ({ path: args.path, external: true }));
    build.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => {
      const load = `let library;\nconst load = () => (library ??= require(${JSON.stringify(libraryBundle(args.path))}));\n`;
      const forward = (name) => {
        const target = name === 'default' ? '(load().__esModule ? load().default : load())' : `load().${name}`;
        const head = name === 'default' ? 'export default function' : `export function ${name}`;
        // Called with `new`, it constructs the library's own class: a constructor that returns an object yields that object.
        return `${head}(...args) { return new.target ? new (${target})(...args) : (${target})(...args); }`;
      };
      return { contents: load + LAZY_LIBRARIES[args.path].map(forward).join('\n'), resolveDir: path.dirname(fileURLToPath(import.meta.url)), loader: 'js' };
    });
  },
});
const lazyLibraries = lazyLibrariesOf(Object.keys(LAZY_LIBRARIES));

// Each module of ours that does `import * as fs from 'node:fs'` gets, in a
// CommonJS bundle, its own copy of the module's exports (esbuild's __toESM,
// ~100 getters for fs): a dozen copies of fs and of path were 2 to 3 ms of
// every command's start, and 45 copies of the `vscode` API (~400 getters
// each) were 17 ms of the extension's activation. Routed through one
// `export *` module each, a bundle copies each once.
const oneCopyOf = (filter) => ({
  name: 'one-copy-of-modules',
  setup(build) {
    build.onResolve({ filter }, (args) =>
      args.namespace === 'one-copy' ? { path: args.path, external: true } : { path: args.path, namespace: 'one-copy' });
    build.onLoad({ filter: /.*/, namespace: 'one-copy' }, (args) => ({ contents: `export * from ${JSON.stringify(args.path)};`, loader: 'js' }));
  },
});
const oneCopyOfBuiltins = oneCopyOf(/^node:(fs|path|os)$/);

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
    // Its words (→, ’, the status emoji) as the UTF-8 they are, not \u escapes of six bytes each: some 0.5 KB.
    charset: 'utf8',
    // markdown-it (with its 77 KB of HTML entities) and gray-matter read only
    // checklists, work logs and agent files, and yaml only the items the fast
    // path leaves to it and the settings file: like the command line, the
    // extension loads them from dist/lib/ when first needed, so a workspace of
    // plain boards never compiles them (and the bundle keeps its budget).
    plugins: [...common.plugins, lazyLibraries, oneCopyOf(/^(vscode|node:(fs|path|os))$/)],
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
    // The host measurements the tests and the bench call (node:inspector,
    // --expose-gc): required by path only when the extension runs under test
    // (src/extension/testHooks.ts), so they stay out of dist/extension.js.
    ...common,
    entryPoints: ['src/extension/diagnosticsCommands.ts'],
    outfile: 'dist/testHooks.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    // The command line's entry: it compiles dist/cli-main.js with V8's code cache (src/cli/entry.ts).
    ...common,
    cli: true,
    entryPoints: ['src/cli/entry.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    ...common,
    cli: true,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli-main.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Compiled by dist/cli.js as a script (vm.Script), which has no loader for an `import()` of its own: each becomes
    // a `require`, run when the command runs, as the chunks are.
    supported: { 'dynamic-import': false },
    plugins: [...common.plugins, cliChunks, lazyLibraries, oneCopyOfBuiltins],
  },
  ...Object.keys(LAZY_LIBRARIES).map((name) => ({
    ...common,
    cli: true,
    stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: path.dirname(fileURLToPath(import.meta.url)) },
    outfile: `dist/${libraryBundle(name).slice(2)}`,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  })),
  ...Object.entries(CLI_CHUNKS).map(([entry, file]) => ({
    ...common,
    cli: true,
    entryPoints: [entry],
    outfile: `dist/${file}`,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [...common.plugins, lazyLibraries, oneCopyOfBuiltins],
  })),
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
for (const { cli, ...b } of builds) {
  if (onlyCli && !cli) continue;
  try {
    if (b.entryPoints) await import('node:fs').then((fs) => fs.promises.access(b.entryPoints[0]));
    present.push(b);
  } catch {
    // A bundle whose entry point does not exist yet is skipped, not an error.
  }
}

/**
 * Writes a build's files the way a reader can rely on: a file whose bytes did
 * not change is not written at all, and a changed one goes to a temporary
 * file renamed over it. A VS Code starting while `npm start` or a test builds
 * (npm test runs UI tests side by side) reads the old bundle or the new one,
 * never one cut short.
 */
async function writeOutputs(files) {
  const fs = await import('node:fs');
  for (const file of files) {
    const old = await fs.promises.readFile(file.path).catch(() => undefined);
    if (old && Buffer.compare(old, file.contents) === 0) continue;
    await fs.promises.mkdir(path.dirname(file.path), { recursive: true });
    const temporary = `${file.path}.${process.pid}.tmp`;
    try {
      await fs.promises.writeFile(temporary, file.contents);
      await fs.promises.rename(temporary, file.path);
    } catch (error) {
      // Nothing half-written is left in dist/ (whose lib/ ships whole).
      await fs.promises.rm(temporary, { force: true });
      throw error;
    }
  }
}

if (watch) {
  for (const b of present) (await esbuild.context(b)).watch();
} else {
  // Build every bundle even when one fails, so a broken board never leaves a
  // stale extension bundle behind; esbuild has already printed the errors.
  const results = await Promise.allSettled(
    present.map((b) =>
      esbuild.build({ ...b, write: false }).then((r) =>
        writeOutputs(r.outputFiles).catch((error) => {
          // esbuild prints its own build errors; a failed write is ours to say.
          console.error(`esbuild.mjs: could not write ${b.outfile}: ${error.message}`);
          throw error;
        }),
      ),
    ),
  );
  if (results.some((r) => r.status === 'rejected')) process.exit(1);
}
