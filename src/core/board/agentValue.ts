// Writing the agent into the field an item already uses for it: `assigned_agent: x`, `assignee: x`, or a
// list (`assigned_to: [x]`, or a block list under the key) that agents' progress files keep.
import type { FieldSpan, TextEdit } from '../model';
import { clearValueEdit, plainOrQuoted, setScalarEdit } from '../scalarEdits';

/** Words agents write in an agent field for nobody (`None`, `unassigned`, `TBD`, `N/A`, a dash). */
const NOBODY = /^(?:none|nobody|unassigned|not assigned|tbd|tba|n\/a|-+|—|–)$/i;

/**
 * A name as a mention writes it (`@bob`) without its `@`: the agent bob, as a checkbox item's `@bob` names. An agent
 * field holds it so when the writer thought of a mention (`assigned_agent: "@bob"`, an Owner cell `@bob`).
 */
function withoutMention(name: string): string {
  return name.charCodeAt(0) === 0x40 && name.length > 1 ? name.slice(1) : name;
}

/** An agent name given to a command or a tool (`--agent @bob`): the name it compares and writes, bob. */
export function givenAgent(name: string | undefined): string | undefined {
  return name === undefined ? undefined : withoutMention(name.trim());
}

/**
 * The agent a field's text names, or undefined for an empty one or a word for nobody. A name written as a mention
 * (`"@bob"`, an Owner cell `@bob`) is the name without its `@`.
 */
export function agentNamed(written: string | undefined): string | undefined {
  if (!written) return undefined;
  const text = withoutMention(written);
  // Read for every task: a name that cannot be one of those words (by its first letter) is taken as it is.
  const first = text.charCodeAt(0) | 0x20;
  if (first !== 0x6e /* n */ && first !== 0x75 /* u */ && first !== 0x74 /* t */ && first !== 0x2d /* - */ && first !== 0x20 && first < 0x2000) return text;
  const trimmed = text.trim();
  return trimmed && !NOBODY.test(trimmed) ? text : undefined;
}

/**
 * The edit setting the agent field to `agent`, or emptying it for `''` (undefined when it is empty already).
 * A scalar keeps its quote style. A flow list becomes `[agent]` / `[]`. A block list with one item has that
 * item's text replaced; emptied, or with several items, its value becomes a flow list after the colon.
 */
export function agentValueEdit(text: string, field: FieldSpan, agent: string): TextEdit | undefined {
  const raw = text.slice(field.valueSpan.start, field.valueSpan.end);
  if (raw.startsWith('[')) {
    const newText = agent === '' ? '[]' : `[${plainOrQuoted(agent)}]`;
    return newText === raw ? undefined : { ...field.valueSpan, newText };
  }
  if (/^-(?:[ \t]|$)/.test(raw)) {
    const items = raw.split(/\r?\n/).filter((l) => /^[ \t]*-(?:[ \t]|$)/.test(l));
    if (agent !== '' && items.length === 1 && !raw.includes('\n')) {
      const at = field.valueSpan.start + raw.indexOf('-') + 1;
      let from = at;
      while (text[from] === ' ' || text[from] === '\t') from++;
      return { start: from, end: field.valueSpan.end, newText: plainOrQuoted(agent) };
    }
    // From the colon: a flow list on the key's line replaces the block.
    const colon = text.indexOf(':', field.keySpan.end);
    return { start: colon + 1, end: field.valueSpan.end, newText: agent === '' ? ' []' : ` [${plainOrQuoted(agent)}]` };
  }
  return agent === '' ? clearValueEdit(text, field) : setScalarEdit(text, field, agent);
}
