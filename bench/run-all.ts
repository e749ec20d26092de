// `npm run bench`: every benchmark of package.json (`bench:*` scripts) in sequence, then one table:
// bench, metric, goal, result, met. Each bench prints a BENCH_RESULT line (bench/support/result.ts)
// that this reads. Long soak runs (`bench:*soak*`) are left out unless --soak (or --all) is given;
// `--only inbound,matching` picks some. Progress and an ETA on a terminal (--progress / --no-progress).
// Exits 1 when a bench failed, printed no result, or missed a goal. Each bench's own variables
// (BENCH_DATABASE_URL, BENCH_MEMBERS, BENCH_DURATION ...) pass through.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDuration, Progress, progressMode } from '../src/common/progress';
import { formatGoal, parseBenchResults, type BenchResultLine } from './support/result';

interface BenchRun {
  script: string;
  exitCode: number | null;
  ms: number;
  results: BenchResultLine[];
}

export function benchScripts(scripts: Record<string, string>, argv: string[]): string[] {
  const withSoak = argv.includes('--soak') || argv.includes('--all');
  const onlyArg = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length) ?? (argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined);
  const only = onlyArg ? new Set(onlyArg.split(',').map((s) => (s.startsWith('bench:') ? s : `bench:${s}`))) : null;
  return Object.keys(scripts)
    .filter((name) => name.startsWith('bench:'))
    .filter((name) => (only ? only.has(name) : withSoak || !/soak/i.test(name)));
}

function run(script: string, progress: Progress): Promise<BenchRun> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      progress.interrupt(() => process.stdout.write(d));
    });
    child.stderr.on('data', (d: Buffer) => progress.interrupt(() => process.stderr.write(d)));
    child.on('error', (err) => progress.log(`${script}: ${err.message}`));
    child.on('close', (code) => resolve({ script, exitCode: code, ms: Date.now() - started, results: parseBenchResults(out) }));
  });
}

// Whole numbers as they are; otherwise three significant digits or so (1321, 85.4, 0.53).
function formatValue(v: number): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);
}

function table(runs: BenchRun[]): { text: string; ok: boolean } {
  const rows: string[][] = [['bench', 'metric', 'goal', 'result', 'met']];
  let ok = true;
  for (const r of runs) {
    const name = r.script.replace(/^bench:/, '');
    const metrics = r.results.flatMap((x) => x.metrics);
    if (r.exitCode !== 0 && metrics.length === 0) {
      rows.push([name, '(the bench failed)', '-', `exit ${r.exitCode}`, 'NO']);
      ok = false;
      continue;
    }
    if (metrics.length === 0) {
      rows.push([name, '(no BENCH_RESULT line)', '-', `exit ${r.exitCode}`, 'NO']);
      ok = false;
      continue;
    }
    for (const m of metrics) {
      const met = m.met === null ? '-' : m.met ? 'yes' : 'NO';
      if (m.met === false) ok = false;
      rows.push([name, m.metric, formatGoal(m.goal, m.unit), `${formatValue(m.value)}${m.unit ? ` ${m.unit}` : ''}`, met]);
    }
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const lines = rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd());
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return { text: lines.join('\n'), ok };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const pkg = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const scripts = benchScripts(pkg.scripts ?? {}, argv);
  if (scripts.length === 0) throw new Error('no bench:* scripts to run');
  const progress = new Progress({ label: 'bench', total: scripts.length, unit: 'benches', mode: progressMode(argv) });
  progress.log(`running ${scripts.join(', ')} (one after the other; other load on this machine skews the figures)`);
  const runs: BenchRun[] = [];
  for (const script of scripts) {
    progress.log(`\n=== ${script}`);
    const r = await run(script, progress);
    runs.push(r);
    progress.log(`=== ${script}: exit ${r.exitCode} after ${formatDuration(r.ms)}`);
    progress.tick();
  }
  progress.finish();
  const { text, ok } = table(runs);
  process.stdout.write(`\n${text}\n`);
  process.exitCode = ok ? 0 : 1;
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
