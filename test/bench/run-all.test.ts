import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emitBenchResult, goalMet, parseBenchResults } from '../../bench/support/result';

const ROOT = join(__dirname, '..', '..');

describe('bench result lines', () => {
  it('round-trip: what a bench emits is what npm run bench reads, goals judged', () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      emitBenchResult('inbound', [
        { metric: 'webhook p99', unit: 'ms', value: 41.23456, goal: ['<', 100] },
        { metric: 'ratio', value: 0.42, goal: ['>=', 0.5] },
        { metric: 'throughput', unit: 'req/s', value: 1800 },
      ]);
    } finally {
      spy.mockRestore();
    }
    expect(parseBenchResults(`noise\n${written.join('')}more noise\nBENCH_RESULT {torn`)).toEqual([
      {
        bench: 'inbound',
        metrics: [
          { metric: 'webhook p99', unit: 'ms', value: 41.235, goal: ['<', 100], met: true },
          { metric: 'ratio', value: 0.42, goal: ['>=', 0.5], met: false },
          { metric: 'throughput', unit: 'req/s', value: 1800, met: null },
        ],
      },
    ]);
    expect([goalMet(100, ['<', 100]), goalMet(100, ['<=', 100]), goalMet(3, ['>', 2]), goalMet(NaN, ['>=', 0])]).toEqual([false, true, true, false]);
  });
});

// The runner itself, in a scratch project whose bench:* scripts are tiny node programs.
describe('npm run bench', () => {
  let dir: string;

  const line = (bench: string, value: number, goal: number) =>
    `BENCH_RESULT ${JSON.stringify({ bench, metrics: [{ metric: `${bench} p95`, unit: 'ms', value, goal: ['<', goal], met: value < goal }] })}`;
  const script = (file: string) => `node ${file}`;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'josh-bench-runner-'));
    const program = (name: string, body: string) => writeFileSync(join(dir, name), body);
    program('fast.js', `console.log('fast output'); console.log(${JSON.stringify(line('fast', 12, 100))});`);
    program('slow.js', `console.log(${JSON.stringify(line('slow', 250, 100))});`);
    program('broken.js', `console.error('it broke'); process.exit(3);`);
    program('soak.js', `require('fs').writeFileSync(${JSON.stringify(join(dir, 'soak-ran'))}, 'yes'); console.log(${JSON.stringify(line('soak', 1, 2))});`);
    const scripts = {
      test: 'jest',
      'bench:fast': script('fast.js'),
      'bench:slow': script('slow.js'),
      'bench:broken': script('broken.js'),
      'bench:soak': script('soak.js'),
    };
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bench-runner-test', private: true, scripts }));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function runner(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'bench', 'run-all.ts'), ...args], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), NODE_PATH: join(ROOT, 'node_modules') },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('error', reject);
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
    });
  }

  const tableOf = (stdout: string) => stdout.slice(stdout.lastIndexOf('\nbench ') + 1).trim().split('\n').map((l) => l.split(/\s{2,}/));

  it('runs every bench but the soak, in order, then one table; exits 1 when a goal is missed or a bench fails', async () => {
    const r = await runner(['--progress']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('fast output');
    expect(r.stderr).toContain('it broke');
    expect(r.stderr).toMatch(/bench \[#{24}\] 100% 3\/3 benches .*done/);
    expect(existsSync(join(dir, 'soak-ran'))).toBe(false);
    expect(tableOf(r.stdout)).toEqual([
      ['bench', 'metric', 'goal', 'result', 'met'],
      [expect.stringMatching(/^-+$/), expect.stringMatching(/^-+$/), expect.stringMatching(/^-+$/), expect.stringMatching(/^-+$/), expect.stringMatching(/^-+$/)],
      ['fast', 'fast p95', '< 100 ms', '12 ms', 'yes'],
      ['slow', 'slow p95', '< 100 ms', '250 ms', 'NO'],
      ['broken', '(the bench failed)', '-', 'exit 3', 'NO'],
    ]);
  }, 120_000);

  it('runs the soak only when asked, and picks benches with --only', async () => {
    const only = await runner(['--only', 'fast']);
    expect(only.code).toBe(0);
    expect(tableOf(only.stdout).slice(2)).toEqual([['fast', 'fast p95', '< 100 ms', '12 ms', 'yes']]);
    expect(only.stderr).not.toContain('['); // no terminal, no --progress: no bar
    const soak = await runner(['--soak', '--only=fast,soak']);
    expect(soak.code).toBe(0);
    expect(existsSync(join(dir, 'soak-ran'))).toBe(true);
    expect(tableOf(soak.stdout).slice(2).map((row) => row[0])).toEqual(['fast', 'soak']);
  }, 120_000);
});
