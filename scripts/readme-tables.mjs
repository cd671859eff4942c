// The README's tables of commands and settings, generated from package.json's
// `contributes` (with `%key%` strings resolved through package.nls.json), so
// they never drift from what the extension contributes.
//
//   node scripts/readme-tables.mjs          rewrite the tables in README.md
//   node scripts/readme-tables.mjs --check  exit 1 if README.md is out of date
//
// The tables sit between `<!-- commands:start -->` / `<!-- commands:end -->`
// and `<!-- settings:start -->` / `<!-- settings:end -->`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** `%key%` → its package.nls.json text; anything else unchanged. */
function localize(text, nls) {
  const key = /^%(.+)%$/.exec(text ?? '')?.[1];
  return key === undefined ? (text ?? '') : (nls[key] ?? text);
}

/** A table cell: one line, pipes escaped. */
function cell(text) {
  return String(text).replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').trim();
}

export function commandsTable(pkg, nls) {
  const rows = pkg.contributes.commands.map((c) => {
    const category = localize(c.category, nls);
    const title = localize(c.title, nls);
    return `| ${cell(category ? `${category}: ${title}` : title)} | \`${c.command}\` |`;
  });
  return ['| command | id |', '|---|---|', ...rows].join('\n');
}

function defaultOf(prop) {
  if (prop.default === undefined) return '';
  if (typeof prop.default === 'string' && prop.default === '') return '`""`';
  return `\`${typeof prop.default === 'string' ? prop.default : JSON.stringify(prop.default)}\``;
}

export function settingsTable(pkg, nls) {
  const rows = Object.entries(pkg.contributes.configuration.properties).map(([key, prop]) => {
    let description = localize(prop.markdownDescription ?? prop.description, nls);
    if (Array.isArray(prop.enum)) {
      const choices = prop.enum.map((value, i) => {
        const said = localize(prop.markdownEnumDescriptions?.[i] ?? prop.enumDescriptions?.[i], nls);
        return said ? `\`${value}\`: ${said}` : `\`${value}\``;
      });
      description = `${description} ${choices.join(' ')}`;
    }
    return `| \`${key}\` | ${defaultOf(prop)} | ${cell(description)} |`;
  });
  return ['| setting | default | what it does |', '|---|---|---|', ...rows].join('\n');
}

function replaceBetween(text, name, body) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no ${start} … ${end} markers`);
  return `${text.slice(0, from + start.length)}\n${body}\n${text.slice(to)}`;
}

/** README text with both tables regenerated; every other byte kept. */
export function renderReadme(readme, pkg, nls) {
  return replaceBetween(replaceBetween(readme, 'commands', commandsTable(pkg, nls)), 'settings', settingsTable(pkg, nls));
}

function main() {
  const read = (file) => fs.readFileSync(path.join(repoRoot, file), 'utf8');
  const pkg = JSON.parse(read('package.json'));
  const nls = fs.existsSync(path.join(repoRoot, 'package.nls.json')) ? JSON.parse(read('package.nls.json')) : {};
  const readme = read('README.md');
  const next = renderReadme(readme, pkg, nls);
  if (process.argv.includes('--check')) {
    if (next !== readme) {
      console.error('README.md: the command or settings table differs from package.json; run `node scripts/readme-tables.mjs`.');
      process.exit(1);
    }
    return;
  }
  if (next !== readme) fs.writeFileSync(path.join(repoRoot, 'README.md'), next);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
