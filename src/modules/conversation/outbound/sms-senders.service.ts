import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Counter } from 'prom-client';
import type { EntityManager } from 'typeorm';
import { MetricsService } from '../../../common/metrics';
import { ConversationSettings } from '../conversation.settings';
import { SmsProvider } from '../providers/sms-provider';
import type { ClaimedJob } from './outbound-jobs.repository';
import { raiseSmsSenderAlarm } from './sms-alarm';
import { SenderStateRepository } from './sender-state.repository';

export interface SenderStatus {
  sender: string;
  paused: boolean;
  pausedAt: Date | null;
  pausedCode: string | null;
  nextSendAt: Date | null;
}

// The sender's pacing and pause, in PostgreSQL so they hold across instances. Pacing: a slot clock
// (next_send_at) advanced by segments / SMS_SENDER_SEGMENTS_PER_SECOND for every job claimed, so the
// carrier never gets more than its rate and nothing waits in Twilio's first-in first-out queue: the
// order (OTPs first) is decided here.
@Injectable()
export class SmsSendersService {
  private readonly log = new Logger(SmsSendersService.name);
  private readonly alarms: Counter<string>;

  constructor(
    private readonly states: SenderStateRepository,
    private readonly provider: SmsProvider,
    @Inject(ConversationSettings) private readonly settings: ConversationSettings,
    metrics: MetricsService,
  ) {
    this.alarms = metrics.counter('josh_sms_sender_alarms_total', 'SMS sender alarms raised by this instance (Twilio 30002, 30007, 30034)', ['code']);
    // Read from the database at scrape time: every instance reports the pause, whichever raised it.
    metrics.gauge('josh_sms_sender_paused', 'Whether the SMS sender is paused by an alarm (1) until an operator resumes it', [], async (g) => {
      const state = await this.states.find(this.sender).catch(() => undefined);
      if (state !== undefined) g.set(state?.pausedAt ? 1 : 0);
    });
  }

  get sender(): string {
    return this.provider.senderKey;
  }

  // Claims, in the caller's transaction, the due jobs whose slots start within the next dispatch
  // interval (at most a second ahead), most urgent first, each with its slot (the dispatcher sends it
  // no earlier); nothing while the sender is paused.
  async claimPaced(
    manager: EntityManager,
    claim: (fits: (job: ClaimedJob) => boolean) => Promise<ClaimedJob[]>,
    segmentsOf: (job: ClaimedJob) => number,
  ): Promise<ClaimedJob[]> {
    const state = await this.states.lock(this.sender, manager);
    if (state.pausedAt) return [];
    const now = state.now.getTime();
    // The database clock paces; each job's slot is handed to the dispatcher on this process's clock.
    const offset = Date.now() - now;
    const windowEnd = now + Math.min(this.settings.SMS_DISPATCH_INTERVAL_MS, 1000);
    let next = Math.max(state.nextSendAt.getTime(), now);
    const jobs = await claim((job) => {
      if (next >= windowEnd) return false;
      job.slotAt = next + offset;
      next += (segmentsOf(job) * 1000) / this.settings.SMS_SENDER_SEGMENTS_PER_SECOND;
      return true;
    });
    if (jobs.length) await this.states.setNextSendAt(this.sender, new Date(next), manager);
    return jobs;
  }

  // 30002/30007/30034: the operator alarm, and the sender paused (jobs wait, pending).
  async alarm(code: string, via: 'api' | 'callback', messageSid?: string): Promise<void> {
    const paused = await this.states.pause(this.sender, code);
    raiseSmsSenderAlarm(this.log, { code, sender: this.sender, via, messageSid, paused });
    this.alarms.inc({ code });
  }

  // After the operator fixed the cause (account, registration, content): sending resumes.
  async resume(): Promise<boolean> {
    const resumed = await this.states.resume(this.sender);
    if (resumed) this.log.warn({ msg: 'sms sender resumed by an operator', sender: this.sender });
    return resumed;
  }

  async status(): Promise<SenderStatus> {
    const s = await this.states.find(this.sender);
    return { sender: this.sender, paused: !!s?.pausedAt, pausedAt: s?.pausedAt ?? null, pausedCode: s?.pausedCode ?? null, nextSendAt: s?.nextSendAt ?? null };
  }
}
