import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboundSmsService } from '../../conversation';
import { RegionsService } from '../../regions';
import { billingCopy, formatDay } from './billing-copy';

// The two billing texts a member gets: one when a payment fails, one when access ends. Queued in
// the caller's transaction with a key derived from the cause, so a retried event or a second
// sweep queues nothing twice.
@Injectable()
export class BillingNotifier {
  constructor(
    private readonly sms: OutboundSmsService,
    private readonly regions: RegionsService,
  ) {}

  async paymentFailed(userId: string, subscriptionRowId: string, graceUntil: Date, manager: EntityManager): Promise<void> {
    const until = formatDay(graceUntil, await this.timeZoneOf(userId, manager));
    await this.sms.enqueue({
      userId,
      body: billingCopy.paymentFailed(until),
      purpose: 'notice',
      idempotencyKey: `billing:payment_failed:${subscriptionRowId}:${graceUntil.getTime()}`,
      manager,
    });
  }

  async accessEnded(userId: string, causeKey: string, manager: EntityManager): Promise<void> {
    await this.sms.enqueue({
      userId,
      body: billingCopy.accessEnded(),
      purpose: 'notice',
      idempotencyKey: `billing:access_ended:${userId}:${causeKey}`,
      manager,
    });
  }

  // Dates in the member's region's time zone (UTC when they have no active region).
  async timeZoneOf(userId: string, manager?: EntityManager): Promise<string> {
    const regionId = await this.regions.activeRegionOf(userId, manager);
    const region = regionId ? await this.regions.findById(regionId, manager) : null;
    return region?.rules.timezone ?? 'UTC';
  }
}
