import { Global, Injectable, Logger, Module } from '@nestjs/common';
import { AppConfig } from '../../config';

// A sweep as the registry knows it: a name and the work one run does (what it returns is its report).
export interface RegisteredSweep {
  name: string;
  run: () => Promise<unknown>;
  // Lower runs first in runAllNow (default 0): outbound dispatch registers late, so the SMS the
  // other sweeps queue go out in the same run.
  order?: number;
}

export interface SweepRunReport {
  name: string;
  ok: boolean;
  result?: unknown;
  error?: string;
  ms: number;
}

// What every scheduled sweep does around its work: nothing when this instance runs no sweeps
// (SWEEPS_ENABLED=false), and a failed run is logged (through the err serializer) instead of
// escaping the scheduler; the next tick tries again.
// It is also the registry of sweeps: each module registers its sweeps (from the cron class, in
// onModuleInit), and runAllNow runs every one of them once, in order (POST /dev/sweeps/run).
@Injectable()
export class SweepRunner {
  private readonly log = new Logger('Sweeps');
  private readonly registered: RegisteredSweep[] = [];

  constructor(private readonly config: AppConfig) {}

  get enabled(): boolean {
    return this.config.sweepsEnabled;
  }

  async run(sweep: string, work: () => Promise<unknown>): Promise<void> {
    if (!this.enabled) return;
    try {
      await work();
    } catch (err) {
      this.log.error({ msg: 'sweep failed', sweep, err });
    }
  }

  register(sweep: RegisteredSweep): void {
    if (this.registered.some((s) => s.name === sweep.name)) throw new Error(`a sweep named ${sweep.name} is already registered`);
    this.registered.push(sweep);
  }

  get names(): string[] {
    return this.sorted().map((s) => s.name);
  }

  // Every registered sweep once, now, whatever SWEEPS_ENABLED says (an explicit request); a failing
  // sweep is reported and the others still run.
  async runAllNow(): Promise<SweepRunReport[]> {
    const reports: SweepRunReport[] = [];
    for (const sweep of this.sorted()) {
      const started = Date.now();
      try {
        const result = await sweep.run();
        reports.push({ name: sweep.name, ok: true, result: result ?? null, ms: Date.now() - started });
      } catch (err) {
        this.log.error({ msg: 'sweep failed', sweep: sweep.name, err });
        reports.push({ name: sweep.name, ok: false, error: err instanceof Error ? err.message : String(err), ms: Date.now() - started });
      }
    }
    return reports;
  }

  private sorted(): RegisteredSweep[] {
    return this.registered.map((s, i) => ({ s, i })).sort((a, b) => (a.s.order ?? 0) - (b.s.order ?? 0) || a.i - b.i).map((x) => x.s);
  }
}

@Global()
@Module({ providers: [SweepRunner], exports: [SweepRunner] })
export class SweepsModule {}
