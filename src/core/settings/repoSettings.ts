// The repository's settings file, `.agent-task-board.yml` at the root of the
// repository: what people and agents must agree on, read alike by the
// extension, the command line and the MCP server (VS Code settings keep what
// is personal). Today it holds how moves are synchronised through git:
//
//   sync:
//     enabled: true     # moves go through the board branch by default
//     remote: origin    # default: origin when there is one, else none (local)
//     branch: main      # default: the remote's default branch, or the local default branch
//
// A bad file is reported line by line; what could be read of it still holds.
import { isMap, isScalar, parseDocument, type Node as YamlNode, type Pair } from 'yaml';
import type { Problem, Span } from '../model';
import { LineIndex } from '../text';

export const SETTINGS_FILE = '.agent-task-board.yml';

export interface SyncSettings {
  /** Moves go through the board branch unless asked not to. */
  readonly enabled: boolean;
  readonly remote?: string;
  readonly branch?: string;
}

export interface RepoSettings {
  readonly sync?: SyncSettings;
}

export interface ReadSettings {
  readonly settings: RepoSettings;
  /** Each with a 0-based line in `problems[i].span` terms; `line` for messages. */
  readonly problems: readonly (Problem & { readonly line: number })[];
}

const TOP_KEYS = ['sync'] as const;
const SYNC_KEYS = ['enabled', 'remote', 'branch'] as const;

/** Reads the settings file's text. Never throws: what cannot be read is a problem on its line. */
export function parseRepoSettings(text: string): ReadSettings {
  const problems: (Problem & { line: number })[] = [];
  const lines = new LineIndex(text);
  const at = (span: Span): number => lines.lineAt(span.start);
  const problem = (message: string, node: YamlNode | Pair | null | undefined, severity: Problem['severity'] = 'error'): void => {
    const span = spanOf(node) ?? { start: 0, end: 0 };
    problems.push({ code: 'bad-settings', severity, message: `${SETTINGS_FILE}:${at(span) + 1}: ${message}`, span, fixes: [], line: at(span) });
  };
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  for (const error of doc.errors) {
    const span = { start: error.pos[0], end: error.pos[1] };
    problems.push({ code: 'bad-settings', severity: 'error', message: `${SETTINGS_FILE}:${at(span) + 1}: ${error.message.split('\n')[0]}`, span, fixes: [], line: at(span) });
  }
  if (doc.errors.length > 0 || doc.contents === null) return { settings: {}, problems };
  if (!isMap(doc.contents)) {
    problem('the settings file must be a map of settings (sync: …)', doc.contents as YamlNode);
    return { settings: {}, problems };
  }
  let sync: SyncSettings | undefined;
  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key === 'sync') sync = readSync(pair.value as YamlNode | null, problem);
    else problem(`unknown setting "${key}" (known: ${TOP_KEYS.join(', ')})`, pair.key as YamlNode, 'warning');
  }
  return { settings: sync ? { sync } : {}, problems };
}

function readSync(node: YamlNode | null, problem: (message: string, node: YamlNode | Pair | null | undefined) => void): SyncSettings | undefined {
  if (node === null || (isScalar(node) && node.value === null)) return { enabled: false };
  if (!isMap(node)) {
    problem('sync must be a map (enabled, remote, branch)', node);
    return undefined;
  }
  const out: { enabled: boolean; remote?: string; branch?: string } = { enabled: false };
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = isScalar(pair.value) ? pair.value.value : undefined;
    if (key === 'enabled') {
      if (typeof value === 'boolean') out.enabled = value;
      else problem('sync.enabled must be true or false', pair.value as YamlNode);
    } else if (key === 'remote' || key === 'branch') {
      if (typeof value === 'string' && /^[^\s~^:?*[\\]+$/.test(value) && !value.startsWith('-')) out[key] = value;
      else problem(`sync.${key} must be a ${key} name`, pair.value as YamlNode);
    } else problem(`unknown setting "sync.${key}" (known: ${SYNC_KEYS.join(', ')})`, pair.key as YamlNode);
  }
  return out;
}

function spanOf(node: YamlNode | Pair | null | undefined): Span | undefined {
  const range = node && 'range' in node ? node.range : undefined;
  return range ? { start: range[0], end: range[1] } : undefined;
}

