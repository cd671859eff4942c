import { strict as assert } from 'node:assert';
import { plainInline } from '../../src/core/worklog/plainInline';

describe('plainInline: work-log text for places that show no markdown', () => {
  it('drops code, bold, emphasis and link marks and keeps their text', () => {
    assert.equal(plainInline('`src/routes/users.ts` — handler and **zod** schema'), 'src/routes/users.ts — handler and zod schema');
    assert.equal(plainInline('see ``a `tick` inside`` and [the spec](https://x.test/spec)'), 'see a `tick` inside and the spec');
    assert.equal(plainInline('_first_ half, *not* all'), 'first half, not all');
  });

  it('leaves text without marks, and lone marks, as written', () => {
    for (const text of ['POST /api/users, first half (TASK_002)', 'snake_case_name and 2 * 3 * 4', 'a ` lone tick', 'my_var_name']) {
      assert.equal(plainInline(text), text);
    }
  });
});
