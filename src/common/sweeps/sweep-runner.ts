import { Global, Injectable, Logger, Module } from '@nestjs/common';
import { AppConfig } from '../../config';

// What every scheduled sweep does around its work: nothing when this instance runs no sweeps
// (SWEEPS_ENABLED=false), and a failed run is logged (through the err serializer) instead of
// escaping the scheduler; the next tick tries again.
@Injectable()
export class SweepRunner {
  private readonly log = new Logger('Sweeps');

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
}

@Global()
@Module({ providers: [SweepRunner], exports: [SweepRunner] })
export class SweepsModule {}
