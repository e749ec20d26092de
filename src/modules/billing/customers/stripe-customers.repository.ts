import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

@Injectable()
export class StripeCustomersRepository {
  constructor(private readonly dataSource: DataSource) {}

  async customerOf(userId: string, manager?: EntityManager): Promise<string | null> {
    const rows: Array<{ id: string }> = await (manager ?? this.dataSource.manager).query(
      `select stripe_customer_id as id from stripe_customers where user_id = $1`,
      [userId],
    );
    return rows[0]?.id ?? null;
  }

  async userOf(customerId: string, manager?: EntityManager): Promise<string | null> {
    const rows: Array<{ userId: string }> = await (manager ?? this.dataSource.manager).query(
      `select user_id as "userId" from stripe_customers where stripe_customer_id = $1`,
      [customerId],
    );
    return rows[0]?.userId ?? null;
  }

  // Serialises customer creation per member for the caller's transaction (two clicks, two
  // instances): the second caller waits, then finds the first one's row.
  async lockCreation(userId: string, manager: EntityManager): Promise<void> {
    await manager.query(`select pg_advisory_xact_lock(hashtext('billing:stripe-customer'), hashtext($1))`, [userId]);
  }

  // Once per member and per Stripe customer (both unique): false when either is already mapped.
  async insertOnce(userId: string, customerId: string, manager: EntityManager): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `insert into stripe_customers (user_id, stripe_customer_id) values ($1, $2) on conflict do nothing returning id`,
      [userId, customerId],
    );
    return rows.length === 1;
  }
}
