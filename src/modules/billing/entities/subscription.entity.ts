import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { SUBSCRIPTION_STATES, type SubscriptionState } from '../../../database/enums';

// A member's subscription as last reported by Stripe.
@Entity('subscriptions')
@Unique('subscriptions_user_uniq', ['userId'])
@Index('subscriptions_state_idx', ['state'])
export class Subscription {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'subscriptions_pkey' })
  id: string;

  @Column({ type: 'uuid', name: 'user_id' })
  @ForeignKey('User', { name: 'subscriptions_user_id_fkey', onDelete: 'CASCADE' })
  userId: string;

  @Column({ type: 'text', name: 'stripe_subscription_id', nullable: true })
  stripeSubscriptionId: string | null;

  @Column({ type: 'enum', enum: SUBSCRIPTION_STATES, enumName: 'subscription_state', name: 'state', default: 'none' })
  state: SubscriptionState;

  @Column({ type: 'timestamptz', name: 'current_period_end', nullable: true })
  currentPeriodEnd: Date | null;

  @Column({ type: 'boolean', name: 'cancel_at_period_end', default: false })
  cancelAtPeriodEnd: boolean;

  @Column({ type: 'timestamptz', name: 'grace_until', nullable: true })
  graceUntil: Date | null;

  @Column({ type: 'text', name: 'last_stripe_event_id', nullable: true })
  lastStripeEventId: string | null;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
