import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Counter, Histogram } from 'prom-client';
import type { EntityManager } from 'typeorm';
import { MessageCipher } from '../../../common/crypto';
import { runWithCorrelation } from '../../../common/context/request-context';
import { errorSummary } from '../../../common/logging/log-safe';
import { MetricsService } from '../../../common/metrics';
import { isDatabaseUnavailable, TransactionRunner } from '../../../database';
import { UsersService, type UserRecord } from '../../identity';
import { MessageEventsRepository } from '../events/message-events.repository';
import { SmsMessagesRepository } from '../messages/sms-messages.repository';
import { OutboundSmsService } from '../outbound/outbound-sms.service';
import { ConversationRouter, Route } from '../router/conversation-router';
import { SmsCopy } from '../router/sms-copy';
import { ClaimedInbound, InboundBatchRepository } from './inbound-batch.repository';
import { HandlingOutcome, HandlingStart, InboundHandlingRepository } from './inbound-handling.repository';

export type InboundOutcome = { result: 'handled'; route: Route } | { result: 'skipped' } | { result: 'failed' };

// The message was handled elsewhere while this handling ran: roll this one back.
class HandledElsewhere extends Error {}

interface Decrypted extends ClaimedInbound {
  text: string;
  hash: string;
  correlationId: string;
}

// Handles stored inbound messages. The usual path is a batch in one transaction: one statement
// claims up to N messages (rows locked, oldest first, a number's texts in arrival order), one
// opens them (members, their sessions locked), the router handles each in turn, and one statement
// closes them all (handled, sessions, audit events, replies). A batch that fails in any way other
// than a lost database rolls back whole, and its messages are then handled one by one, each in
// its own transaction, so one bad message cannot hold up the others: a handler that throws there
// marks just its message handler_failed and sends the member one "sorry".
@Injectable()
export class InboundHandler {
  private readonly log = new Logger('InboundSmsService');
  private readonly handled: Counter<string>;
  private readonly lag: Histogram<string>;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly batches: InboundBatchRepository,
    private readonly handling: InboundHandlingRepository,
    private readonly messages: SmsMessagesRepository,
    private readonly users: UsersService,
    private readonly router: ConversationRouter,
    private readonly outbound: OutboundSmsService,
    private readonly events: MessageEventsRepository,
    private readonly cipher: MessageCipher,
    private readonly copy: SmsCopy,
    metrics: MetricsService,
  ) {
    this.handled = metrics.counter('josh_inbound_handled_total', 'Inbound messages handled, by result', ['result']);
    this.lag = metrics.histogram('josh_inbound_handling_lag_seconds', 'From storing an inbound message to its handling commit', [],
      [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300]);
  }

  // One batch; returns how many messages it claimed (0 = nothing to do).
  async handleBatch(limit: number): Promise<number> {
    let claimed: ClaimedInbound[] = [];
    try {
      const done = await this.tx.run(async (m) => {
        claimed = await this.batches.claim(limit, m);
        return claimed.length ? this.routeBatch(claimed, m) : [];
      });
      const now = Date.now();
      for (const d of done) {
        this.lag.observe((now - d.createdAt.getTime()) / 1000);
        this.log.log({ msg: 'inbound sms handled', sid: d.sid, userId: d.userId, route: d.route, correlationId: d.correlationId });
      }
      if (done.length) this.handled.inc({ result: 'handled' }, done.length);
      return claimed.length;
    } catch (err) {
      if (claimed.length === 0 || isDatabaseUnavailable(err)) throw err;
      if (!(err instanceof HandledElsewhere)) {
        this.log.warn({ msg: 'inbound batch rolled back; handling its messages one by one', count: claimed.length, error: errorSummary(err) });
      }
      for (const c of claimed) await runWithCorrelation(c.correlationId ?? undefined, () => this.handle(c.id));
      return claimed.length;
    }
  }

  private async routeBatch(claimed: ClaimedInbound[], m: EntityManager) {
    const texts: Decrypted[] = claimed.map((c) => ({
      ...c,
      // A body that fails authentication throws: the batch falls back, and that message fails alone.
      text: c.body ? this.cipher.decrypt(c.body) : '',
      hash: this.users.phoneHash(c.fromE164),
      correlationId: c.correlationId ?? randomUUID(),
    }));
    const opened = await this.batches.open([...new Set(texts.map((t) => t.hash))], m);
    await this.router.prefetch([...opened.values()].flatMap((o) => (o.member && o.session && !o.member.deletedAt ? [o.member.id] : [])), m);
    const seen = new Set<string>();
    // The miss streak each member's text left, for their next text in this batch (its event is
    // written only when the batch closes, so the database does not know it yet).
    const streaks = new Map<string, number>();
    const outcomes: HandlingOutcome[] = [];
    const done: { sid: string; userId: string | null; route: Route; createdAt: Date; correlationId: string }[] = [];
    for (const t of texts) {
      // A member's second text in this batch: read them again, the first may have changed them.
      const start = seen.has(t.hash) ? await this.handling.start(t.hash, m) : (opened.get(t.hash) ?? { member: null, session: null });
      seen.add(t.hash);
      if (start.session && streaks.has(start.session.userId)) start.session.missStreak = streaks.get(start.session.userId);
      const outcome = await runWithCorrelation(t.correlationId, () => this.routeOne(t, start, m));
      if (outcome.userId) streaks.set(outcome.userId, (outcome.event.payload.miss as number | undefined) ?? 0);
      outcomes.push(outcome);
      done.push({ sid: t.messageSid, userId: outcome.userId, route: outcome.event.payload.route as Route, createdAt: t.createdAt, correlationId: t.correlationId });
    }
    if ((await this.batches.complete(outcomes, m)) !== outcomes.length) throw new HandledElsewhere();
    return done;
  }

  private async routeOne(t: { id: string; messageSid: string; fromE164: string; text: string; correlationId: string }, start: HandlingStart, m: EntityManager): Promise<HandlingOutcome> {
    const inbound = { messageSid: t.messageSid, fromE164: t.fromE164, text: t.text, correlationId: t.correlationId };
    const routing = await this.router.route(inbound, start.member, m, start.session);
    return {
      messageId: t.id, messageSid: t.messageSid, userId: start.member?.id ?? null, correlationId: t.correlationId,
      event: { type: 'inbound.routed', payload: { sid: t.messageSid, route: routing.route, ...routing.details } },
      outbound: routing.outbound,
    };
  }

  // Handles one stored message in its own transaction; 'skipped' when it was handled already, is
  // being handled elsewhere, or waits behind an older unhandled text from the same number.
  async handle(id: string): Promise<InboundOutcome> {
    const seen: { member: UserRecord | null; sid?: string } = { member: null };
    try {
      const route = await this.tx.run(async (m) => {
        const row = await this.messages.lockReceivedInOrder(id, m);
        if (!row) throw new HandledElsewhere();
        seen.sid = row.messageSid;
        const correlationId = row.correlationId ?? randomUUID();
        const text = row.body ? this.cipher.decrypt(row.body) : '';
        const start = await this.handling.start(this.users.phoneHash(row.fromE164), m);
        seen.member = start.member;
        const outcome = await this.routeOne({ id, messageSid: row.messageSid, fromE164: row.fromE164, text, correlationId }, start, m);
        if (!(await this.handling.complete(outcome, m))) throw new HandledElsewhere();
        return outcome.event.payload.route as Route;
      });
      this.handled.inc({ result: 'handled' });
      this.log.log({ msg: 'inbound sms handled', sid: seen.sid, userId: seen.member?.id, route });
      return { result: 'handled', route };
    } catch (err) {
      if (err instanceof HandledElsewhere) return { result: 'skipped' };
      if (isDatabaseUnavailable(err)) throw err;
      this.log.error({ msg: 'inbound sms handling failed', error: errorSummary(err), sid: seen.sid, userId: seen.member?.id });
      return this.recordFailure(id, seen.member);
    }
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
      this.handled.inc({ result: 'failed' });
      return { result: 'failed' };
    });
  }
}
