// Turns the colour the extension chose for an agent into a CSS value. The
// extension already limits it to theme variables and hex literals; this
// checks again, because a CSS value is the one place text becomes style.

const THEME_VAR = /^--vscode-[a-zA-Z0-9.-]+$/;
const HEX = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;

export function cssColor(color: string | undefined): string | undefined {
  if (!color) return undefined;
  if (THEME_VAR.test(color)) return `var(${color})`;
  if (HEX.test(color)) return color;
  return undefined;
}
