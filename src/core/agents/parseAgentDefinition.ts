// Agent definitions (`.claude/agents/*.md`): YAML front matter
// with `name`, `description`, `model`, `color`, `tools`.
//
// SECURITY: gray-matter evaluates `---js` / `---javascript` front matter with
// `eval`, and `engines: {js: false}` does not stop it (its engine lookup falls
// through a falsy `js` to the `javascript` alias, whose default engine is the
// eval one). Both names are overridden below with engines that throw, so such
// a file runs nothing and is reported as `bad-front-matter`. Any other
// language gray-matter does not know throws too and is reported the same way.
//
// gray-matter caches results by content only when it is called without
// options; it is always called with options here, so it neither reads nor
// fills that cache and a re-parse always sees the text it is given.
//
// YAML is read with `yaml` (as the board is), not gray-matter's bundled
// js-yaml 3, so errors carry a line we can point at.
//
// Front matter strict YAML rejects is read line by line, the way Claude Code
// loads agent files, when every field is plain text: the generated
// `description: Use this agent when ... for: EAS builds <example>Context: ...`
// holds `: ` in an unquoted scalar, which YAML forbids and Claude Code
// accepts. Each `key: value` line at column 0 starts a field; indented lines
// continue it. That is `loose-front-matter` information, not an error. A value
// that opens YAML syntax (`[`, `{`, a quote left open, an anchor) is not plain
// text, so its file stays a `bad-front-matter` error.
import matter from 'gray-matter';
import { parseDocument } from 'yaml';
import type { AgentDefinition, Problem, SourceText, Span } from '../model';
import { LineIndex } from '../text';

class RefusedFrontMatter extends Error {}
class FrontMatterSyntax extends Error {
  constructor(
    message: string,
    /** 1-based line in the front matter text, which is also the file's 1-based line. */
    readonly line: number | undefined,
  ) {
    super(message);
  }
}

function refuse(language: string): () => never {
  return () => {
    throw new RefusedFrontMatter(`"---${language}" front matter is executable code and is never run; use YAML`);
  };
}

function readYaml(source: string): object {
  const doc = parseDocument(source);
  const error = doc.errors[0];
  if (error) {
    const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new FrontMatterSyntax(message, error.linePos?.[0].line);
  }
  return (doc.toJS() ?? {}) as object;
}

const MATTER_OPTIONS = {
  engines: {
    yaml: { parse: readYaml, stringify: (): string => '' },
    js: { parse: refuse('js'), stringify: (): string => '' },
    javascript: { parse: refuse('javascript'), stringify: (): string => '' },
  },
};

/** The file name without its folder and `.md`: the name of an agent whose front matter has none. */
export function agentFileStem(file: string): string {
  const base = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  return base.replace(/\.md$/i, '');
}

export function parseAgentDefinition(src: SourceText): AgentDefinition {
  const { file, text } = src;
  const stem = agentFileStem(file);
  const problems: Problem[] = [];
  let data: Record<string, unknown> = {};
  try {
    const parsed = matter(text, MATTER_OPTIONS as unknown as Parameters<typeof matter>[1]);
    if (parsed.data && typeof parsed.data === 'object' && !Array.isArray(parsed.data)) {
      data = parsed.data as Record<string, unknown>;
    } else {
      problems.push(problem(file, text, 0, 'the front matter is not a set of `key: value` fields'));
    }
  } catch (e) {
    const line = e instanceof FrontMatterSyntax && e.line !== undefined ? e.line - 1 : 0;
    const why = e instanceof Error ? e.message : String(e);
    const loose = e instanceof FrontMatterSyntax ? readLoosely(text) : undefined;
    if (loose) {
      data = loose;
      problems.push({
        ...problem(file, text, line, `the front matter is not strict YAML (${why}); it was read line by line, as Claude Code reads it. Quote the value to make it YAML`),
        code: 'loose-front-matter',
        severity: 'info',
      });
    } else problems.push(problem(file, text, line, `front matter cannot be read: ${why}`));
  }
  return {
    kind: 'agent',
    file,
    name: stringField(data.name) ?? stem,
    description: stringField(data.description),
    model: stringField(data.model),
    color: stringField(data.color),
    tools: toolList(data.tools),
    problems,
  };
}

const FIELD_LINE = /^([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+(.*?))?[ \t]*$/;
/** Values that start YAML syntax rather than text: flow collections, anchors, aliases, tags, reserved characters. */
const NOT_PLAIN = /^[[\]{}&*!%@`]/;

/**
 * The fields of `---` front matter read line by line, or undefined when there
 * is no front matter or a line is neither a field, its continuation, a
 * comment nor blank, or a value is not plain text.
 */
function readLoosely(text: string): Record<string, unknown> | undefined {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n|\r/);
  if (lines[0]?.trimEnd() !== '---') return undefined;
  const end = lines.findIndex((l, i) => i > 0 && /^(?:---|\.\.\.)[ \t]*$/.test(l));
  if (end === -1) return undefined;
  const data: Record<string, unknown> = {};
  let open: { key: string; block: '' | '|' | '>'; parts: string[] } | undefined;
  const close = (): void => {
    if (!open) return;
    const { key, block, parts } = open;
    const list = parts.length > 0 && parts.every((p) => /^-[ \t]/.test(p.trim())) && block === '' && data[key] === '';
    if (list) data[key] = parts.map((p) => unquote(p.trim().slice(2).trim()));
    else {
      const rest = block === '|' ? parts.join('\n') : parts.map((p) => p.trim()).join(' ');
      const head = typeof data[key] === 'string' ? (data[key] as string) : '';
      data[key] = [head, rest].filter((x) => x !== '').join(block === '|' ? '\n' : ' ');
    }
    open = undefined;
  };
  for (const line of lines.slice(1, end)) {
    if (line.trim() === '' || /^[ \t]*#/.test(line)) {
      if (open?.block === '|') open.parts.push('');
      continue;
    }
    if (/^[ \t]/.test(line)) {
      if (!open) return undefined;
      open.parts.push(open.block === '|' ? line.replace(/^[ \t]{1,2}/, '') : line);
      continue;
    }
    const m = FIELD_LINE.exec(line);
    if (!m) return undefined;
    close();
    const raw = m[2] ?? '';
    const block = /^([|>])[-+0-9]*$/.exec(raw);
    if (!block && NOT_PLAIN.test(raw)) return undefined;
    const value = block ? '' : unquote(raw);
    if (value === undefined) return undefined;
    data[m[1]!] = value;
    open = { key: m[1]!, block: block ? (block[1] as '|' | '>') : '', parts: [] };
  }
  close();
  return data;
}

/** A value without the quotes around it; undefined for a quote left open. */
function unquote(raw: string): string | undefined {
  const q = raw[0];
  if (q !== '"' && q !== "'") return raw;
  if (raw.length < 2 || raw[raw.length - 1] !== q) return undefined;
  return raw.slice(1, -1);
}

function stringField(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** `tools: Read, Write` or a YAML list. */
function toolList(value: unknown): string[] {
  const items = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value.map(String) : [];
  return items.map((t) => t.trim()).filter((t) => t.length > 0);
}

function problem(file: string, text: string, line: number, message: string): Problem {
  const lines = new LineIndex(text);
  const at = Math.min(Math.max(line, 0), lines.lineCount - 1);
  const span: Span = { start: lines.lineStart(at), end: lines.lineEnd(at) };
  return { code: 'bad-front-matter', severity: 'error', message: `${file}:${at + 1}: ${message}`, span, fixes: [] };
}
