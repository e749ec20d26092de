import { Column, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';

// The Stripe customer of a member (one each way).
@Entity('stripe_customers')
@Unique('stripe_customers_user_uniq', ['userId'])
@Unique('stripe_customers_cust_uniq', ['stripeCustomerId'])
export class StripeCustomer {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'stripe_customers_pkey' })
  id: string;

  @Column({ type: 'uuid', name: 'user_id' })
  @ForeignKey('User', { name: 'stripe_customers_user_id_fkey', onDelete: 'CASCADE' })
  userId: string;

  @Column({ type: 'text', name: 'stripe_customer_id' })
  stripeCustomerId: string;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
