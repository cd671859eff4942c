// What loading the extension's bundle (dist/extension.js) costs before
// `activate` runs: VS Code counts it in the extension's activation time.
// The bundle copies the `vscode` API's exports once, not once per module
// that imports it (esbuild.mjs, oneCopyOf: 45 copies of ~400 getters were
// 17 ms of every activation), and loads no library (markdown-it, gray-matter
// and yaml load when a file first needs them). Seen from a preload script
// that logs every module request and answers `vscode` with a stand-in.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildBundles } from './cliRun';

const REPO = path.resolve(__dirname, '../../..');
const EXTENSION = path.join(REPO, 'dist/extension.js');
const VSCODE_TYPES = path.join(REPO, 'node_modules/@types/vscode/index.d.ts');

/**
 * A stand-in for the `vscode` module: every name the API declares at its top
 * level (a copy of the exports finds them), each a value that any property
 * read, call or `new` on returns again; `l10n.t` gives back its message.
 */
const PRELOAD = `const Module = require('node:module');
const fs = require('node:fs');
const names = [...new Set([...fs.readFileSync(process.env.ATB_VSCODE_TYPES, 'utf8').matchAll(/^\\s*export (?:namespace|class|enum|const|function) (\\w+)/gm)].map((m) => m[1]))];
const any = new Proxy(function () {}, {
  get: (_, key) => (key === 't' ? (message) => message : typeof key === 'symbol' || key === 'then' ? undefined : any),
  apply: () => any,
  construct: () => any,
});
const vscode = Object.fromEntries(names.map((name) => [name, any]));
const load = Module._load;
Module._load = function (request, parent, isMain) {
  fs.appendFileSync(process.env.ATB_LOAD_LOG, request + '\\n');
  return request === 'vscode' ? vscode : load.call(this, request, parent, isMain);
};
`;

describe('the extension bundle: what loading it costs', function () {
  this.timeout(60_000);
  let temp: string;

  before(() => {
    buildBundles();
    temp = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-extension-load-'));
    fs.writeFileSync(path.join(temp, 'preload.js'), PRELOAD);
  });

  after(() => fs.rmSync(temp, { recursive: true, force: true }));

  it('requires `vscode` once, and no library, before activate', () => {
    const log = path.join(temp, 'load.log');
    const r = spawnSync(process.execPath, ['--require', path.join(temp, 'preload.js'), '-e', `require(${JSON.stringify(EXTENSION)})`], {
      encoding: 'utf8',
      env: { ...process.env, ATB_LOAD_LOG: log, ATB_VSCODE_TYPES: VSCODE_TYPES },
    });
    assert.equal(r.status, 0, r.stderr);
    const requests = fs.readFileSync(log, 'utf8').split('\n').filter(Boolean);
    const ours = requests.slice(requests.indexOf(EXTENSION) + 1);
    assert.deepEqual(ours.filter((q) => q === 'vscode'), ['vscode'], `requests: ${ours.join(', ')}`);
    assert.deepEqual(ours.filter((q) => q.startsWith('./lib/')), [], 'a library loaded with the bundle: make it load on first use (esbuild.mjs, LAZY_LIBRARIES)');
    // Nor does the bundle carry them: each is required from dist/lib/ when first called.
    const bundle = fs.readFileSync(EXTENSION, 'utf8');
    for (const library of ['yaml', 'markdown-it', 'gray-matter']) assert.ok(bundle.includes(`require("./lib/${library}.js")`), `${library} is bundled`);
  });
});
