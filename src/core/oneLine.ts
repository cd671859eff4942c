// Values that go onto one line of a task file: an agent name (in
// `assigned_agent:` and a Session History line), a group heading, an id. A
// line break in such a value would end the line and let the rest of the value
// be read as a line of its own, such as a forged "bob completed TASK_002" in
// the history or a second task born `done`. Other control characters (ESC,
// BEL, NUL) are refused too: nobody means them, and terminals obey them.

/** Line breaks as YAML 1.1, markdown and editors count them (NEL, LS and PS included). */
const LINE_BREAK = /[\r\n\u0085\u2028\u2029]/;
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

/** `text` on one line: every run of white space (line breaks included) one space, none at the ends. */
export function asOneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Why `value` cannot be written on one line (`holds a line break`), or undefined when it can. */
export function oneLineProblem(value: string): string | undefined {
  if (LINE_BREAK.test(value)) return 'holds a line break';
  if (CONTROL.test(value)) return 'holds a control character';
  return undefined;
}

// Text that may span lines (a work-log field, a description): tab and line breaks are fine, other control characters are not.
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f]/;

/** Why `value` cannot be written as text in a file (`holds a control character`), or undefined when it can. */
export function textProblem(value: string): string | undefined {
  return CONTROL_IN_TEXT.test(value) ? 'holds a control character' : undefined;
}
