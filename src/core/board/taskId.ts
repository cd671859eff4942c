// What counts as a task id when it is written as a key (`- TASK_001: ...`).

/**
 * True for keys such as `TASK_001`, `TASK-001`, `AUTH_SYSTEM`: letters and
 * digits joined by `_` or `-`, starting with a letter, with at least as many
 * uppercase as lowercase letters. Ordinary prose bullets (`- Note: ...`) and
 * field names (`- title: ...`) fail it, which is what keeps bare markdown
 * bullets from being read as tasks.
 */
export function looksLikeTaskId(key: string): boolean {
  const n = key.length;
  if (n === 0) return false;
  const first = key.charCodeAt(0);
  if (!(first >= 65 && first <= 90) && !(first >= 97 && first <= 122)) return false;
  let upper = 0;
  let lower = 0;
  for (let i = 0; i < n; i++) {
    const c = key.charCodeAt(i);
    if (c >= 65 && c <= 90) upper++;
    else if (c >= 97 && c <= 122) lower++;
    else if (!((c >= 48 && c <= 57) || c === 95 || c === 45)) return false;
  }
  return upper > 0 && upper >= lower;
}

/** The next id after `taken` with the same prefix, separator and digit width (`TASK_013` → `TASK_016`). */
export function nextFreeId(like: string, taken: ReadonlySet<string>): string {
  const m = /^(.*?)(\d+)$/.exec(like);
  if (!m) {
    let n = 2;
    while (taken.has(`${like}_${n}`)) n++;
    return `${like}_${n}`;
  }
  const prefix = m[1]!;
  const width = m[2]!.length;
  let max = Number(m[2]);
  for (const id of taken) {
    if (id.length > prefix.length && id.startsWith(prefix)) {
      const rest = id.slice(prefix.length);
      if (/^\d+$/.test(rest)) max = Math.max(max, Number(rest));
    }
  }
  let n = max + 1;
  while (taken.has(prefix + String(n).padStart(width, '0'))) n++;
  return prefix + String(n).padStart(width, '0');
}
