import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from './app';
import type { TestDatabase } from './database';
import type { StripeFakeApi } from './stripe-fake-api';

type Obj = Record<string, any>;

// The app in BILLING_MODE=stripe, its Stripe client pointed at the fake.
export function startStripeApp(fake: StripeFakeApi, db?: TestDatabase, env: Record<string, string> = {}): Promise<TestApp> {
  return startTestApp({ ...fake.env(), ...env }, db);
}

export interface PostOptions {
  secret?: string;
  timestamp?: number;
  // Replaces the signed body after signing (a tampered request).
  body?: string;
  // false: no Stripe-Signature header at all.
  signed?: boolean;
}

// POST /webhooks/stripe as Stripe does: the JSON body and its Stripe-Signature header.
export function postStripeEvent(app: INestApplication, fake: StripeFakeApi, event: Obj, o: PostOptions = {}): request.Test {
  const payload = JSON.stringify(event);
  const req = request(app.getHttpServer()).post('/webhooks/stripe').set('content-type', 'application/json; charset=utf-8');
  if (o.signed !== false) req.set('stripe-signature', fake.sign(payload, { secret: o.secret, timestamp: o.timestamp }));
  return req.send(o.body ?? payload);
}

export async function subscriptionOf(app: INestApplication, userId: string): Promise<Obj | undefined> {
  const [row] = await app.get(DataSource).query(`select * from subscriptions where user_id = $1`, [userId]);
  return row;
}

export async function entitlementOf(app: INestApplication, userId: string): Promise<Obj | undefined> {
  const [row] = await app.get(DataSource).query(`select * from entitlements where user_id = $1`, [userId]);
  return row;
}

export async function storedEvent(app: INestApplication, eventId: string): Promise<Obj | undefined> {
  const [row] = await app.get(DataSource).query(`select * from stripe_events where stripe_event_id = $1`, [eventId]);
  return row;
}

// Domain events of one kind about a member (subscription.changed, entitlement.changed).
export async function billingEvents(app: INestApplication, userId: string, eventType: string): Promise<Obj[]> {
  return app.get(DataSource).query(
    `select event_type, from_state, to_state, payload from domain_events where event_type = $1 and payload->>'userId' = $2 order by created_at, id`,
    [eventType, userId],
  );
}

// A Stripe customer for the member, stored as startCheckout would.
export async function mapCustomer(app: INestApplication, fake: StripeFakeApi, userId: string): Promise<string> {
  const id = `cus_${userId.replace(/-/g, '').slice(0, 20)}`;
  fake.customers.set(id, { id, object: 'customer', metadata: { user_id: userId } });
  await app.get(DataSource).query(`insert into stripe_customers (user_id, stripe_customer_id) values ($1, $2)`, [userId, id]);
  return id;
}
