// The status spellings agents really write, read under the repository's lifecycle: in a `status:` field, a
// table's Status cell, or a section heading. Every reader of a status word goes through `canonicalStatus` or
// `headingStatus`, so what a word means is decided here and in the tables these read (lifecycleModel.ts,
// checklist/sectionHeadings.ts).
import { sectionStatus } from '../checklist/sectionHeadings';
import { DEFAULT_LIFECYCLE, readStatusWord, type Lifecycle } from '../lifecycleModel';
import type { Status } from '../model';

/** The status a written word means (`In Progress` → `in_progress`), or undefined when the lifecycle has no such status. */
export function canonicalStatus(written: string, lifecycle: Lifecycle = DEFAULT_LIFECYCLE): Status | undefined {
  return readStatusWord(lifecycle, written);
}

/**
 * The status a written status value names: its word (`in progress`, `WIP`), else as a heading reads it (`Done ✅`,
 * `Complete (3)`). How a YAML item's `status:` and a table's Status cell are read.
 */
export function writtenStatus(written: string, lifecycle: Lifecycle = DEFAULT_LIFECYCLE): Status | undefined {
  return canonicalStatus(written, lifecycle) ?? headingStatus(written, lifecycle);
}

/**
 * The status a section heading or a table cell stands for (`## ✅ Done (4)`, `## Active / In Progress`,
 * `## Recently Completed`), or undefined: `sectionStatus`, the checklists' reading of a heading.
 */
export function headingStatus(heading: string, lifecycle: Lifecycle = DEFAULT_LIFECYCLE): Status | undefined {
  return sectionStatus(heading, lifecycle);
}
