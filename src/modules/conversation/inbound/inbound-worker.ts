import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { SweepRunner } from '../../../common/sweeps';
import { errorSummary } from '../../../common/logging/log-safe';
import { AppConfig } from '../../../config';
import { isDatabaseUnavailable } from '../../../database';
import { ConversationSettings } from '../conversation.settings';
import { InboundSmsService } from './inbound-sms.service';

const MAX_BACKOFF_MS = 5000;

// The handling loops of a worker process (APP_ROLE worker or all): SMS_INBOUND_CONCURRENCY loops,
// each claiming and handling one batch after another while there is work, then waiting for a
// webhook of this process to store a message or SMS_INBOUND_POLL_MS, whichever comes first. The
// database is the queue: nothing is held in memory, so a process that dies loses nothing (its
// open batches roll back and other instances claim them). While the database is unreachable the
// loops back off (up to 5 s) and say so once. On shutdown they finish the batch in hand and stop.
@Injectable()
export class InboundWorker implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger(InboundWorker.name);
  private readonly loops: Promise<void>[] = [];
  private readonly sleepers: (() => void)[] = [];
  private stopped = false;
  private paused = false;

  constructor(
    private readonly inbound: InboundSmsService,
    private readonly config: AppConfig,
    private readonly sweeps: SweepRunner,
    @Inject(ConversationSettings) private readonly settings: ConversationSettings,
  ) {}

  // In the registry of sweeps (POST /dev/sweeps/run): handle every stored message now, first.
  onModuleInit(): void {
    this.sweeps.register({ name: 'sms-inbound', order: -1, run: () => this.inbound.whenIdle() });
  }

  onApplicationBootstrap(): void {
    if (!this.config.runsWorker) return;
    this.inbound.onStored(() => this.sleepers.shift()?.());
    for (let i = 0; i < this.settings.SMS_INBOUND_CONCURRENCY; i++) this.loops.push(this.loop());
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const wake of this.sleepers.splice(0)) wake();
    await Promise.all(this.loops);
  }

  private async loop(): Promise<void> {
    let backoff = 0;
    while (!this.stopped) {
      try {
        const claimed = await this.inbound.handleBatch();
        backoff = 0;
        if (this.paused) this.log.log({ msg: 'database reachable again: inbound handling resumed' });
        this.paused = false;
        if (claimed === 0) await this.sleep(this.settings.SMS_INBOUND_POLL_MS);
      } catch (err) {
        backoff = Math.min(MAX_BACKOFF_MS, Math.max(250, backoff * 2));
        if (!isDatabaseUnavailable(err)) this.log.error({ msg: 'inbound handling batch failed', error: errorSummary(err) });
        else if (!this.paused) this.log.error({ msg: 'database unreachable: inbound handling paused', error: errorSummary(err).message });
        this.paused = this.paused || isDatabaseUnavailable(err);
        await this.sleep(backoff);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        const i = this.sleepers.indexOf(wake);
        if (i >= 0) this.sleepers.splice(i, 1);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      timer.unref();
      this.sleepers.push(wake);
    });
  }
}
