// What each item parser (fast path, yaml, tolerant scan) hands back.
import type { FieldSpan, Problem } from '../model';

export interface ParsedItem {
  /** Plain data, as `yaml`'s `toJS()` gives it for the item's map. */
  readonly fields: Record<string, unknown>;
  /**
   * The fast path holds the first key apart when it is a task id
   * (`- TASK_001: "title"`): left in `fields`, every task's own id would give
   * each fields object a shape of its own, which V8 builds and reads slowly.
   */
  readonly idKey?: string;
  readonly idValue?: unknown;
  /** Where each top-level field is written, in source order. */
  readonly spans: ReadonlyMap<string, FieldSpan>;
  /** Set by the tolerant scan: every mistake that made the item invalid YAML, in file order. */
  readonly problems?: readonly Problem[];
  /** Set by the fast path, which reads the first key character by character anyway: `looksLikeTaskId` of it. */
  readonly firstKeyIsTaskId?: boolean;
  /** Set when the item is the one-line shorthand `- ID: "title" (agent)`. */
  readonly shorthand?: boolean;
}
