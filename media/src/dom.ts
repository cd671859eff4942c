// The two DOM shorthands the board's parts build with.

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

export function icon(name: string): HTMLElement {
  const i = h('i', `codicon codicon-${name}`);
  i.setAttribute('aria-hidden', 'true');
  return i;
}
