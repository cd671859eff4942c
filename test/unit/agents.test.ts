import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAgentDefinition } from '../../src/core/agents/parseAgentDefinition';
import { spanText } from '../../src/core/text';

const agentsDir = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'demo-workspace', '.claude', 'agents');

function readAgent(name: string): ReturnType<typeof parseAgentDefinition> {
  return parseAgentDefinition({ file: `.claude/agents/${name}.md`, text: readFileSync(join(agentsDir, `${name}.md`), 'utf8') });
}

describe('parseAgentDefinition', () => {
  it('reads the demo agents', () => {
    const backend = readAgent('backend-engineer');
    assert.equal(backend.name, 'backend-engineer');
    assert.equal(backend.color, 'orange');
    assert.equal(backend.model, undefined);
    assert.equal(backend.description, 'Agent responsible for backend services development');
    assert.deepEqual(backend.tools, ['Read', 'Write', 'Edit', 'MultiEdit', 'Grep', 'Glob', 'LS', 'Bash', 'TodoWrite', 'TodoRead']);
    assert.deepEqual(backend.problems, []);
    const eng = readAgent('eng-backend');
    assert.deepEqual([eng.name, eng.model, eng.color], ['eng-backend', 'sonnet', 'yellow']);
    const front = readAgent('frontend-engineer');
    assert.deepEqual([front.name, front.model, front.color, front.tools], ['frontend-engineer', 'haiku', 'cyan', ['Read', 'Write', 'Edit', 'Bash']]);
  });

  it('reads tools as a YAML list, and the file stem when name is missing', () => {
    const a = parseAgentDefinition({ file: 'w/.claude/agents/qa.md', text: '---\ntools:\n  - Read\n  - " Grep "\ncolor: red\n---\nbody\n' });
    assert.deepEqual([a.name, a.tools, a.color], ['qa', ['Read', 'Grep'], 'red']);
    const none = parseAgentDefinition({ file: 'C:\\w\\.claude\\agents\\plain.md', text: 'No front matter at all.\n' });
    assert.deepEqual([none.name, none.tools, none.problems], ['plain', [], []]);
  });

  it('reports bad YAML as bad-front-matter on its line, never throwing', () => {
    const text = '\ufeff---\r\nname: x\r\ntools: [Read, Write\r\n---\r\nbody\r\n';
    const a = parseAgentDefinition({ file: 'bad.md', text });
    assert.equal(a.name, 'bad');
    assert.equal(a.problems.length, 1);
    const p = a.problems[0]!;
    assert.equal(p.code, 'bad-front-matter');
    assert.equal(p.severity, 'error');
    assert.match(p.message, /^bad\.md:3: /);
    assert.equal(spanText(text, p.span), 'tools: [Read, Write');
    const list = parseAgentDefinition({ file: 'list.md', text: '---\n- a\n- b\n---\n' });
    assert.equal(list.problems[0]!.code, 'bad-front-matter');
  });

  it('reads a generated description with `: ` and <example> blocks the way Claude Code does, as information', () => {
    // The shape agent generators write: one unquoted line with `\n` escapes, `for: EAS builds` and <example> tags.
    const description =
      'Use this agent to ship builds. MUST BE USED for: EAS builds, submissions.\\n\\nExamples:\\n<example>\\nContext: a release.\\nuser: "Ship it"\\n</example>';
    const text = `---\nname: store-deployer\ndescription: ${description}\nmodel: sonnet\ncolor: blue\ntools: Read, Bash\n---\n\nYou deploy apps.\n`;
    const a = parseAgentDefinition({ file: '.claude/agents/store-deployer.md', text });
    assert.deepEqual([a.name, a.model, a.color, a.tools, a.description], ['store-deployer', 'sonnet', 'blue', ['Read', 'Bash'], description]);
    assert.deepEqual(a.problems.map((p) => [p.code, p.severity, spanText(text, p.span).slice(0, 12)]), [['loose-front-matter', 'info', 'description:']]);
    assert.match(a.problems[0]!.message, /^\.claude\/agents\/store-deployer\.md:3: the front matter is not strict YAML \(.+\); it was read line by line/);
    // Continuation lines, a folded block and a quoted value, with the plain line that breaks strict YAML.
    const folded = parseAgentDefinition({
      file: 'f.md',
      text: '---\nname: "Code Reviewer"\ndescription: Reviews code. Use for: pull requests\n  and hotfixes.\nnotes: >-\n  one\n  two\n---\n',
    });
    assert.deepEqual([folded.name, folded.description, folded.problems.map((p) => p.code)], ['Code Reviewer', 'Reviews code. Use for: pull requests and hotfixes.', ['loose-front-matter']]);
  });

  it('re-parses changed text with the same options (no stale gray-matter cache)', () => {
    const one = parseAgentDefinition({ file: 'a.md', text: '---\nname: one\n---\n' });
    const two = parseAgentDefinition({ file: 'a.md', text: '---\nname: two\n---\n' });
    const oneAgain = parseAgentDefinition({ file: 'b.md', text: '---\nname: one\n---\n' });
    assert.deepEqual([one.name, two.name, oneAgain.name, oneAgain.file], ['one', 'two', 'one', 'b.md']);
  });

  describe('executable front matter (regression: gray-matter must not eval ---js)', () => {
    const globals = globalThis as Record<string, unknown>;
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'atb-js-front-matter-'));
      delete globals.__atbPwned;
    });
    afterEach(() => {
      rmSync(dir, { recursive: true, force: true });
      delete globals.__atbPwned;
    });

    for (const opener of ['---js', '---javascript', '---JS', '--- javascript ']) {
      it(`runs nothing for "${opener}" front matter and reports it`, () => {
        const marker = join(dir, 'ran.txt');
        const payload =
          `{ name: (globalThis.__atbPwned = true, ` +
          `require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran'), 'evil') }`;
        const text = `${opener}\n${payload}\n---\nbody\n`;
        const a = parseAgentDefinition({ file: '.claude/agents/evil.md', text });
        assert.equal(globals.__atbPwned, undefined, 'no global was set');
        assert.equal(existsSync(marker), false, 'no file was written');
        assert.equal(a.name, 'evil', 'the name is the file stem, not the payload');
        assert.equal(a.problems.length, 1);
        assert.equal(a.problems[0]!.code, 'bad-front-matter');
        assert.match(a.problems[0]!.message, /executable code and is never run/);
      });
    }
  });
});
