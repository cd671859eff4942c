// The plain data every part of the product shares: parsers produce it, the
// lifecycle and lint rules read it, the extension, the board and the CLI show
// it. Nothing here knows about VS Code. Positions are UTF-16 offsets into the
// exact text that was parsed (a BOM, if present, is at offset 0 and counts).
import type { Lifecycle } from './lifecycleModel';

/** The default lifecycle's main path; a repository's own is in its settings file (core/lifecycleModel.ts). */
export const STATUSES = ['todo', 'claimed', 'in_progress', 'done'] as const;
/** A status of the repository's lifecycle (`todo`, `review`, `blocked`...): see core/lifecycleModel.ts. */
export type Status = string;

export const PRIORITIES = ['high', 'medium', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

export type FileKind = 'board' | 'checklist' | 'worklog' | 'agent';

/** A half-open range `[start, end)` of UTF-16 offsets into the parsed text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Replace `[start, end)` with `newText`. Every write in the product is a list of these. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/** What a parser is given: a narrow document (no editor types), so tests build one in memory (docs/architecture.md, "Layers"). */
export interface SourceText {
  /** A path or URI string; reported back unchanged in every result. */
  readonly file: string;
  readonly text: string;
  /** Editor version when there is one; used as a cache key. */
  readonly version?: number;
  /** The repository's lifecycle, which decides what a status word means; the default one when absent. */
  readonly lifecycle?: Lifecycle;
  /**
   * 0-based lines a merge conflict's side left blank (its marker lines, the other side's lines): no line at all to
   * the reader, so that a table or a list runs on across them as it does in each version.
   */
  readonly blankedLines?: ReadonlySet<number>;
}

export type Severity = 'error' | 'warning' | 'info';

/** Stable diagnostic codes. Never rename one: hooks and CI filter on them. */
export const PROBLEM_CODES = [
  'yaml-syntax',
  /** A yaml fence whose list is not made of top-level `- ` items (`tasks:` map, indented list): none of it is read as tasks. */
  'unrecognized-block',
  'unknown-status',
  'missing-status',
  'missing-id',
  'duplicate-id',
  'bad-priority',
  'bad-timestamp',
  'claim-without-agent',
  'bad-indent',
  'tab-indent',
  'unquoted-colon',
  'shorthand-item',
  'illegal-transition',
  'new-task-not-todo',
  'stolen-claim',
  'stale-claim',
  'checklist-state-mismatch',
  'checklist-missing-date',
  /** A completed checklist item with a subtask still open. */
  'checklist-open-subtasks',
  'unknown-heading',
  /** A checklist item above every section heading (or after a title that ends them): it has no status. */
  'no-section',
  'bad-front-matter',
  'unreadable-file',
  /** An item over the size the slow readers take that the fast path could not read: reported, not read. */
  'item-too-large',
  /** `check`: a task that was claimed or in progress at the base is gone from the file (its claim vanished with it). */
  'claimed-task-removed',
  /** Information: what a git operation (checkout, pull, rebase, stash) did to a task's lifecycle; never reverted. */
  'git-transition',
  /** Git's conflict markers: the file holds two versions of some tasks until a person resolves it. */
  'merge-conflict',
  /** A line of `.agent-task-board.yml` that cannot be read. */
  'bad-settings',
  /**
   * Information: agent front matter that strict YAML rejects (a generated `description:` holding `: ` and
   * `<example>` blocks unquoted) but Claude Code loads; it was read line by line, as Claude Code reads it.
   */
  'loose-front-matter',
  /**
   * A line holding bytes that are not UTF-8 (a Windows-1252 em dash in a UTF-8 board): the file is read, each such
   * line is named, and writes keep those bytes (src/core/byteText.ts).
   */
  'invalid-utf8',
  /** `depends_on` / `dependencies` / `blocked_by` names an id no task of the workspace has: the task waits for ever. */
  'unknown-dependency',
  /** Tasks that depend on each other in a loop (A → B → A): none of them can ever be ready. */
  'dependency-cycle',
  /** A dependency field spelled otherwise (`depends-on`, `dependsOn`, `Blocked_By`): read as the field, and renamed by its fix. */
  'dependency-spelling',
  /** A checkbox item or table row whose box or Status cell says one status and whose section heading another. */
  'section-status-mismatch',
  /**
   * A file whose lines end in LF (or CRLF) with some ending in CR alone: the readers break lines on LF, so the lines
   * those CRs end read as one, and the tasks on them are not seen (src/core/lineBreaks.ts).
   */
  'lone-cr',
] as const;

export type ProblemCode = (typeof PROBLEM_CODES)[number];

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /**
   * The safest fix of a problem; applied by `fix` and by "fix all". A problem's
   * only fix is applied too, unless it says `preferred: false`: a decision (a
   * lifecycle move), applied only when its code is asked for by name.
   */
  readonly preferred?: boolean;
  /**
   * A fix that changes how the rest of the text reads (`lone-cr`: line ends), so the other problems, found on the
   * text before it, are not to be fixed with it: "fix all" makes it first and alone, and finds the rest again after
   * it; asked to fix other codes only, it fixes nothing while this one is left.
   */
  readonly alone?: true;
}

export interface Problem {
  readonly code: ProblemCode;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  /** The task the problem belongs to, when there is one. */
  readonly taskId?: string;
  readonly fixes: readonly Fix[];
}

/** One `key: value` line of a task item, with where its parts are. */
export interface FieldSpan {
  readonly key: string;
  /** The key's characters. */
  readonly keySpan: Span;
  /**
   * The value's characters as written, quotes included, trailing comment
   * excluded. For `key:` with nothing after it, an empty span right after the
   * colon. For block values (lists, maps, block scalars) the whole block.
   */
  readonly valueSpan: Span;
  /** The whole line(s) of the field, from its indentation to its line break (exclusive). */
  readonly lineSpan: Span;
}

/** Which side of a merge conflict a task was read from, and that side's name (`HEAD`, `origin/main`). */
export interface TaskConflict {
  readonly side: 'ours' | 'theirs';
  readonly label: string;
}

export interface TaskBase {
  readonly file: string;
  readonly id: string;
  readonly title: string;
  /**
   * The status under the repository's lifecycle, or undefined when missing or
   * not one of its statuses (then `statusText` keeps what was written).
   */
  readonly status: Status | undefined;
  /** The status exactly as written, when it was written. */
  readonly statusText?: string;
  readonly priority?: string;
  readonly assignedAgent?: string;
  /** The heading the task sits under (`Tasks`, `Backlog`, `To Do`). */
  readonly group?: string;
  /** The whole item. */
  readonly span: Span;
  /** 0-based line of the item's first character. */
  readonly line: number;
  /** Set when the task sits inside a merge conflict: which side it was read from (see core/conflicts). */
  readonly conflict?: TaskConflict;
}

export interface BoardTask extends TaskBase {
  readonly kind: 'board';
  /**
   * `id-key`: `- TASK_001: "title"`; `id-field`: `- id: TASK_001` + `title:`; `shorthand`: `- TASK_001: "title" (agent)`;
   * `checkbox`: a `- [ ]` item of a checkbox board; `table-row`: a row of a task table (see board/markdownTasks.ts).
   */
  readonly shape: 'id-key' | 'id-field' | 'shorthand' | 'checkbox' | 'table-row';
  /**
   * The field that names the agent when it is not `assigned_agent` (`assignee`, `owner`, `assigned_to`, or a
   * table's Owner column): moves write the agent there.
   */
  readonly agentKey?: string;
  /** A checkbox item's `[ ]` / `[x]` characters (the three of them) and whether it is ticked. */
  readonly checkbox?: { readonly span: Span; readonly checked: boolean };
  /**
   * Where a checkbox item's or table row's status was read: its status heading, its box, or its Status cell.
   * Unset for YAML items (their `status:` field).
   */
  readonly statusFrom?: 'heading' | 'box' | 'cell';
  /** For a checkbox item or table row under a status heading: that heading's status (a row's cell may say another). */
  readonly section?: Status;
  /**
   * Every field of the item as plain data, unknown ones included, in source
   * order; the id key of the `id-key` and `shorthand` shapes is not among
   * them (it is `id` and `title`).
   */
  readonly fields: Readonly<Record<string, unknown>>;
  /** Where each top-level field is written; the id key is under its own name. */
  readonly fieldSpans: ReadonlyMap<string, FieldSpan>;
  /** The id characters and the title value characters (quotes included). */
  readonly idSpan: Span;
  readonly titleSpan: Span;
}

export interface ChecklistTask extends TaskBase {
  readonly kind: 'checklist';
  /** The owning agent: the file name's prefix before `-tasks.md`. */
  readonly agent: string;
  readonly checked: boolean;
  /** `YYYY-MM-DD` from `(completed: …)`, when written. */
  readonly completedDate?: string;
  /** The `[ ]` / `[x]` characters (the three of them). */
  readonly checkboxSpan: Span;
  /** The section heading line the item sits under, if any. */
  readonly sectionSpan?: Span;
  /** Lines under the item that are not checkboxes (progress notes, "Blocked: …"). */
  readonly notes: readonly string[];
  readonly subtasks: readonly ChecklistTask[];
  /** Nesting depth: 0 for a top-level item. */
  readonly depth: number;
  /**
   * Set when the item sits under no status heading in a file that has none (phases: `## Phase 1：MVP`): its
   * status is its box (`[x]` done, `[ ]` todo) and its group the phase heading.
   */
  readonly statusFromBox?: boolean;
}

export type Task = BoardTask | ChecklistTask;

export interface HistoryEntry {
  readonly text: string;
  readonly timestamp?: string;
  readonly span: Span;
}

export interface ParsedBoard {
  readonly kind: 'board';
  readonly file: string;
  readonly tasks: readonly BoardTask[];
  readonly problems: readonly Problem[];
  /** The `## Session History` lines, in file order. */
  readonly history: readonly HistoryEntry[];
  /** Where a new history line goes: the end of the history list, or undefined when there is no section. */
  readonly historyInsertAt?: number;
  /** The file's line break: `\r\n` when the file uses it, else `\n`. */
  readonly eol: '\n' | '\r\n';
  /**
   * A checkbox or table board's status headings, first of each status: where an item moved to that status goes.
   * Unset for YAML boards.
   */
  readonly sections?: ReadonlyMap<Status, BoardSection>;
  /**
   * Set when a checkbox or table board's status headings sit under more than one parent heading (`## Backend` /
   * `### In Progress`, `## Frontend` / `### In Progress`): each status heading (by its start, in order) with the
   * sections of its parent, where a move of an item under it goes.
   */
  readonly areas?: BoardAreas;
  /**
   * Ids written on items not read as tasks because they were struck out (`- [ ] ~~T-12: Add SSO~~`, with no final
   * status in the lifecycle to read them as): `add` and a renumber never give them out again.
   */
  readonly droppedIds?: readonly string[];
}

export interface BoardAreas {
  readonly at: readonly number[];
  readonly sections: readonly ReadonlyMap<Status, BoardSection>[];
}

/** A status heading of a checkbox or table board. */
export interface BoardSection {
  /** The heading line. */
  readonly heading: Span;
  /** Where an item moved into the section is inserted: the end of its last item's line, else of the heading line. */
  readonly insertAt: number;
}

export interface ParsedChecklist {
  readonly kind: 'checklist';
  readonly file: string;
  readonly agent: string;
  /** Top-level items; subtasks hang under them. */
  readonly tasks: readonly ChecklistTask[];
  readonly problems: readonly Problem[];
  /** Section headings found, by canonical status. */
  readonly sections: ReadonlyMap<Status, Span>;
  readonly eol: '\n' | '\r\n';
}

export const WORK_LOG_FIELDS = [
  'Task Summary',
  'Files Modified/Created',
  'Key Implementation Decisions',
  'Database Changes',
  'API Changes',
  'Dependencies Added/Updated',
  'Testing Performed',
  'Next Steps/Dependencies',
  'Potential Issues',
] as const;
export type WorkLogField = (typeof WORK_LOG_FIELDS)[number];

export interface WorkLogEntry {
  readonly file: string;
  /** The heading text as written. */
  readonly heading: string;
  /** ISO 8601 when the heading's date could be read, else undefined. */
  readonly timestamp?: string;
  /** The date/time text as written in the heading, when there is one. */
  readonly timeText?: string;
  readonly summary: string;
  readonly fields: Readonly<Partial<Record<WorkLogField, string>>>;
  /** The entry's markdown source, heading included. */
  readonly markdown: string;
  /** Task ids named anywhere in the entry (before linking by title). */
  readonly mentionedIds: readonly string[];
  /**
   * The ids the entry is about: those in the parentheses its heading ends
   * with (`(TASK_005)`, as appends write it), else those its heading names,
   * else those its summary names. The entry belongs to these tasks; the other
   * `mentionedIds` only mention them.
   */
  readonly taskIds: readonly string[];
  /**
   * When the heading starts with an id and a colon and ends with ids in parentheses, the ids in the parentheses: the
   * entry is theirs instead when no task has the leading id. `— TASK_002: Fix encoding (UTF-8)` is TASK_002's, and
   * `— UTF-8: fix decoding (TASK_002)`, as an append writes a summary that starts so, is TASK_002's too; only the
   * tasks tell the two apart (TaskIndex).
   */
  readonly otherwiseIds?: readonly string[];
  readonly span: Span;
  readonly line: number;
}

export interface ParsedWorkLog {
  readonly kind: 'worklog';
  readonly file: string;
  readonly entries: readonly WorkLogEntry[];
  readonly problems: readonly Problem[];
}

export interface AgentDefinition {
  readonly kind: 'agent';
  readonly file: string;
  readonly name: string;
  readonly description?: string;
  readonly model?: string;
  readonly color?: string;
  readonly tools: readonly string[];
  readonly problems: readonly Problem[];
}

export type ParsedFile = ParsedBoard | ParsedChecklist | ParsedWorkLog | AgentDefinition;

export type { MoveKind, MoveRequest } from './lifecycleModel';
