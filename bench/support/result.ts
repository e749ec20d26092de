// The machine-readable result line every benchmark prints last, and its reader (`npm run bench`).
// A bench calls emitBenchResult(name, metrics) once; the line is `BENCH_RESULT {json}` on stdout.

export const BENCH_RESULT_MARKER = 'BENCH_RESULT ';

export type GoalOp = '<' | '<=' | '>' | '>=';

export interface BenchMetric {
  metric: string;
  value: number;
  unit?: string;
  // e.g. ['<', 100]: met when value < 100.
  goal?: [GoalOp, number];
}

export interface BenchResultLine {
  bench: string;
  metrics: Array<BenchMetric & { met: boolean | null }>;
}

export function goalMet(value: number, goal: [GoalOp, number] | undefined): boolean | null {
  if (!goal) return null;
  const [op, target] = goal;
  if (!Number.isFinite(value)) return false;
  return op === '<' ? value < target : op === '<=' ? value <= target : op === '>' ? value > target : value >= target;
}

export function formatGoal(goal: [GoalOp, number] | undefined, unit?: string): string {
  return goal ? `${goal[0]} ${goal[1]}${unit ? ` ${unit}` : ''}` : '-';
}

export function emitBenchResult(bench: string, metrics: BenchMetric[]): void {
  const line: BenchResultLine = { bench, metrics: metrics.map((m) => ({ ...m, value: round(m.value), met: goalMet(m.value, m.goal) })) };
  process.stdout.write(`\n${BENCH_RESULT_MARKER}${JSON.stringify(line)}\n`);
}

// Every result line in a bench's output (normally one).
export function parseBenchResults(output: string): BenchResultLine[] {
  const found: BenchResultLine[] = [];
  for (const line of output.split('\n')) {
    const at = line.indexOf(BENCH_RESULT_MARKER);
    if (at < 0) continue;
    try {
      const parsed = JSON.parse(line.slice(at + BENCH_RESULT_MARKER.length)) as BenchResultLine;
      if (parsed && typeof parsed.bench === 'string' && Array.isArray(parsed.metrics)) found.push(parsed);
    } catch {
      // a torn or foreign line: not a result
    }
  }
  return found;
}

function round(x: number): number {
  return Number.isFinite(x) ? Math.round(x * 1000) / 1000 : x;
}
