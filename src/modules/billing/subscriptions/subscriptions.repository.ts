import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { SubscriptionRow, SubscriptionUpdate } from './subscription-state';

const COLUMNS = `id, user_id as "userId", stripe_subscription_id as "stripeSubscriptionId", state,
  current_period_end as "currentPeriodEnd", cancel_at_period_end as "cancelAtPeriodEnd", grace_until as "graceUntil",
  last_stripe_event_id as "lastStripeEventId"`;

export interface LapsedGrace {
  id: string;
  userId: string;
  graceUntil: Date;
}

@Injectable()
export class SubscriptionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findByUser(userId: string, manager?: EntityManager): Promise<SubscriptionRow | null> {
    const rows: SubscriptionRow[] = await (manager ?? this.dataSource.manager).query(
      `select ${COLUMNS} from subscriptions where user_id = $1`,
      [userId],
    );
    return rows[0] ?? null;
  }

  // The member's row, created when missing, locked for the caller's transaction: every change of
  // one member's billing (webhooks on any instance, the grace sweep) runs one after the other.
  async lockOrCreate(userId: string, manager: EntityManager): Promise<SubscriptionRow> {
    await manager.query(`insert into subscriptions (user_id) values ($1) on conflict (user_id) do nothing`, [userId]);
    const rows: SubscriptionRow[] = await manager.query(`select ${COLUMNS} from subscriptions where user_id = $1 for update`, [userId]);
    return rows[0];
  }

  async update(id: string, next: SubscriptionUpdate, stripeEventId: string, manager: EntityManager): Promise<void> {
    await manager.query(
      `update subscriptions
          set stripe_subscription_id = $2, state = $3, current_period_end = $4, cancel_at_period_end = $5, grace_until = $6,
              last_stripe_event_id = $7
        where id = $1`,
      [id, next.stripeSubscriptionId, next.state, next.currentPeriodEnd, next.cancelAtPeriodEnd, next.graceUntil, stripeEventId],
    );
  }

  // past_due rows whose grace has run out while their Stripe entitlement still grants something,
  // claimed so that another instance's sweep skips them.
  async claimLapsedGrace(now: Date, limit: number, manager: EntityManager): Promise<LapsedGrace[]> {
    return manager.query(
      `select s.id, s.user_id as "userId", s.grace_until as "graceUntil"
         from subscriptions s
         join entitlements e on e.user_id = s.user_id
        where s.state = 'past_due' and s.grace_until <= $1
          and e.source = 'stripe' and (e.eligible_to_participate or e.eligible_to_initiate)
        order by s.grace_until
        limit $2
        for update of s skip locked`,
      [now, limit],
    );
  }
}
