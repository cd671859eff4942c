// Bench section: claims through git (`--sync`). N agents, each in its own
// clone of a local bare remote, claim 3 tasks each at the same time (no two
// agents want the same task: what is measured is the board branch itself, one
// ref that every claim must move). Claims per second, and pushes per claim
// (1 when nobody moved first; each rejected non-fast-forward adds one), for
// 2, 8 and 32 agents. A hosted remote serialises pushes to one ref at one to
// a few per second, so there the claims per second are bounded by that, and
// the pushes per claim grow as here.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PER_AGENT = 3;

function git(cwd, ...args) {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function board(tasks) {
  const items = [];
  for (let i = 1; i <= tasks; i++) items.push(`- TASK_${String(i).padStart(3, '0')}: "Task ${i}"\n  assigned_agent:\n  status: todo\n`);
  return `# TODO\n\n\`\`\`yaml\n${items.join('\n')}\`\`\`\n\n## Session History\n\n`;
}

function claim(cli, cwd, id, agent) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, 'claim', id, '--agent', agent, '--sync', '--json'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
    child.on('close', (code) => {
      let attempts = 0;
      try {
        attempts = JSON.parse(out).sync?.attempts ?? 0;
      } catch {
        attempts = 0;
      }
      resolve({ code, attempts, err: err.trim() });
    });
  });
}

async function round(cli, dir, agents) {
  const remote = join(dir, `remote-${agents}.git`);
  git(dir, 'init', '-q', '--bare', '-b', 'main', remote);
  const seed = join(dir, `seed-${agents}`);
  git(dir, 'clone', '-q', remote, seed);
  writeFileSync(join(seed, 'TODO.md'), board(agents * PER_AGENT));
  git(seed, 'add', '-A');
  git(seed, '-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'commit', '-q', '-m', 'board');
  git(seed, 'push', '-q', 'origin', 'main');
  const clones = [];
  for (let a = 0; a < agents; a++) {
    const clone = join(dir, `clone-${agents}-${a}`);
    git(dir, 'clone', '-q', remote, clone);
    git(clone, 'config', 'user.name', `agent-${a}`);
    git(clone, 'config', 'user.email', `agent-${a}@example.com`);
    clones.push(clone);
  }
  const started = process.hrtime.bigint();
  const results = await Promise.all(
    clones.map(async (clone, a) => {
      const mine = [];
      for (let k = 0; k < PER_AGENT; k++) mine.push(await claim(cli, clone, `TASK_${String(a * PER_AGENT + k + 1).padStart(3, '0')}`, `agent-${a}`));
      return mine;
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const all = results.flat();
  const won = all.filter((r) => r.code === 0);
  const pushes = won.reduce((n, r) => n + r.attempts, 0);
  const why = all.find((r) => r.code !== 0)?.err;
  return { why, claims: won.length, failed: all.length - won.length, perSecond: won.length / seconds, pushesPerClaim: won.length ? pushes / won.length : 0 };
}

export async function run(ctx) {
  const section = 'sync';
  const cli = join(ctx.root, 'dist', 'cli.js');
  const dir = mkdtempSync(join(ctx.benchDir, 'sync-'));
  const rows = [];
  try {
    for (const agents of [2, 8, 32]) {
      const r = await round(cli, dir, agents);
      const what = `${agents} agents, ${PER_AGENT} claims each, local bare remote`;
      rows.push({ section, name: `${what}: claims per second${r.failed ? ` (${r.failed} failed: ${r.why})` : ''}`, target: '', measured: r.perSecond.toFixed(1), unit: '/s', ok: r.failed === 0 });
      rows.push({ section, name: `${what}: pushes per claim`, target: '', measured: r.pushesPerClaim.toFixed(2), unit: '', ok: r.failed === 0 });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
