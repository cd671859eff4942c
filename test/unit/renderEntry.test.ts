// The work-log entry panel's page: its Content-Security-Policy loads nothing
// from the network (a remote image in an agent's entry is a tracking pixel).
import * as assert from 'node:assert/strict';
import type { WorkLogEntry } from '../../src/core/model';
import { renderEntryPage } from '../../src/extension/workLog/renderEntry';

const CSP_SOURCE = 'https://webview.example';

function entry(markdown: string): WorkLogEntry {
  return { file: 'file:///w/A_WORK_LOG.md', heading: 'Entry', summary: '', fields: {}, markdown, mentionedIds: [], taskIds: [], span: { start: 0, end: markdown.length } } as unknown as WorkLogEntry;
}

describe('work-log entry page', () => {
  it('allows images from the webview only, never from https: (no tracking pixels, no IP leak)', () => {
    const page = renderEntryPage(entry('## Entry\n\n![pixel](https://tracker.example/p.gif)\n'), 'A_WORK_LOG.md:1', CSP_SOURCE);
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(page)?.[1];
    assert.ok(csp, 'the page has a CSP');
    const imgSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('img-src'));
    assert.equal(imgSrc, `img-src ${CSP_SOURCE}`);
    assert.match(csp, /default-src 'none'/);
  });
});
