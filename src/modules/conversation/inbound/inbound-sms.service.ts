import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { MessageCipher } from '../../../common/crypto';
import { currentCorrelationId, runWithCorrelation } from '../../../common/context/request-context';
import { TransactionRunner } from '../../../database';
import { UsersService, type UserRecord } from '../../identity';
import { ConversationSettings } from '../conversation.settings';
import { MessageEventsRepository } from '../events/message-events.repository';
import { SmsMessagesRepository } from '../messages/sms-messages.repository';
import { OutboundSmsService } from '../outbound/outbound-sms.service';
import { ConversationRouter, Route } from '../router/conversation-router';
import { SmsCopy } from '../router/sms-copy';
import { InboundHandlingRepository } from './inbound-handling.repository';
import { KeyedWorkQueue } from './keyed-work-queue';
import { errorSummary } from '../../../common/logging/log-safe';

export interface InboundSms {
  messageSid: string;
  from: string;
  to: string;
  text: string;
  mediaCount: number;
}

export type InboundOutcome = { result: 'handled'; route: Route } | { result: 'skipped' } | { result: 'failed' };

interface QueuedMessage {
  id: string;
  from: string;
  correlationId: string | null;
  // Known on the webhook's path; a recovered message is read back and decrypted.
  stored?: { messageSid: string; fromE164: string; text: string; correlationId: string };
}

// Refilling after an overflow leaves the newest messages to whichever instance stored them.
const OVERFLOW_GRACE_SECONDS = 2;

// The message was handled elsewhere while this handling ran: roll this one back.
class HandledElsewhere extends Error {}

// Inbound SMS in two steps. The webhook stores the message (the insert is the claim: a retry or a
// concurrent duplicate of the same MessageSid stores nothing and does nothing) and answers; the
// message is then handled beside the webhook, in its own transaction that flips it from
// 'received' to 'handled', so it is handled once even across instances. Messages an instance
// never got to (it died, or its queue was full) are picked up by the recovery sweep.
@Injectable()
export class InboundSmsService implements BeforeApplicationShutdown {
  private readonly log = new Logger(InboundSmsService.name);
  private readonly queue: KeyedWorkQueue<QueuedMessage>;
  private lastOverflowAt: number | null = null;
  private refilling = false;
  // After a look that found only messages queued here already: look again once the queue is this short.
  private refillBelow = Infinity;
  private refillTimer?: NodeJS.Timeout;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly messages: SmsMessagesRepository,
    private readonly handling: InboundHandlingRepository,
    private readonly users: UsersService,
    private readonly router: ConversationRouter,
    private readonly outbound: OutboundSmsService,
    private readonly events: MessageEventsRepository,
    private readonly cipher: MessageCipher,
    private readonly copy: SmsCopy,
    @Inject(ConversationSettings) private readonly settings: ConversationSettings,
  ) {
    this.queue = new KeyedWorkQueue(
      async (m) => {
        await runWithCorrelation(m.correlationId ?? undefined, () => this.handle(m.id, m.stored));
        this.refillAfterOverflow();
      },
      (m) => m.id,
      settings.SMS_INBOUND_CONCURRENCY,
      settings.SMS_INBOUND_QUEUE_LIMIT,
    );
  }

  // Returns false for a duplicate delivery.
  async receive(sms: InboundSms): Promise<boolean> {
    const correlationId = currentCorrelationId() ?? randomUUID();
    const rowId = randomUUID(); // chosen here: the body is bound to its row (issue 18)
    const id = await this.messages.insertInboundOnce({
      id: rowId,
      userId: null, // resolved by the handling, off the webhook's path
      fromE164: sms.from,
      toE164: sms.to,
      messageSid: sms.messageSid,
      body: this.cipher.encrypt(sms.text, { table: 'sms_messages', rowId }),
      mediaCount: sms.mediaCount,
      status: 'received',
      correlationId,
    });
    if (!id) {
      this.log.debug({ msg: 'duplicate delivery ignored', sid: sms.messageSid });
      return false;
    }
    // Texts from one number are handled one after the other, in arrival order. A full queue leaves
    // the message to be read back from the database once the queue has room.
    const stored = { messageSid: sms.messageSid, fromE164: sms.from, text: sms.text, correlationId };
    if (!this.queue.add(sms.from, { id, from: sms.from, correlationId, stored })) {
      this.lastOverflowAt = Date.now();
      this.refillAfterOverflow();
    }
    return true;
  }

  // Queues stored messages that were never handled (their instance died or its queue was full).
  async recoverUnhandled(): Promise<number> {
    return (await this.queueUnhandled(this.settings.SMS_INBOUND_RECOVERY_AFTER_SECONDS)).found;
  }

  // found: unhandled messages the look returned (the oldest first); queued: those not queued here yet.
  private async queueUnhandled(olderThanSeconds: number): Promise<{ found: number; queued: number }> {
    const room = Math.min(1000, this.settings.SMS_INBOUND_QUEUE_LIMIT - this.queue.length);
    if (room <= 0) return { found: 0, queued: 0 };
    const stale = await this.messages.findUnhandled(olderThanSeconds, room);
    let queued = 0;
    for (const m of stale) if (this.queue.add(m.fromE164, { id: m.id, from: m.fromE164, correlationId: m.correlationId })) queued++;
    if (queued) this.log.warn({ msg: 'queued stored inbound messages for handling', count: queued, olderThanSeconds });
    return { found: stale.length, queued };
  }

  // After a burst overflowed the queue: pull the refused messages back in as soon as it is half
  // empty, rather than waiting for the recovery sweep; done once nothing is left to pull.
  // A look that found only messages queued here already (the oldest unhandled are those) waits
  // until the queue has worked through half of them: looking after every handled message would
  // read the same rows over and over.
  private refillAfterOverflow(): void {
    if (this.lastOverflowAt === null || this.refilling || this.queue.length > this.settings.SMS_INBOUND_QUEUE_LIMIT / 2) return;
    if (this.queue.length > this.refillBelow) return;
    this.refilling = true;
    this.queueUnhandled(OVERFLOW_GRACE_SECONDS)
      .then(({ found, queued }) => {
        // Never below 1: the last message's handling calls this while it still counts in the queue.
        this.refillBelow = found > 0 && queued === 0 ? Math.max(1, this.queue.length - Math.ceil(found / 2)) : Infinity;
        const settled = Date.now() - (this.lastOverflowAt ?? 0) > OVERFLOW_GRACE_SECONDS * 1000;
        if (found === 0 && settled) this.lastOverflowAt = null;
        // Refused messages still inside the grace period: look again once they are past it.
        else if (found === 0 && !this.refillTimer) {
          this.refillTimer = setTimeout(() => {
            this.refillTimer = undefined;
            this.refillAfterOverflow();
          }, OVERFLOW_GRACE_SECONDS * 1000).unref();
        }
      })
      .catch((err: unknown) => this.log.error({ msg: 'could not refill the inbound queue', error: errorSummary(err) }))
      .finally(() => {
        this.refilling = false;
      });
  }

  // Resolves when every message received so far by this instance has been handled (tests, shutdown).
  whenIdle(): Promise<void> {
    return this.queue.whenIdle();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearTimeout(this.refillTimer);
    await this.queue.stop();
  }

  // Handles one stored message in one transaction; 'skipped' when it was handled already or
  // elsewhere. The transaction ends with one statement that claims the message ('received' ->
  // 'handled') and writes the routing's outcome, so two handlings can never both commit.
  async handle(id: string, stored?: QueuedMessage['stored']): Promise<InboundOutcome> {
    const seen: { member: UserRecord | null; sid?: string } = { member: null };
    try {
      const msg = stored ?? (await this.readStored(id));
      if (!msg) return { result: 'skipped' };
      seen.sid = msg.messageSid;
      const from = msg.fromE164;
      const route = await this.tx.run(async (m) => {
        // The member and their locked session in one round trip.
        const { member, session } = await this.handling.start(this.users.phoneHash(from), m);
        seen.member = member;
        const inbound = { messageSid: msg.messageSid, fromE164: from, text: msg.text, correlationId: msg.correlationId };
        const routing = await this.router.route(inbound, member, m, session);
        const claimed = await this.handling.complete(
          {
            messageId: id,
            messageSid: msg.messageSid,
            userId: member?.id ?? null,
            correlationId: msg.correlationId,
            event: { type: 'inbound.routed', payload: { sid: msg.messageSid, route: routing.route, ...routing.details } },
            outbound: routing.outbound,
          },
          m,
        );
        if (!claimed) throw new HandledElsewhere();
        return routing.route;
      });
      this.log.log({ msg: 'inbound sms handled', sid: msg.messageSid, userId: seen.member?.id, route });
      return { result: 'handled', route };
    } catch (err) {
      if (err instanceof HandledElsewhere) return { result: 'skipped' };
      this.log.error({ msg: 'inbound sms handling failed', error: errorSummary(err), sid: seen.sid, userId: seen.member?.id });
      return this.recordFailure(id, seen.member);
    }
  }

  private async readStored(id: string): Promise<QueuedMessage['stored'] | null> {
    const row = await this.messages.findReceived(id);
    if (!row) return null;
    // A body that fails authentication throws here: the message is marked failed, loudly.
    const text = row.body ? this.cipher.decrypt(row.body) : '';
    return { messageSid: row.messageSid, fromE164: row.fromE164, text, correlationId: row.correlationId ?? randomUUID() };
  }

  // The handling rolled back: mark the message failed (it is not retried), say sorry once, leave a trace.
  private async recordFailure(id: string, member: UserRecord | null): Promise<InboundOutcome> {
    return this.tx.run(async (m) => {
      const msg = await this.messages.lockReceived(id, m);
      if (!msg) return { result: 'skipped' };
      await this.messages.setInboundOutcome(id, 'handler_failed', member?.id ?? null, m);
      const correlationId = msg.correlationId ?? randomUUID();
      await this.events.record({ userId: member?.id ?? null, type: 'inbound.failed', payload: { sid: msg.messageSid }, correlationId }, m);
      if (member && member.smsConsent && !member.deletedAt) {
        await this.outbound.enqueue({
          userId: member.id, to: member.phoneE164, body: this.copy.handlerFailed(), purpose: 'reply',
          idempotencyKey: `reply:${msg.messageSid}`, correlationId, manager: m,
        });
      }
      return { result: 'failed' };
    });
  }
}
