import { Inject, Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { SweepRunner } from '../../../common/sweeps';
import { isDatabaseUnavailable } from '../../../database';
import { ConversationSettings } from '../conversation.settings';
import { SmsDispatcher } from './sms-dispatcher.service';

const INTERVAL_NAME = 'sms-dispatch';
// Per tick, keep claiming while batches come back full, up to this many claims.
const MAX_CLAIMS_PER_TICK = 10;

// The outbound dispatch loop: an interval (SMS_DISPATCH_INTERVAL_MS) that calls the dispatcher.
// Safe on several instances: claims use FOR UPDATE SKIP LOCKED and leases.
@Injectable()
export class SmsDispatchCron implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger(SmsDispatchCron.name);
  private running: Promise<void> | null = null;
  private stopped = false;
  private unreachable = false;

  constructor(
    private readonly dispatcher: SmsDispatcher,
    private readonly scheduler: SchedulerRegistry,
    private readonly sweeps: SweepRunner,
    @Inject(ConversationSettings) private readonly settings: ConversationSettings,
  ) {}

  // Registered last, so a run of every sweep sends what the others queued.
  onModuleInit(): void {
    this.sweeps.register({ name: 'sms-dispatch', order: 1000, run: () => this.dispatchAllDue() });
  }

  onApplicationBootstrap(): void {
    if (!this.sweeps.enabled) return;
    this.scheduler.addInterval(INTERVAL_NAME, setInterval(() => void this.tick(), this.settings.SMS_DISPATCH_INTERVAL_MS));
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.dispatcher.stopSending();
    if (this.scheduler.doesExist('interval', INTERVAL_NAME)) this.scheduler.deleteInterval(INTERVAL_NAME);
    await this.running;
  }

  private tick(): Promise<void> {
    if (this.running || this.stopped) return this.running ?? Promise.resolve();
    this.running = this.drain()
      .then(() => {
        if (this.unreachable) this.log.log({ msg: 'database reachable again: dispatch resumed' });
        this.unreachable = false;
      })
      .catch((err: unknown) => {
        // An outage is said once, not at every tick.
        if (!isDatabaseUnavailable(err)) this.log.error({ msg: 'dispatch tick failed', err });
        else if (!this.unreachable) this.log.error({ msg: 'database unreachable: dispatch paused', error: (err as Error).message });
        this.unreachable = this.unreachable || isDatabaseUnavailable(err);
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async dispatchAllDue(): Promise<{ sent: number; failed: number }> {
    let sent = 0;
    let failed = 0;
    for (let i = 0; i < MAX_CLAIMS_PER_TICK * 10; i++) {
      const r = await this.dispatcher.dispatchOnce();
      sent += r.sent;
      failed += r.failed;
      if (r.claimed === 0) break;
    }
    return { sent, failed };
  }

  private async drain(): Promise<void> {
    for (let i = 0; i < MAX_CLAIMS_PER_TICK && !this.stopped; i++) {
      const { claimed } = await this.dispatcher.dispatchOnce();
      if (claimed < this.settings.SMS_DISPATCH_BATCH_SIZE) return;
    }
  }
}
