import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Counter } from 'prom-client';
import { MessageCipher } from '../../../common/crypto';
import { currentCorrelationId } from '../../../common/context/request-context';
import { MetricsService } from '../../../common/metrics';
import { isDatabaseUnavailable } from '../../../database';
import { ConversationSettings } from '../conversation.settings';
import { InboundHandler, InboundOutcome } from './inbound-handler.service';
import { InboundSpool } from './inbound-spool';
import { InboundStore, StoredInbound } from './inbound-store';

export interface InboundSms {
  messageSid: string;
  from: string;
  to: string;
  text: string;
  mediaCount: number;
}

export type { InboundOutcome };

// Inbound SMS in two steps. The webhook stores the message (the insert is the claim: a retry or
// a concurrent duplicate of the same MessageSid stores nothing) and answers; while the database is
// unreachable it spools the message to local disk instead (InboundSpool) and answers once that is
// durable. Handling runs apart, on worker processes (APP_ROLE worker or all): InboundWorker's loops
// claim stored messages in batches (InboundHandler), whichever instance stored them, so a message
// whose instance died is simply claimed by another.
@Injectable()
export class InboundSmsService {
  private readonly log = new Logger(InboundSmsService.name);
  private readonly storedListeners: (() => void)[] = [];
  private readonly inFlight = new Set<Promise<number>>();
  private readonly received: Counter<string>;
  private outage = false;

  constructor(
    private readonly store: InboundStore,
    private readonly spool: InboundSpool,
    private readonly handler: InboundHandler,
    private readonly cipher: MessageCipher,
    @Inject(ConversationSettings) private readonly settings: ConversationSettings,
    metrics: MetricsService,
  ) {
    this.received = metrics.counter('josh_inbound_received_total', 'Inbound webhooks accepted: stored, spooled or duplicate', ['result']);
  }

  // Returns false for a duplicate delivery. Resolves only once the message is durable.
  async receive(sms: InboundSms): Promise<boolean> {
    const rowId = randomUUID(); // chosen here: the body is bound to its row (issue 18)
    const stored: StoredInbound = {
      id: rowId, messageSid: sms.messageSid, fromE164: sms.from, toE164: sms.to,
      body: this.cipher.encrypt(sms.text, { table: 'sms_messages', rowId }),
      mediaCount: sms.mediaCount, correlationId: currentCorrelationId() ?? randomUUID(),
    };
    // Behind anything already spooled, so a member's texts keep their order.
    if (this.spool.spooling) return this.toSpool(stored);
    let id: string | null;
    try {
      id = await this.store.insertOnce(stored);
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      if (!this.outage) this.log.error({ msg: 'database unreachable: spooling inbound messages to disk', error: err instanceof Error ? err.message : String(err) });
      this.outage = true;
      return this.toSpool(stored);
    }
    this.outage = false;
    if (!id) {
      this.received.inc({ result: 'duplicate' });
      this.log.debug({ msg: 'duplicate delivery ignored', sid: sms.messageSid });
      return false;
    }
    this.received.inc({ result: 'stored' });
    for (const listener of this.storedListeners) listener();
    return true;
  }

  // InboundWorker listens, to claim new messages at once instead of at its next poll.
  onStored(listener: () => void): void {
    this.storedListeners.push(listener);
  }

  // One handling batch (the worker's loops call it); counted so whenIdle can wait for it.
  handleBatch(limit = this.settings.SMS_INBOUND_BATCH_SIZE): Promise<number> {
    const run = this.handler.handleBatch(limit);
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run)).catch(() => undefined);
    return run;
  }

  // Handles one stored message on its own (tests; the batch fallback uses the same path).
  handle(id: string): Promise<InboundOutcome> {
    return this.handler.handle(id);
  }

  // Resolves once this process finds nothing left to claim and nothing in flight: every message
  // it received so far has been handled, spooled ones included (tests, /dev/sms). Handles batches itself meanwhile, so it works
  // in any APP_ROLE.
  async whenIdle(): Promise<void> {
    // Spooled messages (the database was unreachable, or too slow to connect) count too.
    if (this.spool.spooling) await this.spool.drain();
    for (;;) {
      await Promise.allSettled([...this.inFlight]);
      const claimed = await this.handleBatch();
      if (claimed === 0 && this.inFlight.size === 0) return;
    }
  }

  private async toSpool(stored: StoredInbound): Promise<boolean> {
    await this.spool.append(stored);
    this.received.inc({ result: 'spooled' });
    return true;
  }
}
