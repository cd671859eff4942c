// The status spellings agents really write, read under the repository's lifecycle.
import { DEFAULT_LIFECYCLE, readStatusWord, type Lifecycle } from '../lifecycleModel';
import type { Status } from '../model';

/** The status a written word means (`In Progress` → `in_progress`), or undefined when the lifecycle has no such status. */
export function canonicalStatus(written: string, lifecycle: Lifecycle = DEFAULT_LIFECYCLE): Status | undefined {
  return readStatusWord(lifecycle, written);
}
