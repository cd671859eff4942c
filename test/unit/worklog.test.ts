import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORK_LOG_FIELDS, type ParsedWorkLog } from '../../src/core/model';
import { spanText } from '../../src/core/text';
import { mentionedIds, parseWorkLog } from '../../src/core/worklog/parseWorkLog';
import { dateConvention, readTimestamp, type DateOrder } from '../../src/core/worklog/readTimestamp';

const demoText = readFileSync(
  join(__dirname, '..', '..', '..', 'test', 'fixtures', 'demo-workspace', 'BACKEND_WORK_LOG.md'),
  'utf8',
);

function parse(text: string): ParsedWorkLog {
  return parseWorkLog({ file: 'BACKEND_WORK_LOG.md', text });
}

describe('parseWorkLog', () => {
  it('reads the demo log: two entries, all nine fields, timestamps, ids', () => {
    const log = parse(demoText);
    assert.deepEqual(log.problems, []);
    assert.equal(log.entries.length, 2);
    const [first, second] = log.entries;
    assert.equal(first!.heading, '2026-11-02 15:40 UTC — Users and sessions schema (TASK_001)');
    assert.equal(first!.timestamp, '2026-11-02T15:40Z');
    assert.equal(first!.timeText, '2026-11-02 15:40 UTC');
    assert.equal(first!.summary, 'Designed the users and sessions tables and their first migration.');
    assert.deepEqual(Object.keys(first!.fields), [...WORK_LOG_FIELDS]);
    assert.equal(
      first!.fields['Files Modified/Created'],
      '- `db/migrations/0001_users_sessions.sql` — new tables `users`, `sessions`\n- `src/db/schema.ts` — typed table definitions',
    );
    assert.equal(first!.fields['Next Steps/Dependencies'], 'unblocks TASK_002 (POST /api/users).');
    assert.deepEqual(first!.mentionedIds, ['TASK_001', 'TASK_002']);
    assert.deepEqual(first!.taskIds, ['TASK_001'], 'the heading names TASK_001; "unblocks TASK_002" is a mention');
    assert.equal(first!.line, 2);
    assert.ok(spanText(demoText, first!.span).startsWith('## 2026-11-02 15:40 UTC'));
    assert.ok(spanText(demoText, first!.span).endsWith('**Potential Issues**: email uniqueness is case-sensitive for now.'));
    assert.equal(first!.markdown, spanText(demoText, first!.span));
    assert.equal(second!.timestamp, '2026-11-03T18:05Z');
    assert.deepEqual(second!.mentionedIds, ['TASK_002', 'TASK_004']);
    assert.equal(second!.fields['Potential Issues'], 'no rate limit yet (TASK_004).');
    assert.ok(!log.entries.some((e) => e.heading === 'Backend Work Log'), 'the title is not an entry');
  });

  it('reads a dated H1 as the title, not as an entry that holds the file', () => {
    const text = [
      '# Agent Work Log - Fix Session 2025-11-27',
      '',
      '## Overview',
      'Six streams.',
      '',
      '## Stream 1: Name change API',
      '**Status:** done',
      '',
      '## Stream 2: Member updated_at',
      'Migration added.',
      '',
    ].join('\n');
    const log = parse(text);
    assert.deepEqual(
      log.entries.map((e) => [e.heading, e.line]),
      [['Overview', 2], ['Stream 1: Name change API', 5], ['Stream 2: Member updated_at', 8]],
    );
    // Several dated H1s are entries, as before.
    const daily = parse('# 2026-01-01\nfirst\n\n# 2026-01-02\nsecond\n');
    assert.deepEqual(daily.entries.map((e) => e.timestamp), ['2026-01-01', '2026-01-02']);
  });

  it('splits `#### [2025-10-07 10:15] Title` entries under group headings, and sections after `---` by their heading', () => {
    const text = [
      '# Project - Agent Work Log',
      '',
      '## Recent Work',
      '',
      '### Completed Tasks',
      '',
      '#### [2025-10-07 10:15] DevPanel component created',
      '**Agent:** Claude 1',
      '',
      '---',
      '',
      '#### [2025-10-07 10:00] Slash commands created',
      'Three commands.',
      '',
      '---',
      '',
      '### Stream 2: Icon names',
      'Fixed 12 icons.',
      '',
    ].join('\n');
    const log = parse(text);
    assert.deepEqual(
      log.entries.map((e) => [e.timestamp, e.summary, e.line]),
      [
        ['2025-10-07T10:15', 'DevPanel component created', 6],
        ['2025-10-07T10:00', 'Slash commands created', 11],
        [undefined, 'Stream 2: Icon names', 16],
      ],
    );
    assert.equal(log.entries[2]!.heading, 'Stream 2: Icon names');
  });

  it('reads day-first dates, numbered fields and field sub-headings', () => {
    const text = [
      '# Log',
      '',
      '## Day 01 — 17/09/2026',
      '',
      '1. **Task Summary**: Set up the repo',
      '2. **Files Modified/Created**:',
      '   - package.json',
      '   - tsconfig.json',
      '3. **Testing Performed**: none yet',
      '',
      '## Day 02 — 18/09/2026',
      '### Task Summary',
      'Wired AUTH_SYSTEM to the gateway',
      '### API Changes',
      '- `POST /login`',
      '',
    ].join('\n');
    const log = parse(text);
    assert.deepEqual(
      log.entries.map((e) => [e.heading, e.timestamp, e.timeText, e.summary]),
      [
        ['Day 01 — 17/09/2026', '2026-09-17', '17/09/2026', 'Set up the repo'],
        ['Day 02 — 18/09/2026', '2026-09-18', '18/09/2026', 'Wired AUTH_SYSTEM to the gateway'],
      ],
    );
    assert.deepEqual(log.entries[0]!.fields, {
      'Task Summary': 'Set up the repo',
      'Files Modified/Created': '- package.json\n- tsconfig.json',
      'Testing Performed': 'none yet',
    });
    assert.equal(log.entries[1]!.fields['API Changes'], '- `POST /login`');
    assert.deepEqual(log.entries[1]!.mentionedIds, ['AUTH_SYSTEM']);
  });

  it('reads `### 14:32` entries under a date heading, which is not an entry itself', () => {
    const text = '# Log\n\n## 2026-11-05\n\n### 14:32\nFixed the login redirect (TASK-003)\n\n### 16:10 UTC — cache warmup\n**Task Summary:** warmed it\n';
    const log = parse(text);
    assert.deepEqual(
      log.entries.map((e) => [e.heading, e.timestamp, e.summary, e.line]),
      [
        ['14:32', '2026-11-05T14:32', 'Fixed the login redirect (TASK-003)', 4],
        ['16:10 UTC — cache warmup', '2026-11-05T16:10Z', 'warmed it', 7],
      ],
    );
    assert.deepEqual(log.entries[0]!.mentionedIds, ['TASK-003']);
  });

  it('keeps entries with no time, an unreadable date as written, and text after ---', () => {
    const text = [
      '# Work log',
      'Intro that is not an entry.',
      '',
      '## 1. Initial setup',
      'Created the skeleton.',
      '',
      '## 2026-13-45 — broken date',
      'Something happened.',
      '',
      '---',
      '',
      '**Task Summary**: an entry with no heading',
      '**API Changes**: none',
      '',
    ].join('\n');
    const log = parse(text);
    assert.deepEqual(
      log.entries.map((e) => [e.heading, e.timestamp, e.timeText, e.summary]),
      [
        ['1. Initial setup', undefined, undefined, '1. Initial setup'],
        ['2026-13-45 — broken date', undefined, '2026-13-45', 'broken date'],
        ['', undefined, undefined, 'an entry with no heading'],
      ],
    );
    assert.equal(log.entries[2]!.fields['API Changes'], 'none');
    assert.equal(log.problems.length, 1);
    assert.equal(log.problems[0]!.code, 'bad-timestamp');
    assert.equal(log.problems[0]!.severity, 'info');
    assert.equal(spanText(text, log.problems[0]!.span), '## 2026-13-45 — broken date');
  });

  it('keeps an ambiguous date as written and undated, naming both days; its heading still starts an entry', () => {
    const text = [
      '# Log',
      '',
      '## 2026-03-01 — Schema',
      'a',
      '',
      '## 03/04/2026 — Routes',
      'b',
      '',
      'Day 3 — 04/03/2026',
      '---',
      'c',
      '',
    ].join('\n');
    const log = parse(text);
    assert.deepEqual(
      log.entries.map((e) => [e.heading, e.timestamp, e.timeText, e.summary]),
      [
        ['2026-03-01 — Schema', '2026-03-01', '2026-03-01', 'Schema'],
        ['03/04/2026 — Routes', undefined, '03/04/2026', 'Routes'],
        ['Day 3 — 04/03/2026', undefined, '04/03/2026', 'Day 3'],
      ],
    );
    assert.deepEqual(
      log.problems.map((p) => [p.code, p.severity, p.message]),
      [
        ['bad-timestamp', 'info', 'BACKEND_WORK_LOG.md:6: the date "03/04/2026" is ambiguous: 2026-04-03 read day first, 2026-03-04 read month first; it is shown as written and dates nothing (write it as YYYY-MM-DD)'],
        ['bad-timestamp', 'info', 'BACKEND_WORK_LOG.md:9: the date "04/03/2026" is ambiguous: 2026-03-04 read day first, 2026-04-03 read month first; it is shown as written and dates nothing (write it as YYYY-MM-DD)'],
      ],
    );
    // Two dated `#` headings are two entries, not a title and an entry.
    assert.deepEqual(parse('# 03/04/2026\na\n\n# 2026-04-05\nb\n').entries.map((e) => e.summary), ['a', 'b']);
  });

  it("dates an ambiguous heading as the log's other dates are written, when they are all one way round", () => {
    const log = (...dates: string[]): ParsedWorkLog => parse(['# Log', ...dates.flatMap((d, i) => ['', `## Day ${i + 1} — ${d}`, `entry ${i + 1}`])].join('\n'));
    const dayFirst = log('07/09/2026', '18/09/2026', '08/09/2026');
    assert.deepEqual(dayFirst.entries.map((e) => e.timestamp), ['2026-09-07', '2026-09-18', '2026-09-08']);
    assert.deepEqual(dayFirst.problems, []);
    assert.deepEqual(log('07/09/2026 10:00', '09/18/2026').entries.map((e) => e.timestamp), ['2026-07-09T10:00', '2026-09-18']);
    // Both ways round in one log: it says nothing, and the ambiguous date dates nothing.
    const mixed = log('07/09/2026', '18/09/2026', '09/19/2026');
    assert.deepEqual(mixed.entries.map((e) => e.timestamp), [undefined, '2026-09-18', '2026-09-19']);
    assert.match(mixed.problems[0]!.message, /:3: the date "07\/09\/2026" is ambiguous/);
  });

  it('reads `text` + `---` as a separator, not a setext heading', () => {
    const text = '## 2026-01-01 10:00\n**Task Summary**: a\n---\n## 2026-01-02 10:00\n**Task Summary**: b\n';
    const log = parse(text);
    assert.deepEqual(
      log.entries.map((e) => e.summary),
      ['a', 'b'],
    );
    assert.ok(!log.entries[0]!.markdown.includes('---'));
    // Dated too, an entry's last lines or its field above the rule are the entry's, not a heading.
    for (const last of ['Designed the schema.\n**Completed:** 2026-11-02 11:30', '**Completed:** 2026-11-02 11:30']) {
      const dated = `# Log\n\n### 2026-11-02 10:00 — Schema (TASK_001)\n${last}\n---\n### 2026-11-03 09:00 — API (TASK_002)\nAdded endpoints.\n---\n`;
      assert.deepEqual(parse(dated).entries.map((e) => [e.timestamp, e.taskIds]), [['2026-11-02T10:00', ['TASK_001']], ['2026-11-03T09:00', ['TASK_002']]], last);
    }
  });

  it('reads YAML front matter as the file\'s data, no entry', () => {
    for (const eol of ['\n', '\r\n']) {
      const text = ['---', 'title: Backend work log', 'owner: bob', '---', '', '# Backend Work Log', '', '## 2026-11-02 10:00 UTC — Schema (TASK_001)', '', 'Done.', ''].join(eol);
      assert.deepEqual(parse(text).entries.map((e) => [e.line, e.taskIds]), [[7, ['TASK_001']]], JSON.stringify(eol));
    }
  });

  it('is exact on CRLF and BOM text', () => {
    const text = '\ufeff' + demoText.replace(/\n/g, '\r\n');
    const log = parse(text);
    assert.equal(log.entries.length, 2);
    const lf = parse(demoText);
    for (let i = 0; i < 2; i++) {
      assert.equal(log.entries[i]!.markdown.replace(/\r\n/g, '\n'), lf.entries[i]!.markdown);
      assert.equal(log.entries[i]!.summary, lf.entries[i]!.summary);
      assert.equal(log.entries[i]!.line, lf.entries[i]!.line);
      assert.deepEqual(log.entries[i]!.fields['Files Modified/Created']?.replace(/\r/g, ''), lf.entries[i]!.fields['Files Modified/Created']);
    }
    const dated = parse('\ufeff## 2026-01-01\r\n**Task Summary**: x\r\n');
    assert.equal(dated.entries[0]!.timestamp, '2026-01-01');
    assert.equal(dated.entries[0]!.span.start, 1);
  });

  it('takes an entry to be about the ids its heading ends with in parentheses; another id in its words is a mention', () => {
    const log = parse(
      '# Log\n\n## 2026-12-06 10:00 UTC — Spec notes from the TASK_002 review (TASK_005)\n\n**Task Summary**: notes\n\n---\n\n' +
        '## 2026-12-06 11:00 UTC — Both (TASK_001, TASK_003)\n\n---\n\n## 2026-12-06 12:00 UTC — TASK_004: schema\n',
    );
    assert.deepEqual(log.entries.map((e) => [e.taskIds, e.mentionedIds.includes('TASK_002')]), [
      [['TASK_005'], true],
      [['TASK_001', 'TASK_003'], false],
      [['TASK_004'], false],
    ]);
    // Ids of other shapes, as appends write them for boards that use them; words in parentheses are no ids.
    const other = parse('# Log\n\n## 2026-12-06 10:00 UTC — did it (auth-1)\n\n---\n\n## 2026-12-06 11:00 UTC — more (42, Task_7)\n\n---\n\n## 2026-12-06 12:00 UTC — TASK_009 (see notes)\n');
    assert.deepEqual(other.entries.map((e) => e.taskIds), [['auth-1'], ['42', 'Task_7'], ['TASK_009']]);
  });

  it('takes a heading that starts with an id and a colon, a Task ID field, and the ids appends write for any task', () => {
    const log = parse(
      '# Log\n\n## 2026-11-06 10:00 UTC — TASK_002: Fix encoding (UTF-8)\n\n---\n\n' +
        '## 2026-11-07 10:00 UTC — Database schema\n\n**Task ID**: TASK_001\n**Task Summary**: Designed the schema, unblocks TASK_002\n\n---\n\n' +
        '## 2026-11-08 10:00 UTC — Routes wired (backend/build-api)\n\n---\n\n## 2026-11-09 10:00 UTC — Found it (fix-login-bug)\n\n---\n\n' +
        '## 2026-11-10 10:00 UTC — Refactor (follow-up)\n\n**Task Summary**: for TASK_003\n\n---\n\n## 2026-11-11 — Notes from TASK_004: review (TASK_005)\n',
    );
    assert.deepEqual(log.entries.map((e) => e.taskIds), [['TASK_002'], ['TASK_001'], ['backend/build-api'], ['fix-login-bug'], ['TASK_003'], ['TASK_005']]);
    // The ids the closing parentheses list after a leading id: the owners when that id is no task's (TaskIndex).
    assert.deepEqual(log.entries.map((e) => e.otherwiseIds), [['UTF-8'], undefined, undefined, undefined, undefined, undefined]);
    const appended = parse('# Log\n\n## 2026-11-06 10:00 UTC — UTF-8: fix decoding (TASK_002, `TASK_003`)\n\n## 2026-11-07 — UTF-8: see (notes on TASK_002)\n');
    assert.deepEqual(appended.entries.map((e) => [e.taskIds, e.otherwiseIds]), [[['UTF-8'], ['TASK_002', 'TASK_003']], [['UTF-8'], undefined]]);
    // A field naming several, in the plural.
    assert.deepEqual(parse('# Log\n\n## 2026-11-07 10:00 UTC — Auth work\n\n**Tasks**: TASK_001, TASK_002\n').entries.map((e) => e.taskIds), [['TASK_001', 'TASK_002']]);
  });

  it('reads a log kept as a list: each dated item an entry, with the lines under it; other items are no entries', () => {
    const log = parse('# Work Log\n\n- 2026-11-07 10:00: TASK_001 fixed migration\n  with a note\n- 2026-11-08: TASK_002 routes done\n- not dated\n- [ ] 2026-11-09 a checkbox\n');
    assert.deepEqual(log.entries.map((e) => [e.timestamp, e.summary, e.taskIds, e.line, e.markdown]), [
      ['2026-11-07T10:00', 'TASK_001 fixed migration', ['TASK_001'], 2, '- 2026-11-07 10:00: TASK_001 fixed migration\n  with a note'],
      ['2026-11-08', 'TASK_002 routes done', ['TASK_002'], 4, '- 2026-11-08: TASK_002 routes done'],
    ]);
    // Under an entry's heading, dated items are its body.
    assert.equal(parse('# Log\n\n## 2026-11-07 — Release (TASK_001)\n\n- 2026-11-07: tagged\n- 2026-11-08: shipped\n').entries.length, 1);
    // Under a heading with no date, items that are all its text are grouped by it: each is an entry.
    const grouped = parse('# Work Log\n\n## Backend\n\n- 2026-11-07 10:00: TASK_001 fixed migration\n  with a note\n- 2026-11-08: TASK_002 routes\n\n## Frontend\n\n- 2026-11-09: TASK_003 page\n');
    assert.deepEqual(grouped.entries.map((e) => [e.line, e.timestamp, e.taskIds]), [
      [4, '2026-11-07T10:00', ['TASK_001']],
      [6, '2026-11-08', ['TASK_002']],
      [10, '2026-11-09', ['TASK_003']],
    ]);
    // With other text beside them, the section stays one entry, as written.
    assert.deepEqual(parse('# Work Log\n\n## Notes\n\nWe met.\n\n- 2026-11-07: deadline\n').entries.map((e) => [e.heading, e.timestamp]), [['Notes', undefined]]);
    assert.deepEqual(parse('# Work Log\n\n## Notes\n\n- 2026-11-07: deadline\n\nWe met.\n').entries.map((e) => [e.heading, e.timestamp]), [['Notes', undefined]]);
  });

  it('keeps the entries at the level most dated headings are at when one shallower heading is dated', () => {
    const sprint = (days: string[]): string => days.map((d) => `### 2026-11-${d} 10:00 — entry ${d} (TASK_0${d})\n\nDid it.\n`).join('\n');
    const text = `# Work Log\n\n## Release 2026-11-05\n\nShipped.\n\n## Sprint 1\n\n${sprint(['01', '02', '03'])}\n## Sprint 2\n\n${sprint(['06', '07'])}`;
    assert.deepEqual(parse(text).entries.map((e) => [e.heading.slice(0, 18), e.taskIds]), [
      ['Release 2026-11-05', []],
      ['2026-11-01 10:00 —', ['TASK_001']],
      ['2026-11-02 10:00 —', ['TASK_002']],
      ['2026-11-03 10:00 —', ['TASK_003']],
      ['2026-11-06 10:00 —', ['TASK_006']],
      ['2026-11-07 10:00 —', ['TASK_007']],
    ]);
    // Days with timed sections under them: the days are the entries, as before.
    const days = '# Log\n\n## 2026-11-02 — Day\n\n### 2026-11-02 09:00 Standup\n\nx\n\n### 2026-11-02 14:00 Review\n\ny\n\n## 2026-11-03 — Day\n\n### 2026-11-03 09:00 Standup\n\nz\n';
    assert.deepEqual(parse(days).entries.map((e) => e.heading), ['2026-11-02 — Day', '2026-11-03 — Day']);
  });

  it('reads a section per task under a day that names none as that task\'s entry, dated by the day', () => {
    const log = parse(
      '# Work Log\n\n## 2026-01-02\n\n### TASK_001: Schema\nDid the schema.\n\n### TASK_002: API\nStarted API.\n\n' +
        '## 2026-01-03 10:00 UTC — Other (TASK_003)\n\n### Files Modified\n- a.ts\n\n### TASK_004: notes\nmore\n',
    );
    assert.deepEqual(log.entries.map((e) => [e.heading, e.timestamp, e.taskIds]), [
      ['TASK_001: Schema', '2026-01-02', ['TASK_001']],
      ['TASK_002: API', '2026-01-02', ['TASK_002']],
      // Under an entry that names its task, such a section is part of that entry.
      ['2026-01-03 10:00 UTC — Other (TASK_003)', '2026-01-03T10:00Z', ['TASK_003']],
    ]);
  });

  it('finds task-id-looking tokens only', () => {
    assert.deepEqual(mentionedIds('see TASK_001, TASK-002 and AUTH_SYSTEM; not Task_3, task_004 or POST'), [
      'TASK_001',
      'TASK-002',
      'AUTH_SYSTEM',
    ]);
  });
});

describe('readTimestamp', () => {
  it('reads the date spellings agents use', () => {
    const cases: [string, string | undefined][] = [
      ['2026-11-02T15:40:00Z', '2026-11-02'],
      ['2026/11/02 15:40', '2026-11-02'],
      ['2026.11.02', '2026-11-02'],
      ['17/09/2026', '2026-09-17'],
      ['17.9.26', '2026-09-17'],
      ['09/17/2026', '2026-09-17'],
      ['07/07/2026', '2026-07-07'],
      ['07/09/2026', undefined],
      ['2 Nov 2026', '2026-11-02'],
      ['November 2, 2026 at 3:05 pm', '2026-11-02'],
      ['31/02/2026', undefined],
    ];
    for (const [text, date] of cases) assert.equal(readTimestamp(text)?.date, date, text);
    const t = readTimestamp('November 2, 2026 at 3:05 pm')!;
    assert.deepEqual([t.time?.hour, t.time?.minute], [15, 5]);
    assert.equal(readTimestamp('31/02/2026')!.unreadable, true);
    // Day and month both 12 or less: 7 September or 9 July, and nothing says which.
    for (const text of ['07/09/2026', '7.9.26', '07-09-2026 10:00']) {
      const read = readTimestamp(text)!;
      assert.deepEqual([read.date, read.unreadable, read.ambiguous], [undefined, true, ['2026-09-07', '2026-07-09']], text);
    }
    assert.equal(readTimestamp('07/09/2026 25:00')!.ambiguous, undefined);
    assert.equal(readTimestamp('no date here'), undefined);
    assert.equal(readTimestamp('25:61')!.unreadable, true);
  });

  it('reads no date in a version number: lodash 4.17.21, v1.2.26, node@18.2.26, 1.2.26.4', () => {
    for (const text of ['Upgrade lodash 4.17.21', 'Release v1.2.26', 'pin node@18.2.26', 'build 1.2.26.4']) assert.equal(readTimestamp(text), undefined, text);
    // The next date in the text is still read; dotted dates day first, and month first with four-digit years, still are.
    assert.equal(readTimestamp('lodash 4.17.21, deployed 17.9.26')?.date, '2026-09-17');
    assert.equal(readTimestamp('12.25.2026')?.date, '2026-12-25');
    // A log whose sections name versions: the version is no entry's date, and makes no entry of its own.
    const log = parse('# Work Log\n\n## 2026-11-02 — Upgrades (TASK_001)\n\n### Bump lodash 4.17.21\n\nDone.\n');
    assert.deepEqual(log.entries.map((e) => [e.heading, e.timestamp]), [['2026-11-02 — Upgrades (TASK_001)', '2026-11-02']]);
  });

  it('reads a zone named by its abbreviation as its offset; one that names several zones as no zone', () => {
    const zoneOf = (text: string): [string | undefined, string | undefined] => {
      const read = readTimestamp(text);
      return [read?.time?.zone, read?.timeText];
    };
    assert.deepEqual(zoneOf('## 2026-11-02 10:00 PST — deploy'), ['-08:00', '2026-11-02 10:00 PST']);
    assert.deepEqual(zoneOf('Nov 2, 2026 at 3:05 pm edt'), ['-04:00', 'Nov 2, 2026 at 3:05 pm edt']);
    // A zone that is also a word is one only in capitals.
    assert.equal(zoneOf('## 2026-11-02 14:00 West region deploy')[0], undefined);
    // ...and then no part of the time: the entry's summary keeps it.
    assert.deepEqual(zoneOf('## 2026-11-02 14:00 West region deploy'), [undefined, '2026-11-02 14:00']);
    assert.deepEqual(zoneOf('14:00 west wing'), [undefined, '14:00']);
    assert.deepEqual(parse('# Log\n\n## 2026-11-02 14:00 West region deploy\n\nDone.\n').entries.map((e) => [e.timestamp, e.summary]), [['2026-11-02T14:00', 'West region deploy']]);
    // A Z that starts a word is no zone either.
    assert.deepEqual(zoneOf('2026-11-02 14:00 zoom sync'), [undefined, '2026-11-02 14:00']);
    assert.deepEqual(zoneOf('2026-11-02 14:00Z'), ['Z', '2026-11-02 14:00Z']);
    assert.equal(zoneOf('## 2026-11-02 14:00 WEST — deploy')[0], '+01:00');
    assert.deepEqual(zoneOf('2026-11-02T10:00 CEST'), ['+02:00', '2026-11-02T10:00 CEST']);
    assert.deepEqual(zoneOf('2026-11-02 10:00 WET'), ['Z', '2026-11-02 10:00 WET']);
    // US Central or China; India, Ireland or Israel: the time is read, its zone is not.
    assert.deepEqual(zoneOf('2026-11-02 10:00 CST'), [undefined, '2026-11-02 10:00']);
    assert.deepEqual(zoneOf('2026-11-02 10:00 IST'), [undefined, '2026-11-02 10:00']);
    // A word that starts like one is no zone.
    assert.deepEqual(zoneOf('2026-11-02 10:00 ESTIMATE'), [undefined, '2026-11-02 10:00']);
  });

  it("reads an ambiguous numeric date as the file's convention says, when it says one", () => {
    const dayFirst = dateConvention('## Day 01 — 07/09/2026\n## Day 12 — 18/09/2026\n');
    const monthFirst = dateConvention('created_at: "12/25/2026"\ncreated_at: "07/09/2026"\n');
    const read = (text: string, convention: ReturnType<typeof dateConvention>): unknown[] => {
      const r = readTimestamp(text, convention)!;
      return [r.date, r.readAs, r.unreadable, r.ambiguous];
    };
    assert.deepEqual(read('07/09/2026 10:00', dayFirst), ['2026-09-07', 'dmy', false, undefined]);
    assert.deepEqual(read('07/09/2026', monthFirst), ['2026-07-09', 'mdy', false, undefined]);
    // The convention is per separator: the slashed dates say nothing about dotted or dashed ones.
    assert.deepEqual(read('7.9.26', dayFirst), [undefined, undefined, true, ['2026-09-07', '2026-07-09']]);
    // Dates that need no convention are read as before, and it is not asked.
    const asked: string[] = [];
    const spy = (separator: string): DateOrder | undefined => (asked.push(separator), 'mdy');
    assert.deepEqual(['17/09/2026', '05/05/2026', '2026/09/07', '7 Sep 2026'].map((t) => readTimestamp(t, spy)!.date), ['2026-09-17', '2026-05-05', '2026-09-07', '2026-09-07']);
    assert.deepEqual(asked, []);
  });

  it('finds a convention only in dates of one separator read only one way round, all the same way', () => {
    const order = (text: string): (DateOrder | undefined)[] => ['/', '.', '-'].map(dateConvention(text));
    assert.deepEqual(order('18/09/2026, 7.9.26, 25-12-26'), ['dmy', undefined, 'dmy']);
    assert.deepEqual(order('09/18/2026 and 12.25.2026'), ['mdy', 'mdy', undefined]);
    // Both ways round, or only dates either way round would be the same or neither way a day: no convention.
    assert.deepEqual(order('18/09/2026 then 09/19/2026; 3.4.26'), [undefined, undefined, undefined]);
    assert.deepEqual(order('05/05/2026 07/09/2026 31/02/2026 13/13/2026 2026/11/25 v1.2.3 1/20/300'), [undefined, undefined, undefined]);
  });
});
