import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../src/database/embedded-postgres';

// The guard suite (`npm run test:guards`, README "Guard suite"): for every guard listed in
// guards.json it removes the guard in a scratch copy of the repository, runs the test file that
// claims to cover it, and reports "bites" (the test failed) or "SURVIVES" (it passed without the
// guard). Exit 1 when a guard survives, an entry is stale (its `find` text is not in the file
// exactly once) or a covering test fails even with the guard in place.
//
//   npm run test:guards                      every guard, two at a time
//   npm run test:guards -- otp-row-lock ...  only these ids
//   npm run test:guards -- --jobs 1          one at a time

export interface Guard {
  id: string;
  file: string;
  find: string;
  replace: string;
  test: string;
  why: string;
}

type Verdict = 'bites' | 'SURVIVES' | 'STALE' | 'BROKEN';
interface Result {
  guard: Guard;
  verdict: Verdict;
  seconds: number;
  detail?: string;
}

const ROOT = resolve(__dirname, '..', '..');
const GUARDS_FILE = join(__dirname, 'guards.json');
// Copied into each scratch copy; node_modules is linked, build output and data are left out.
const SKIP = new Set(['node_modules', '.git', 'dist', '.data', 'coverage', 'reports', '.stryker-tmp']);
const RUN_TIMEOUT_MS = 6 * 60_000;
const EMBEDDED_PORT = 54349;

export function loadGuards(file = GUARDS_FILE): Guard[] {
  const guards = JSON.parse(readFileSync(file, 'utf8')) as Guard[];
  const ids = new Set<string>();
  for (const g of guards) {
    for (const k of ['id', 'file', 'find', 'replace', 'test', 'why'] as const) {
      if (typeof g[k] !== 'string' || (k !== 'replace' && g[k].length === 0)) throw new Error(`guards.json: ${g.id ?? '?'} has no ${k}`);
    }
    if (ids.has(g.id)) throw new Error(`guards.json: duplicate id ${g.id}`);
    ids.add(g.id);
    if (g.find === g.replace) throw new Error(`guards.json: ${g.id} replaces its guard with itself`);
  }
  return guards;
}

// The guarded file with the guard removed, or why it cannot be (a stale entry fails loudly).
export function removeGuard(source: string, g: Guard): { text: string } | { error: string } {
  const first = source.indexOf(g.find);
  if (first < 0) return { error: `the guard text is not in ${g.file}` };
  if (source.indexOf(g.find, first + 1) >= 0) return { error: `the guard text is in ${g.file} more than once` };
  return { text: source.slice(0, first) + g.replace + source.slice(first + g.find.length) };
}

function scratchCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'josh-guards-'));
  cpSync(ROOT, dir, {
    recursive: true,
    filter: (src) => {
      const rel = relative(ROOT, src);
      return rel === '' || !SKIP.has(rel.split('/')[0]);
    },
  });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

// Test runs in flight (each its own process group), ended with the runner on Ctrl-C or SIGTERM.
const running = new Set<number>();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    for (const pid of running) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    process.exit(130);
  });
}

// Runs one test file in `dir`; true when it passed.
function runTest(dir: string, test: string, databaseUrl: string): Promise<{ passed: boolean; output: string }> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      [join(dir, 'node_modules', 'jest', 'bin', 'jest.js'), '--ci', '--runTestsByPath', test, '--cacheDirectory', join(dir, '.jest-cache')],
      { cwd: dir, env: { ...process.env, DATABASE_URL: databaseUrl, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    running.add(child.pid!);
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => {
      output += `\n(killed after ${RUN_TIMEOUT_MS / 1000} s)`;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, RUN_TIMEOUT_MS);
    child.on('close', (code) => {
      running.delete(child.pid!);
      clearTimeout(timer);
      done({ passed: code === 0, output });
    });
  });
}

// The first failing test's name, for the report.
function firstFailure(output: string): string | undefined {
  const line = output.split('\n').find((l) => l.trim().startsWith('●') && !l.includes('Console'));
  return line?.trim().replace(/^●\s*/, '').slice(0, 160);
}

async function databaseUrl(): Promise<{ url: string; embedded?: EmbeddedPostgresHandle }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL };
  const embedded = await startEmbeddedPostgres({ dataDir: join(ROOT, '.data', 'guards-postgres'), port: EMBEDDED_PORT, database: 'postgres' });
  return { url: embedded.url, embedded };
}

function parseArgs(argv: string[]): { ids: string[]; jobs: number } {
  const ids: string[] = [];
  let jobs = 2;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--jobs') jobs = Math.max(1, parseInt(argv[++i], 10) || 1);
    else ids.push(argv[i]);
  }
  return { ids, jobs };
}

async function main(): Promise<number> {
  const started = Date.now();
  const { ids, jobs } = parseArgs(process.argv.slice(2));
  const all = loadGuards();
  const unknown = ids.filter((id) => !all.some((g) => g.id === id));
  if (unknown.length) throw new Error(`unknown guard id(s): ${unknown.join(', ')}`);
  const guards = ids.length ? all.filter((g) => ids.includes(g.id)) : all;
  for (const g of guards) {
    for (const f of [g.file, g.test]) if (!existsSync(join(ROOT, f))) throw new Error(`guards.json: ${g.id}: ${f} does not exist`);
  }
  const { url, embedded } = await databaseUrl();
  const dirs = Array.from({ length: Math.min(jobs, guards.length) }, scratchCopy);
  const results: Result[] = [];
  try {
    // First each covering test as it is: a test that fails with every guard in place proves nothing.
    const tests = [...new Set(guards.map((g) => g.test))];
    const broken = new Map<string, string | undefined>();
    await pool(dirs, tests, async (dir, test) => {
      const r = await runTest(dir, test, url);
      if (!r.passed) broken.set(test, firstFailure(r.output) ?? r.output.slice(-400));
      console.log(`${r.passed ? 'passes  ' : 'FAILS   '} ${test} (with every guard)`);
    });
    await pool(dirs, guards, async (dir, g) => {
      const t0 = Date.now();
      const seconds = () => Math.round((Date.now() - t0) / 100) / 10;
      let result: Result;
      if (broken.has(g.test)) {
        result = { guard: g, verdict: 'BROKEN', seconds: 0, detail: `${g.test} fails with the guard in place: ${broken.get(g.test)}` };
      } else {
        const path = join(dir, g.file);
        const original = readFileSync(path, 'utf8');
        const removed = removeGuard(original, g);
        if ('error' in removed) {
          result = { guard: g, verdict: 'STALE', seconds: 0, detail: removed.error };
        } else {
          writeFileSync(path, removed.text);
          try {
            const r = await runTest(dir, g.test, url);
            result = { guard: g, verdict: r.passed ? 'SURVIVES' : 'bites', seconds: seconds(), detail: r.passed ? undefined : firstFailure(r.output) };
          } finally {
            writeFileSync(path, original);
          }
        }
      }
      results.push(result);
      const label = result.verdict.padEnd(8);
      console.log(`${label} ${g.id} (${g.test}, ${result.seconds} s)${result.detail ? `\n         ${result.detail}` : ''}`);
    });
  } finally {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    await embedded?.stop();
  }
  const count = (v: Verdict) => results.filter((r) => r.verdict === v).length;
  const total = Math.round((Date.now() - started) / 1000);
  console.log(
    `\n${results.length} guards: ${count('bites')} bite, ${count('SURVIVES')} survive, ${count('STALE')} stale, ${count('BROKEN')} broken (${total} s, ${dirs.length} at a time)`,
  );
  for (const r of results.filter((x) => x.verdict !== 'bites')) console.log(`  ${r.verdict} ${r.guard.id}: ${r.guard.why}`);
  return results.every((r) => r.verdict === 'bites') ? 0 : 1;
}

// Runs `work` over `items`, one item per scratch copy at a time.
async function pool<T>(dirs: string[], items: T[], work: (dir: string, item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    dirs.map(async (dir) => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(dir, item);
    }),
  );
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
