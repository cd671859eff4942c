// The manifest as VS Code loaded it, against what the extension registers: a
// contributed command with no handler is a dead palette entry, and a `%key%`
// with no entry in package.nls.json shows as the raw key.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'agent-task-board.agent-task-board';

describe('manifest against the running extension', () => {
  let extension: vscode.Extension<unknown>;
  let raw: string;

  before(async () => {
    const found = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(found, `${EXTENSION_ID} is not loaded`);
    extension = found;
    await extension.activate();
    raw = fs.readFileSync(path.join(extension.extensionPath, 'package.json'), 'utf8');
  });

  it('registers a handler for every contributed command', async () => {
    const contributed = (JSON.parse(raw) as { contributes: { commands: { command: string }[] } }).contributes.commands.map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(contributed.filter((id) => !registered.has(id)), []);
  });

  it('resolves every %key% of package.json through package.nls.json', () => {
    const nls = JSON.parse(fs.readFileSync(path.join(extension.extensionPath, 'package.nls.json'), 'utf8')) as Record<string, string>;
    const keys = [...raw.matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]!);
    assert.ok(keys.length > 0, 'package.json uses no %key% strings');
    assert.deepEqual(keys.filter((key) => typeof nls[key] !== 'string'), []);
  });

  it('shows the localized names, not the raw keys', () => {
    const manifest = extension.packageJSON as { contributes: { viewsContainers: { activitybar: { title: string }[] }; commands: { title: string }[] } };
    const shown = [...manifest.contributes.viewsContainers.activitybar.map((c) => c.title), ...manifest.contributes.commands.map((c) => c.title)];
    assert.ok(shown.includes('Agent Tasks'), shown.join(', '));
    assert.deepEqual(shown.filter((title) => /^%.*%$/.test(title)), []);
  });

  it('has every vscode.l10n.t message of the running bundle in l10n/bundle.l10n.json (npm run l10n)', () => {
    const bundle = JSON.parse(fs.readFileSync(path.join(extension.extensionPath, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, string>;
    const code = fs.readFileSync(path.join(extension.extensionPath, 'dist', 'extension.js'), 'utf8');
    // Property names survive minification, so `.l10n.t("...")` is findable in the bundle as built.
    const messages = [...code.matchAll(/\.l10n\.t\(\s*(["'`])((?:\\.|(?!\1)[^\\])*)\1\s*[,)]/g)].map((m) => unescapeLiteral(m[2]!));
    assert.ok(messages.length > 10, `only ${messages.length} l10n.t calls found in dist/extension.js`);
    assert.deepEqual([...new Set(messages.filter((message) => !(message in bundle)))], []);
  });
});

function unescapeLiteral(body: string): string {
  return body.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_, e: string) => {
    if (e[0] === 'u' || e[0] === 'x') return String.fromCodePoint(parseInt(e.replace(/[ux{}]/g, ''), 16));
    return ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[e] ?? e;
  });
}
