import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DecryptionError, MessageCipher } from '../../../common/crypto';
import { runWithCorrelation } from '../../../common/context/request-context';
import { AppConfig } from '../../../config';
import { TransactionRunner } from '../../../database';
import { UsersService } from '../../identity';
import { ConversationSettings } from '../conversation.settings';
import { MessageEventsRepository } from '../events/message-events.repository';
import { SmsProvider, SmsProviderError } from '../providers/sms-provider';
import { ConversationRouter } from '../router/conversation-router';
import { backoffSeconds } from './backoff';
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
    private readonly router: ConversationRouter,
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
    const from = this.provider.fromNumber;
    return this.tx.run(async (m) => {
      await this.jobs.lockSender(from, m);
      const budget = Math.min(
        this.settings.SMS_DISPATCH_BATCH_SIZE,
        this.settings.SMS_SENDER_RATE_PER_SECOND - (await this.jobs.sendsInLastSecond(from, m)),
      );
      return budget > 0 ? this.jobs.claimDue(token, budget, this.settings.SMS_DISPATCH_LEASE_SECONDS, m) : [];
    });
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
    if (!(await this.recipientAccepts(job))) return this.fail(job, token, 'opted_out');
    if (!job.body) return this.fail(job, token, 'body_missing');
    let body: string;
    try {
      body = this.cipher.decrypt(job.body);
    } catch (err) {
      if (!(err instanceof DecryptionError)) throw err;
      this.log.error({ msg: 'outbound body failed authentication', jobId: job.id, keyVersion: job.body.keyVersion });
      return this.fail(job, token, 'decrypt_failed');
    }
    let sent;
    try {
      sent = await this.provider.send({
        to: job.toE164,
        from: this.provider.fromNumber,
        body,
        statusCallbackUrl: `${this.config.publicBaseUrl}/webhooks/twilio/status`,
      });
    } catch (err) {
      return this.onSendError(job, token, err);
    }
    const completed = await this.jobs.completeSent(job.id, token, { sid: sent.sid, from: this.provider.fromNumber, status: sent.status });
    if (!completed) {
      this.log.warn({ msg: 'sent after losing the lease; the job was not completed twice', jobId: job.id, sid: sent.sid });
      return 'lease_lost';
    }
    this.log.log({ msg: 'sms sent', jobId: job.id, sid: sent.sid, purpose: job.purpose, attempt: job.attempts });
    return 'sent';
  }

  private async recipientAccepts(job: ClaimedJob): Promise<boolean> {
    const user = job.userId ? await this.users.findById(job.userId) : await this.users.findByPhoneE164(job.toE164);
    return !user || (user.smsConsent && !user.deletedAt);
  }

  private async onSendError(job: ClaimedJob, token: string, err: unknown): Promise<SendOutcome> {
    const e = err instanceof SmsProviderError ? err : new SmsProviderError('transient', 'unexpected', String(err));
    if (e.recipientOptedOut) {
      const userId = job.userId ?? (await this.users.findByPhoneE164(job.toE164))?.id;
      if (userId) await this.tx.run((m) => this.router.optOutMember(userId, job.correlationId ?? randomUUID(), m));
    }
    if (e.kind === 'permanent') return this.fail(job, token, e.code);
    if (job.attempts >= this.settings.SMS_MAX_ATTEMPTS) return this.fail(job, token, `${e.code} (gave up after ${job.attempts} tries)`);
    const delay = backoffSeconds(job.attempts, this.settings.SMS_BACKOFF_BASE_SECONDS, this.settings.SMS_BACKOFF_MAX_SECONDS);
    if (!(await this.jobs.scheduleRetry(job.id, token, delay, e.code))) return 'lease_lost';
    this.log.warn({ msg: 'sms send failed; will retry', jobId: job.id, code: e.code, attempt: job.attempts, retryInSeconds: delay });
    await this.events.record({ userId: job.userId, type: 'outbound.retry', payload: { jobId: job.id, code: e.code, attempt: job.attempts, delay }, correlationId: job.correlationId });
    return 'retry';
  }

  private async fail(job: ClaimedJob, token: string, reason: string): Promise<SendOutcome> {
    if (!(await this.jobs.fail(job.id, token, reason))) return 'lease_lost';
    this.log.warn({ msg: 'sms not sent', jobId: job.id, purpose: job.purpose, reason });
    await this.events.record({ userId: job.userId, type: 'outbound.failed', payload: { jobId: job.id, purpose: job.purpose, reason, attempt: job.attempts }, correlationId: job.correlationId });
    return 'failed';
  }
}
