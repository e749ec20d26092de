import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DecryptionError, MessageCipher } from '../../../common/crypto';
import { runWithCorrelation } from '../../../common/context/request-context';
import { AppConfig } from '../../../config';
import { TransactionRunner } from '../../../database';
import { SmsConsentService, UsersService } from '../../identity';
import { ConversationSettings } from '../conversation.settings';
import { MessageEventsRepository } from '../events/message-events.repository';
import { DeliveryStatusService } from '../inbound/delivery-status.service';
import { SmsProvider, SmsProviderError, type SmsSendResult } from '../providers/sms-provider';
import { backoffSeconds } from './backoff';
import { CarrierOutcomesService } from './carrier-outcomes.service';
import { countSegments } from './sms-segments';
import { SmsSendersService } from './sms-senders.service';
import { ClaimedJob, OutboundJobsRepository } from './outbound-jobs.repository';
import { errorSummary } from '../../../common/logging/log-safe';

export type SendOutcome = 'sent' | 'retry' | 'failed' | 'lease_lost' | 'released';

export interface DispatchSummary {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  leaseLost: number;
}

// Claims due outbound jobs (SKIP LOCKED, leased), sends them through the provider, and records the
// outcome only while it still holds the lease. Several instances can run it at once.
@Injectable()
export class SmsDispatcher {
  private readonly log = new Logger(SmsDispatcher.name);
  readonly workerId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private stopping = false;

  constructor(
    private readonly jobs: OutboundJobsRepository,
    private readonly provider: SmsProvider,
    private readonly cipher: MessageCipher,
    private readonly users: UsersService,
    private readonly consent: SmsConsentService,
    private readonly senders: SmsSendersService,
    private readonly outcomes: CarrierOutcomesService,
    private readonly deliveries: DeliveryStatusService,
    private readonly events: MessageEventsRepository,
    private readonly tx: TransactionRunner,
    private readonly config: AppConfig,
    @Inject(ConversationSettings) private readonly settings: ConversationSettings,
  ) {}

  // One claim and its sends. The loop calls it on an interval; tests call it directly.
  async dispatchOnce(): Promise<DispatchSummary> {
    const token = `${this.workerId}:${randomUUID()}`;
    const jobs = await this.claim(token);
    // One recipient's messages go out one after the other, in order; recipients side by side.
    const byRecipient = new Map<string, ClaimedJob[]>();
    for (const job of jobs) byRecipient.set(job.toE164, [...(byRecipient.get(job.toE164) ?? []), job]);
    const outcomes: SendOutcome[] = [];
    await Promise.all(
      [...byRecipient.values()].map(async (queue) => {
        for (const job of queue) outcomes.push(await this.sendOne(job, token));
      }),
    );
    const count = (o: SendOutcome) => outcomes.filter((x) => x === o).length;
    return { claimed: jobs.length, sent: count('sent'), retried: count('retry'), failed: count('failed'), leaseLost: count('lease_lost') };
  }

  private claim(token: string): Promise<ClaimedJob[]> {
    return this.tx.run((m) =>
      this.senders.claimPaced(
        m,
        (fits) => this.jobs.claimDue(token, this.settings.SMS_DISPATCH_BATCH_SIZE, this.settings.SMS_DISPATCH_LEASE_SECONDS, m, fits),
        (job) => this.segmentsOf(job),
      ),
    );
  }

  // What the job costs the sender's budget. A body that cannot be read counts one (it fails unsent).
  private segmentsOf(job: ClaimedJob): number {
    try {
      return job.body ? countSegments(this.cipher.decrypt(job.body)).segments : 1;
    } catch {
      return 1;
    }
  }

  // Shutdown: claimed jobs not yet being sent go back to the queue (releaseLease); sends already
  // in flight finish (the provider timeout is shorter than the lease).
  stopSending(): void {
    this.stopping = true;
  }

  sendOne(job: ClaimedJob, token: string): Promise<SendOutcome> {
    return runWithCorrelation(job.correlationId ?? undefined, async () => {
      try {
        if (this.stopping) return (await this.jobs.releaseLease(job.id, token)) ? 'released' : 'lease_lost';
        return await this.attempt(job, token);
      } catch (err) {
        // A database hiccup mid-send: the lease runs out and another try picks the job up.
        this.log.error({ msg: 'dispatch failed unexpectedly', error: errorSummary(err), jobId: job.id });
        return 'lease_lost';
      }
    });
  }

  private async attempt(job: ClaimedJob, token: string): Promise<SendOutcome> {
    const lease = await this.jobs.renewLease(job.id, token, this.settings.SMS_DISPATCH_LEASE_SECONDS);
    if (!lease) return 'lease_lost';
    // Dispatchers that died mid-send each spent a try too.
    if (job.attempts > this.settings.SMS_MAX_ATTEMPTS) return this.fail(job, token, 'too_many_attempts');
    if (lease.expired) return this.fail(job, token, 'expired');
    const blocked = await this.recipientBlock(job);
    if (blocked) return this.fail(job, token, blocked);
    const body = this.readBody(job);
    if (body === null) return this.fail(job, token, job.body ? 'decrypt_failed' : 'body_missing');
    let sent: SmsSendResult | null = null;
    // The sender's pace: the slot is at most a dispatch interval (a second) ahead, well inside the lease.
    const wait = (job.slotAt ?? 0) - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    try {
      // The previous call's outcome is unknown (a timeout, a 5xx, a dispatcher that died): if Twilio
      // created the message anyway, record it rather than texting the member twice.
      if (lease.previousSendStartedAt) sent = await this.findEarlierSend(job, body, lease.previousSendStartedAt);
      sent ??= await this.provider.send({
        to: job.toE164,
        body,
        statusCallbackUrl: `${this.config.publicBaseUrl}/webhooks/twilio/status`,
        validityPeriodSeconds: validityPeriod(lease.remainingSeconds),
      });
    } catch (err) {
      return this.onSendError(job, token, err);
    }
    const messageId = randomUUID();
    const completed = await this.jobs.completeSent(
      job.id, token, { sid: sent.sid, from: sent.from ?? this.provider.fromNumber, status: sent.status },
      { id: messageId, body: this.cipher.encrypt(body, { table: 'sms_messages', rowId: messageId }) },
    );
    if (!completed) {
      this.log.warn({ msg: 'sent after losing the lease; the job was not completed twice', jobId: job.id, sid: sent.sid });
      return 'lease_lost';
    }
    this.log.log({ msg: 'sms sent', jobId: job.id, sid: sent.sid, purpose: job.purpose, attempt: job.attempts });
    await this.deliveries.applyEarly(sent.sid);
    return 'sent';
  }

  private async findEarlierSend(job: ClaimedJob, body: string, since: Date): Promise<SmsSendResult | null> {
    let found = await this.provider.findSent({ to: job.toE164, body, since });
    // The same text to the same number may belong to another job (two identical replies): that
    // message is not this job's, and taking it would lose this one.
    if (found && (await this.jobs.sidRecorded(found.sid))) found = null;
    if (found) this.log.warn({ msg: 'the earlier try had sent the message; not sending it again', jobId: job.id, sid: found.sid });
    return found;
  }

  private readBody(job: ClaimedJob): string | null {
    if (!job.body) return null;
    try {
      return this.cipher.decrypt(job.body);
    } catch (err) {
      if (!(err instanceof DecryptionError)) throw err;
      this.log.error({ msg: 'outbound body failed authentication', jobId: job.id, keyVersion: job.body.keyVersion });
      return null;
    }
  }

  // Opted out (per phone hash or the member's consent), undeliverable, or a deleted member. A carrier
  // reply (the STOP confirmation) still goes to a number that just opted out.
  private async recipientBlock(job: ClaimedJob): Promise<string | null> {
    const found = job.userId ? await this.users.findById(job.userId) : await this.users.findByPhoneE164(job.toE164);
    // A job for a deleted member is dropped; by number alone, a deleted member's row (kept for its
    // phone hash) is nobody's, so the number is treated like any unknown one (the goodbye SMS).
    if (found?.deletedAt && job.userId) return 'opted_out';
    const user = found?.deletedAt ? null : found;
    const block = await this.consent.sendBlock({ e164: job.toE164 });
    if (job.purpose === 'carrier_reply') return block === 'undeliverable' ? block : null;
    if (user && !user.smsConsent) return 'opted_out';
    return block;
  }

  private async onSendError(job: ClaimedJob, token: string, err: unknown): Promise<SendOutcome> {
    const e = err instanceof SmsProviderError ? err : new SmsProviderError('retry', 'unexpected', String(err), true);
    const correlationId = job.correlationId ?? randomUUID();
    await this.outcomes.apply(e.action, e.code, job.toE164, correlationId, 'api');
    // A paused sender's job waits (pending) for the operator; others fail or retry by the action.
    if (e.action !== 'retry' && e.action !== 'alarm') return this.fail(job, token, e.code);
    if (job.attempts >= this.settings.SMS_MAX_ATTEMPTS) return this.fail(job, token, `${e.code} (gave up after ${job.attempts} tries)`);
    const delay = backoffSeconds(job.attempts, this.settings.SMS_BACKOFF_BASE_SECONDS, this.settings.SMS_BACKOFF_MAX_SECONDS);
    if (!(await this.jobs.scheduleRetry(job.id, token, delay, e.code, e.ambiguous))) return 'lease_lost';
    this.log.warn({ msg: 'sms send failed; will retry', jobId: job.id, code: e.code, attempt: job.attempts, retryInSeconds: delay, unknownOutcome: e.ambiguous });
    await this.events.record({ userId: job.userId, type: 'outbound.retry', payload: { jobId: job.id, code: e.code, attempt: job.attempts, delay }, correlationId });
    return 'retry';
  }

  private async fail(job: ClaimedJob, token: string, reason: string): Promise<SendOutcome> {
    if (!(await this.jobs.fail(job.id, token, reason))) return 'lease_lost';
    this.log.warn({ msg: 'sms not sent', jobId: job.id, purpose: job.purpose, reason });
    await this.events.record({ userId: job.userId, type: 'outbound.failed', payload: { jobId: job.id, purpose: job.purpose, reason, attempt: job.attempts }, correlationId: job.correlationId });
    return 'failed';
  }
}

// Twilio keeps a message queued at most ValidityPeriod seconds (1-36,000): the job's remaining
// validity, or the maximum for a job without one.
export const MAX_VALIDITY_PERIOD_SECONDS = 36_000;
export function validityPeriod(remainingSeconds: number | null): number {
  if (remainingSeconds === null) return MAX_VALIDITY_PERIOD_SECONDS;
  return Math.min(MAX_VALIDITY_PERIOD_SECONDS, Math.max(1, remainingSeconds));
}
