import { Injectable, Logger } from '@nestjs/common';
import { TransactionRunner } from '../../../database';
import { BillingError, BillingErrorCode } from '../billing.errors';
import { StripeGateway } from '../stripe/stripe-gateway';
import { StripeEventHandlers } from './stripe-event-handlers';
import { StripeEventsRepository, type StripeEventSummary } from './stripe-events.repository';

// processed: this call processed it; duplicate: it was processed already, or another request
// (any instance) is processing it right now; in_progress: the same, seen by a replay.
export type StripeEventOutcome = 'processed' | 'duplicate' | 'already_processed' | 'in_progress';

// Stripe webhook ingestion (PRODUCT.md 9): verify, store once, process once, replay on demand.
@Injectable()
export class StripeEventsService {
  private readonly log = new Logger('Billing');

  constructor(
    private readonly gateway: StripeGateway,
    private readonly events: StripeEventsRepository,
    private readonly handlers: StripeEventHandlers,
    private readonly tx: TransactionRunner,
  ) {}

  // POST /webhooks/stripe. Nothing is stored unless the signature checks out. A processing
  // failure throws (500) after recording processing_error, so Stripe delivers the event again.
  async receive(rawBody: Buffer | undefined, signature: string | undefined): Promise<StripeEventOutcome> {
    const event = this.gateway.verifyEvent(rawBody, signature);
    await this.events.insertOnce(event);
    return (await this.process(event.id)) ? 'processed' : 'duplicate';
  }

  // `npm run billing:replay -- <event id>` and the admin API: processes a stored event that is
  // not processed yet (failed, or cut off); a processed one is left alone.
  async replay(stripeEventId: string): Promise<StripeEventOutcome> {
    const stored = await this.events.find(stripeEventId);
    if (!stored) throw new BillingError(BillingErrorCode.EventNotFound, 'No Stripe event with this id was received.');
    if (stored.processedAt) return 'already_processed';
    return (await this.process(stripeEventId)) ? 'processed' : 'in_progress';
  }

  // Events received but not processed (oldest first): those whose processing failed, with the
  // error, and any still being processed.
  listFailed(limit = 100): Promise<StripeEventSummary[]> {
    return this.events.listUnprocessed(Math.min(Math.max(limit, 1), 1000));
  }

  // One transaction: claim the stored event, apply it, mark it processed. False when not claimed.
  private async process(stripeEventId: string): Promise<boolean> {
    try {
      return await this.tx.run(async (m) => {
        const event = await this.events.claimUnprocessed(stripeEventId, m);
        if (!event) return false;
        await this.handlers.handle(event, m);
        await this.events.markProcessed(stripeEventId, m);
        return true;
      });
    } catch (err) {
      await this.events.recordError(stripeEventId, describe(err));
      this.log.error({ msg: 'stripe event failed', stripeEventId, err });
      throw new BillingError(BillingErrorCode.EventFailed, 'The event could not be processed; it is kept for a retry.', { stripeEventId });
    }
  }
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err).slice(0, 1000);
  const code = (err as { code?: unknown }).code;
  return `${typeof code === 'string' ? code : err.name}: ${err.message}`.slice(0, 1000);
}
