import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../../common/clock';
import { runWithCorrelation } from '../../../common/context/request-context';
import { TransactionRunner } from '../../../database';
import { SWEEP } from '../core/safety-actor';
import { SafetySettings } from '../core/safety.settings';
import { HoldsRepository } from '../core/holds.repository';
import { HoldsService } from './holds.service';

// The hourly holds sweep (PRODUCT.md section 12): ends holds past their expiry. Each batch claims
// its rows with FOR UPDATE SKIP LOCKED, so several instances split the work and never end one
// hold twice; each end is a domain event with the actor `sweep`.
@Injectable()
export class HoldsSweepService {
  private readonly log = new Logger('HoldsSweep');

  constructor(
    private readonly holds: HoldsRepository,
    private readonly service: HoldsService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    @Inject(SafetySettings) private readonly settings: SafetySettings,
  ) {}

  async endExpiredHolds(maxBatches = 100): Promise<number> {
    const size = this.settings.SAFETY_HOLD_SWEEP_BATCH_SIZE;
    let ended = 0;
    for (let i = 0; i < maxBatches; i++) {
      const n = await runWithCorrelation(undefined, () =>
        this.tx.run(async (m) => {
          const due = await this.holds.claimExpired(this.clock.now(), size, m);
          for (const hold of due) await this.service.end(hold, SWEEP, 'expired', null, m);
          return due.length;
        }),
      );
      ended += n;
      if (n < size) break;
    }
    if (ended > 0) this.log.log({ msg: 'expired holds ended', ended });
    return ended;
  }
}
