// Bench section: hostile boards. A 5 MB line of `- T: x: x: x: …` (an item no
// fast path reads, which yaml answers with an error per colon) parsed and
// linted by the core, against the same for a generated board of the same
// size in the plain shape, in the same run. Before items over 64 KB were
// bounded, `list` on such a file took 14 s and 1.4 GB, `lint` 50 s.
import { makeBoard } from './parse.mjs';

function time(fn) {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export async function run(ctx) {
  const { parseBoard } = ctx.core('board/parseBoard');
  const { lintBoard } = ctx.core('board/lintBoard');
  const section = 'hostile';
  const line = `\`\`\`yaml\n- T: ${'x: '.repeat(1_700_000)}\n  status: todo\n\`\`\`\n`;
  let plain = '';
  for (let n = 20_000; plain.length < line.length; n += 5_000) plain = makeBoard(n).text;
  const readBoth = (text) => lintBoard(parseBoard({ file: 'TODO.md', text }), text);
  const hostile = [];
  const normal = [];
  for (let i = 0; i < 5; i++) {
    hostile.push(time(() => readBoth(line)));
    normal.push(time(() => readBoth(plain)));
  }
  const h = ctx.median(hostile);
  const n = ctx.median(normal);
  const mb = (chars) => Math.round(chars / 1e5) / 10;
  return [
    {
      section,
      name: `parse + lint of one ${mb(line.length)} MB line "- T: x: x: …": ${Math.round(h)} ms, over a ${mb(plain.length)} MB plain board's ${Math.round(n)} ms`,
      target: '',
      measured: `${Math.round((h / n) * 100) / 100}×`,
      unit: 'plain board',
      ok: true,
    },
  ];
}
