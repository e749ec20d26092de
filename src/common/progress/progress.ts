// Progress and ETA for long commands (seed:demo, bench, sms:reencrypt, billing:replay). On a terminal
// it redraws one line in place; with --progress and no terminal (CI logs) it prints a plain line
// every few seconds; otherwise it says nothing, so logs stay clean. Output goes to stderr, leaving
// stdout to the command's results.

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(chunk: string): unknown;
}

export type ProgressMode = 'bar' | 'lines' | 'off';

export interface ProgressOptions {
  label: string;
  total: number;
  mode?: ProgressMode;
  stream?: ProgressStream;
  now?: () => number;
  // Least time between two redraws (bar) or two lines (lines), in ms.
  intervalMs?: number;
  unit?: string;
}

const BAR_WIDTH = 24;

// --progress forces it on, --no-progress off; otherwise a bar on a terminal and nothing elsewhere.
export function progressMode(argv: readonly string[], stream: ProgressStream = process.stderr): ProgressMode {
  if (argv.includes('--no-progress')) return 'off';
  if (stream.isTTY) return 'bar';
  return argv.includes('--progress') ? 'lines' : 'off';
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '--';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export class Progress {
  readonly mode: ProgressMode;
  private done = 0;
  private total: number;
  private readonly started: number;
  private lastDraw = -Infinity;
  private lastDrawnDone = -1;
  private drawn = false;
  private finished = false;
  private readonly stream: ProgressStream;
  private readonly now: () => number;
  private readonly intervalMs: number;

  constructor(private readonly options: ProgressOptions) {
    this.stream = options.stream ?? process.stderr;
    this.mode = options.mode ?? progressMode(process.argv, this.stream);
    this.now = options.now ?? Date.now;
    this.intervalMs = options.intervalMs ?? (this.mode === 'lines' ? 5000 : 100);
    this.total = Math.max(0, options.total);
    this.started = this.now();
  }

  get completed(): number {
    return this.done;
  }

  // Estimated time left from the average pace so far (null until something is done).
  etaMs(): number | null {
    if (this.done <= 0 || this.total <= 0) return null;
    const elapsed = this.now() - this.started;
    return Math.max(0, (elapsed / this.done) * (this.total - this.done));
  }

  setTotal(total: number): void {
    this.total = Math.max(0, total);
    this.render(false);
  }

  tick(n = 1): void {
    this.update(this.done + n);
  }

  update(done: number): void {
    this.done = Math.min(Math.max(0, done), this.total || done);
    this.render(false);
  }

  // A line of the command's own output: printed above the bar, which is drawn again after it.
  log(line: string): void {
    this.interrupt(() => this.stream.write(line.endsWith('\n') ? line : `${line}\n`));
  }

  // Other output (e.g. a child process's, on stdout): the bar steps aside while it is written.
  interrupt(write: () => void): void {
    if (this.mode === 'bar' && this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
    write();
    if (this.mode === 'bar' && !this.finished) this.render(true);
  }

  finish(summary?: string): void {
    if (this.finished) return;
    if (this.lastDrawnDone !== this.done || this.mode === 'bar') this.render(true);
    this.finished = true;
    if (this.mode === 'bar' && this.drawn) this.stream.write('\n');
    if (summary && this.mode !== 'off') this.stream.write(`${summary}\n`);
  }

  // The status text: label, bar, percent, count, elapsed and ETA.
  line(): string {
    const pct = this.total > 0 ? this.done / this.total : 1;
    const filled = Math.round(pct * BAR_WIDTH);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]`;
    const unit = this.options.unit ? ` ${this.options.unit}` : '';
    const eta = this.etaMs();
    const elapsed = formatDuration(this.now() - this.started);
    const left = this.done >= this.total ? 'done' : `ETA ${eta === null ? '--' : formatDuration(eta)}`;
    return `${this.options.label} ${bar} ${String(Math.floor(pct * 100)).padStart(3)}% ${this.done}/${this.total}${unit}  ${elapsed} elapsed, ${left}`;
  }

  private render(force: boolean): void {
    if (this.mode === 'off' || this.finished) return;
    const t = this.now();
    const reachedEnd = this.total > 0 && this.done >= this.total && this.lastDrawnDone !== this.done;
    if (!force && !reachedEnd && t - this.lastDraw < this.intervalMs) return;
    this.lastDraw = t;
    this.lastDrawnDone = this.done;
    if (this.mode === 'bar') {
      const width = this.stream.columns ?? 120;
      this.stream.write(`\r\x1b[2K${this.line().slice(0, Math.max(20, width - 1))}`);
      this.drawn = true;
    } else {
      this.stream.write(`${this.line()}\n`);
    }
  }
}
