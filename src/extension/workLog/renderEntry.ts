// A work-log entry as HTML for the read-only entry panel. markdown-it with
// `html: false`: raw HTML an agent wrote is shown as text, never run. Links
// are limited to http(s)/mailto by markdown-it's own validateLink.
import MarkdownIt from 'markdown-it';
import type { WorkLogEntry } from '../../core/model';

// Made on first use: loading markdown-it is no part of the extension's activation (see esbuild.mjs, lazy libraries).
let markdown: MarkdownIt | undefined;

export function renderEntryBody(entry: WorkLogEntry): string {
  markdown ??= new MarkdownIt({ html: false, linkify: false, typographer: false });
  return markdown.render(entry.markdown);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The whole page: a strict CSP (no scripts at all; styles and images from the
 * webview only: a remote image in an agent's entry would be a tracking pixel
 * and leak the user's IP, even in an untrusted workspace), the entry, where it comes from.
 */
export function renderEntryPage(entry: WorkLogEntry, source: string, cspSource: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${cspSource}; style-src ${cspSource} 'unsafe-inline';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(entry.heading)}</title>
<style>
body { font-family: var(--vscode-markdown-font-family, var(--vscode-font-family)); font-size: var(--vscode-markdown-font-size, 14px); line-height: 1.6; padding: 0 20px 20px; color: var(--vscode-foreground); }
.source { color: var(--vscode-descriptionForeground); font-size: 0.9em; margin-top: 12px; }
code { font-family: var(--vscode-editor-font-family); background: var(--vscode-textCodeBlock-background); padding: 1px 4px; border-radius: 3px; }
pre code { display: block; padding: 8px; overflow-x: auto; }
hr { border: 0; border-top: 1px solid var(--vscode-panel-border); }
</style>
</head>
<body>
<div class="source">${escapeHtml(source)}</div>
${renderEntryBody(entry)}
</body>
</html>`;
}
