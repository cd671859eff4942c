// The repository's settings file, `.agent-task-board.yml` at the root of the
// repository: what people and agents must agree on, read alike by the
// extension, the command line and the MCP server (VS Code settings keep what
// is personal). It holds how moves are synchronised through git and the
// repository's lifecycle (core/lifecycleModel.ts says what each part means):
//
//   sync:
//     enabled: true     # moves go through the board branch by default
//     remote: origin    # default: origin when there is one, else none (local)
//     branch: main      # default: the remote's default branch, or the local default branch
//   lifecycle: [todo, claimed, in_progress, review, done]
//   side_statuses:
//     blocked: [claimed, in_progress]
//     cancelled: any
//   status_aliases:
//     pending: todo
//
// A bad file is reported line by line. What could be read of `sync` still
// holds; a lifecycle with an error is not used at all (`lifecycleProblems`
// says so), since half a lifecycle would judge moves wrongly: the default one,
// or in the editor the last good one, holds instead.
import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode, type Pair } from 'yaml';
import { makeLifecycle, statusKey, type Lifecycle } from '../lifecycleModel';
import type { Problem, Span } from '../model';
import { LineIndex } from '../text';

import { SETTINGS_FILE } from './settingsFileName';

export { SETTINGS_FILE };

export interface SyncSettings {
  /** Moves go through the board branch unless asked not to. */
  readonly enabled: boolean;
  /** `enabled` was written but is no yes or no: a command that would follow it asks to be told (`--sync`, `--no-sync`). */
  readonly enabledUnreadable?: true;
  /** The file is no YAML: `remote` and `branch` are unknown too (only `--no-sync` can go ahead). */
  readonly branchUnknown?: true;
  readonly remote?: string;
  readonly branch?: string;
}

export interface RepoSettings {
  readonly sync?: SyncSettings;
  /** The repository's lifecycle, when the file gives one and it has no error. */
  readonly lifecycle?: Lifecycle;
}

export interface ReadSettings {
  readonly settings: RepoSettings;
  /** Each with a 0-based line in `problems[i].span` terms; `line` for messages. */
  readonly problems: readonly (Problem & { readonly line: number })[];
  /** Whether the file tries to set a lifecycle that has an error (then `settings.lifecycle` is undefined). */
  readonly lifecycleRejected?: boolean;
}

const TOP_KEYS = ['sync', 'lifecycle', 'side_statuses', 'status_aliases'] as const;
const LIFECYCLE_KEYS: ReadonlySet<string> = new Set(['lifecycle', 'side_statuses', 'status_aliases']);
/** A status word as it may be written in the settings file. */
// Letters of any script with their marks (`révision`, `समीक्षा`, `レビュー`), digits, spaces, `_` and `-`; a letter first.
const STATUS_WORD = /^\p{L}[\p{L}\p{M}\p{N}_ -]*$/u;
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
  if (doc.errors.length > 0) {
    // Nothing can be trusted of a file YAML cannot read: a lifecycle it sets is not used (and lint says the default
    // holds), and a sync it sets is unknown, so a write left to it is refused rather than made on this copy alone.
    const settings = /^["']?sync["']?[ \t]*:/m.test(text) ? { sync: { enabled: false, enabledUnreadable: true as const, branchUnknown: true as const } } : {};
    return { settings, problems, ...(/^(?:lifecycle|side_statuses|status_aliases)[ \t]*:/m.test(text) && { lifecycleRejected: true }) };
  }
  if (doc.contents === null) return { settings: {}, problems };
  if (!isMap(doc.contents)) {
    problem('the settings file must be a map of settings (sync: …)', doc.contents as YamlNode);
    return { settings: {}, problems };
  }
  let sync: SyncSettings | undefined;
  const lifecyclePairs = new Map<string, Pair>();
  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key === 'sync') sync = readSync(pair.value as YamlNode | null, problem);
    else if (key !== undefined && LIFECYCLE_KEYS.has(key)) lifecyclePairs.set(key, pair as Pair);
    else problem(`unknown setting "${key}" (known: ${TOP_KEYS.join(', ')})`, pair.key as YamlNode, 'warning');
  }
  const settings: { sync?: SyncSettings; lifecycle?: Lifecycle } = sync ? { sync } : {};
  if (lifecyclePairs.size === 0) return { settings, problems };
  const byLine = (): typeof problems => problems.sort((a, b) => a.span.start - b.span.start);
  const before = problems.length;
  const lifecycle = readLifecycle(lifecyclePairs, problem);
  const rejected = lifecycle === undefined || problems.slice(before).some((p) => p.severity === 'error');
  if (!rejected) settings.lifecycle = lifecycle;
  return { settings, problems: byLine(), lifecycleRejected: rejected };
}

type Report = (message: string, node: YamlNode | Pair | null | undefined, severity?: Problem['severity']) => void;

/** A status word of the file, normalised as tasks' statuses are (`In Review` → `in_review`), or undefined after a problem. */
function statusWord(node: unknown, what: string, problem: Report): string | undefined {
  const value = isScalar(node) ? node.value : undefined;
  if (typeof value !== 'string' || !STATUS_WORD.test(value.trim())) {
    problem(`${what} must be a status word (letters, digits, spaces, _ or -, starting with a letter)`, node as YamlNode);
    return undefined;
  }
  return statusKey(value);
}

function readLifecycle(pairs: ReadonlyMap<string, Pair>, problem: Report): Lifecycle | undefined {
  // Where each status is defined, to report a status given twice on the line that repeats it.
  const defined = new Map<string, string>();
  const define = (status: string, where: string, node: unknown): boolean => {
    const first = defined.get(status);
    if (first !== undefined) {
      problem(`"${status}" is in two places (${first} and ${where}); a status is on the main path or a side status, once`, node as YamlNode);
      return false;
    }
    defined.set(status, where);
    return true;
  };

  const mainPair = pairs.get('lifecycle');
  const main: string[] = [];
  if (mainPair) {
    const node = mainPair.value as YamlNode | null;
    if (!isSeq(node) || node.items.length === 0) {
      problem('lifecycle must be a list of at least two statuses, in order (todo … done)', node ?? (mainPair.key as YamlNode));
      return undefined;
    }
    for (const item of node.items) {
      const word = statusWord(item, 'each lifecycle entry', problem);
      if (word !== undefined && define(word, 'lifecycle', item)) main.push(word);
    }
    if (main.length < 2) {
      problem('lifecycle needs at least two statuses: where tasks start and where they end', node);
      return undefined;
    }
  } else {
    main.push('todo', 'claimed', 'in_progress', 'done');
    for (const s of main) defined.set(s, 'the default lifecycle');
  }

  const side: { name: string; from: string[] | 'any'; final?: boolean }[] = [];
  const sidePair = pairs.get('side_statuses');
  if (sidePair) {
    const node = sidePair.value as YamlNode | null;
    if (node !== null && !(isScalar(node) && node.value === null) && !isMap(node)) {
      problem('side_statuses must be a map: a status and the statuses it is entered from (a list, or any)', node);
    } else if (isMap(node)) {
      for (const pair of node.items) {
        const name = statusWord(pair.key, 'each side status', problem);
        if (name === undefined || !define(name, 'side_statuses', pair.key)) continue;
        const entry = readSideFrom(pair.value as YamlNode | null, name, problem);
        if (entry) side.push({ name, ...entry });
      }
    }
  }
  const known = new Set([...main, ...side.map((s) => s.name)]);
  for (const s of side) {
    if (s.from === 'any') continue;
    for (const f of s.from) if (!known.has(f)) problem(`side status ${s.name} is entered from "${f}", which is not a status of the lifecycle`, sidePair!.value as YamlNode);
    if (s.from.includes(main[main.length - 1]!)) problem(`side status ${s.name} cannot be entered from ${main[main.length - 1]}, the last status`, sidePair!.value as YamlNode);
  }

  const aliases = new Map<string, string>();
  const aliasPair = pairs.get('status_aliases');
  if (aliasPair) {
    const node = aliasPair.value as YamlNode | null;
    if (node !== null && !(isScalar(node) && node.value === null) && !isMap(node)) {
      problem('status_aliases must be a map: a word agents write and the status it means', node);
    } else if (isMap(node)) {
      for (const pair of node.items) {
        const alias = statusWord(pair.key, 'each alias', problem);
        const status = statusWord(pair.value, `the status of alias ${alias ?? ''}`, problem);
        if (alias === undefined || status === undefined) continue;
        if (known.has(alias)) problem(`"${alias}" is already a status; an alias names another word for one`, pair.key as YamlNode);
        else if (!known.has(status)) problem(`alias ${alias} means "${status}", which is not a status of the lifecycle`, pair.value as YamlNode);
        else aliases.set(alias, status);
      }
    }
  }
  return makeLifecycle(main, side, aliases);
}

function readSideFrom(node: YamlNode | null, name: string, problem: Report): { from: string[] | 'any'; final?: boolean } | undefined {
  const fromList = (n: unknown): string[] | 'any' | undefined => {
    if (isScalar(n) && n.value === 'any') return 'any';
    if (isSeq(n) && n.items.length > 0) {
      const out: string[] = [];
      for (const item of n.items) {
        const word = statusWord(item, `each status ${name} is entered from`, problem);
        if (word !== undefined) out.push(word);
      }
      return out;
    }
    problem(`side status ${name} needs the statuses it is entered from: a list, or any`, n as YamlNode);
    return undefined;
  };
  if (isMap(node)) {
    let from: string[] | 'any' | undefined;
    let final: boolean | undefined;
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (key === 'from') from = fromList(pair.value);
      else if (key === 'final') {
        const value = flag(pair.value);
        if (value !== undefined) final = value;
        else problem(`side_statuses.${name}.final must be true or false`, pair.value as YamlNode);
      } else problem(`unknown setting "side_statuses.${name}.${key}" (known: from, final)`, pair.key as YamlNode);
    }
    if (from === undefined) {
      problem(`side status ${name} needs from: (a list of statuses, or any)`, node);
      return undefined;
    }
    return final === undefined ? { from } : { from, final };
  }
  const from = fromList(node);
  return from === undefined ? undefined : { from };
}

function readSync(node: YamlNode | null, problem: Report): SyncSettings | undefined {
  if (node === null || (isScalar(node) && node.value === null)) return { enabled: false };
  if (!isMap(node)) {
    // `sync: true` says what `sync: { enabled: true }` does; any other scalar or a list is a sync setting unread.
    const enabled = flag(node);
    if (enabled !== undefined) return { enabled };
    problem('sync must be a map (enabled, remote, branch) or true or false', node);
    return { enabled: false, enabledUnreadable: true };
  }
  const out: { enabled: boolean; enabledUnreadable?: true; remote?: string; branch?: string } = { enabled: false };
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = isScalar(pair.value) ? pair.value.value : undefined;
    if (key === 'enabled') {
      // `enabled:` with no value is unset: off, as with no key.
      const enabled = pair.value === null || (isScalar(pair.value) && pair.value.value === null) ? false : flag(pair.value);
      if (enabled !== undefined) out.enabled = enabled;
      else {
        out.enabledUnreadable = true;
        problem('sync.enabled must be true or false', pair.value as YamlNode);
      }
    } else if (key === 'remote' || key === 'branch') {
      if (typeof value === 'string' && /^[^\s~^:?*[\\]+$/.test(value) && !value.startsWith('-')) out[key] = value;
      else problem(`sync.${key} must be a ${key} name`, pair.value as YamlNode);
    } else problem(`unknown setting "sync.${key}" (known: ${SYNC_KEYS.join(', ')})`, pair.key as YamlNode);
  }
  return out;
}

/**
 * A yes or no as people write it in YAML: `true`/`false`, and YAML 1.1's `yes`/`no`/`on`/`off` (which this parser's
 * YAML 1.2 reads as strings), in any case, quoted or not. Undefined for anything else.
 */
function flag(node: unknown): boolean | undefined {
  const value = isScalar(node) ? node.value : undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const word = value.trim().toLowerCase();
  if (word === 'true' || word === 'yes' || word === 'on') return true;
  if (word === 'false' || word === 'no' || word === 'off') return false;
  return undefined;
}

function spanOf(node: YamlNode | Pair | null | undefined): Span | undefined {
  const range = node && 'range' in node ? node.range : undefined;
  return range ? { start: range[0], end: range[1] } : undefined;
}

