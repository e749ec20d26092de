import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../../common/clock';
import { TransactionRunner } from '../../../database';
import { UsersService } from '../users.service';
import { RegistrationSettings } from './registration.settings';

const DAY_MS = 86_400_000;

// Part of the token sweep: registrations never verified, with no code sent for
// REGISTRATION_UNVERIFIED_RETENTION_DAYS (7), are purged. Their details are personal data the
// member never confirmed (possibly a stranger's), and pumped numbers should not pile up.
@Injectable()
export class RegistrationPurgeService {
  private readonly log = new Logger('RegistrationPurge');

  constructor(
    private readonly users: UsersService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    @Inject(RegistrationSettings) private readonly settings: RegistrationSettings,
  ) {}

  // Bounded batches, one instance at a time (advisory lock); returns how many were purged.
  async purgeStale(): Promise<number> {
    const batch = this.settings.OTP_SWEEP_BATCH_SIZE;
    let purged = 0;
    for (;;) {
      const n = await this.tx.runExclusive('sweep:unverified-registrations', async (m) => {
        const now = this.clock.now();
        const cutoff = new Date(now.getTime() - this.settings.REGISTRATION_UNVERIFIED_RETENTION_DAYS * DAY_MS);
        const rows = await this.users.lockStaleUnverified(cutoff, batch, m);
        for (const row of rows) await this.users.purgeUnverified(row, now, m);
        return rows.length;
      });
      if (n === undefined) break; // another instance is sweeping
      purged += n;
      if (n < batch) break;
    }
    if (purged > 0) this.log.log({ msg: 'stale unverified registrations purged', purged });
    return purged;
  }
}
