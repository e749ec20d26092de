import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboundSmsService } from '../../conversation';
import { RegionsService } from '../../regions';
import { billingCopy, formatDay } from './billing-copy';
import { BillingLinks } from './billing-links';

// Thrown to roll the savepoint back when the text was queued before.
class AlreadyQueued extends Error {}

// The two billing texts a member gets: one when a payment fails, one when access ends, each with
// a fresh link to the billing page. Queued in the caller's transaction with a key derived from
// the cause, so a retried event or a second sweep queues nothing twice and leaves no second link.
@Injectable()
export class BillingNotifier {
  constructor(
    private readonly sms: OutboundSmsService,
    private readonly regions: RegionsService,
    private readonly links: BillingLinks,
  ) {}

  async paymentFailed(userId: string, subscriptionRowId: string, graceUntil: Date, manager: EntityManager): Promise<void> {
    const until = formatDay(graceUntil, await this.timeZoneOf(userId, manager));
    const key = `billing:payment_failed:${subscriptionRowId}:${graceUntil.getTime()}`;
    await this.sendWithLink(userId, key, (link) => billingCopy.paymentFailed(until, link), manager);
  }

  async accessEnded(userId: string, causeKey: string, manager: EntityManager): Promise<void> {
    await this.sendWithLink(userId, `billing:access_ended:${userId}:${causeKey}`, (link) => billingCopy.accessEnded(link), manager);
  }

  // Dates in the member's region's time zone (UTC when they have no active region).
  async timeZoneOf(userId: string, manager?: EntityManager): Promise<string> {
    const regionId = await this.regions.activeRegionOf(userId, manager);
    const region = regionId ? await this.regions.findById(regionId, manager) : null;
    return region?.rules.timezone ?? 'UTC';
  }

  // The link and its text in one savepoint of the caller's transaction: when the key already had
  // a text (queued before, or by a concurrent twin), the savepoint rolls back and takes the
  // unsent link with it.
  private async sendWithLink(userId: string, idempotencyKey: string, body: (link: string) => string, manager: EntityManager): Promise<void> {
    try {
      await manager.transaction(async (m) => {
        const link = await this.links.issue(userId, m);
        const { created } = await this.sms.enqueue({ userId, body: body(link), purpose: 'notice', idempotencyKey, manager: m });
        if (!created) throw new AlreadyQueued();
      });
    } catch (err) {
      if (!(err instanceof AlreadyQueued)) throw err;
    }
  }
}
