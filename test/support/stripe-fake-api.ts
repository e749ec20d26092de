import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

// A local HTTP server that answers the few Stripe API endpoints billing uses, so tests (and a
// person trying billing locally: `npm run billing:fake-stripe`) drive the real `stripe` SDK
// adapter: its form encoding, auth header, idempotency keys and error parsing. Events are signed
// with the SDK's own generateTestHeaderString.

type Obj = Record<string, any>;

export interface FakeRequest {
  method: string;
  path: string;
  idempotencyKey: string | null;
  params: Record<string, string>;
  status: number;
}

export interface FakeStripeOptions {
  secretKey?: string;
  webhookSecret?: string;
  priceId?: string;
  // Where deliver() posts events (the script; tests post them through supertest instead).
  webhookUrl?: string;
}

const API_VERSION = '2026-10-28.endive';
const DAY = 86_400;

export class StripeFakeApi {
  readonly secretKey: string;
  readonly webhookSecret: string;
  readonly priceId: string;
  webhookUrl?: string;
  readonly customers = new Map<string, Obj>();
  readonly sessions = new Map<string, Obj>();
  readonly subscriptions = new Map<string, Obj>();
  readonly requests: FakeRequest[] = [];
  // Added to every API answer: keeps concurrent callers in flight together.
  latencyMs = 0;
  private server?: Server;
  private readonly failures: Array<{ method: string; path: RegExp; status: number }> = [];
  private readonly idempotent = new Map<string, { status: number; body: Obj } | 'in_flight'>();

  constructor(options: FakeStripeOptions = {}) {
    this.secretKey = options.secretKey ?? 'sk_test_fakejosh';
    this.webhookSecret = options.webhookSecret ?? 'whsec_fakejosh';
    this.priceId = options.priceId ?? 'price_fakemembership';
    this.webhookUrl = options.webhookUrl;
  }

  get url(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  // The app's environment for this fake.
  env(): Record<string, string> {
    return {
      BILLING_MODE: 'stripe',
      STRIPE_SECRET_KEY: this.secretKey,
      STRIPE_WEBHOOK_SECRET: this.webhookSecret,
      STRIPE_PRICE_ID: this.priceId,
      STRIPE_API_BASE: this.url,
    };
  }

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => void this.route(req, res).catch((err) => this.json(res, 500, { error: { type: 'api_error', message: String(err) } })));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  // The next API request matching method and path fails once with `status` (Stripe's error shape).
  failNext(method: string, path: RegExp, status = 500): void {
    this.failures.push({ method, path, status });
  }

  count(method: string, path: RegExp): number {
    return this.requests.filter((r) => r.method === method && path.test(r.path)).length;
  }

  // ---- Stripe's side of the world, as tests set it up ----

  putSubscription(s: { id?: string; customer: string; status: string; userId?: string; cancelAtPeriodEnd?: boolean; periodEnd?: number }): Obj {
    const now = Math.floor(Date.now() / 1000);
    const id = s.id ?? newId('sub');
    const existing = this.subscriptions.get(id);
    const end = s.periodEnd ?? existing?.items.data[0].current_period_end ?? now + 30 * DAY;
    const sub: Obj = {
      id, object: 'subscription', customer: s.customer, status: s.status, livemode: false,
      created: existing?.created ?? now, start_date: existing?.start_date ?? now,
      cancel_at_period_end: s.cancelAtPeriodEnd ?? false, canceled_at: s.status === 'canceled' ? now : null,
      ended_at: s.status === 'canceled' ? now : null, trial_end: null, latest_invoice: null,
      metadata: existing?.metadata ?? (s.userId ? { user_id: s.userId } : {}),
      items: {
        object: 'list', has_more: false, url: `/v1/subscription_items?subscription=${id}`,
        data: [{ id: `si_${id.slice(4)}`, object: 'subscription_item', quantity: 1, current_period_start: end - 30 * DAY, current_period_end: end, price: { id: this.priceId, object: 'price' } }],
      },
    };
    this.subscriptions.set(id, sub);
    return sub;
  }

  setStatus(id: string, status: string, patch: { cancelAtPeriodEnd?: boolean } = {}): Obj {
    const sub = this.subscriptions.get(id)!;
    return this.putSubscription({ id, customer: sub.customer, status, cancelAtPeriodEnd: patch.cancelAtPeriodEnd ?? sub.cancel_at_period_end });
  }

  // The member pays on the hosted page: an active subscription, and the events Stripe sends then.
  completeCheckout(sessionId: string): { subscription: Obj; events: Obj[] } {
    const session = this.sessions.get(sessionId)!;
    const subscription = this.putSubscription({ customer: session.customer, status: 'active', userId: session.metadata?.user_id });
    Object.assign(session, { status: 'complete', payment_status: 'paid', subscription: subscription.id });
    const invoice = this.invoice(subscription, 'paid');
    return {
      subscription,
      events: [
        this.event('customer.subscription.created', { ...subscription, status: 'incomplete' }),
        this.event('invoice.paid', invoice),
        this.event('checkout.session.completed', { ...session }),
      ],
    };
  }

  invoice(sub: Obj, status: 'paid' | 'open'): Obj {
    return {
      id: newId('in'), object: 'invoice', customer: sub.customer, status, livemode: false,
      parent: { type: 'subscription_details', quote_details: null, subscription_details: { subscription: sub.id, metadata: sub.metadata } },
    };
  }

  // ---- Events ----

  event(type: string, object: Obj, created = Math.floor(Date.now() / 1000)): Obj {
    return {
      id: newId('evt'), object: 'event', api_version: API_VERSION, created, livemode: false, pending_webhooks: 1,
      request: { id: null, idempotency_key: null }, type, data: { object },
    };
  }

  // A Stripe-Signature header for `payload`, by the SDK (another secret or an old timestamp on demand).
  sign(payload: string, o: { secret?: string; timestamp?: number } = {}): string {
    return Stripe.webhooks.generateTestHeaderString({ payload, secret: o.secret ?? this.webhookSecret, timestamp: o.timestamp });
  }

  // Posts a signed event to webhookUrl, as Stripe does.
  async deliver(event: Obj): Promise<{ type: string; id: string; status: number }> {
    const payload = JSON.stringify(event);
    const res = await fetch(this.webhookUrl!, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': this.sign(payload) },
      body: payload,
    });
    return { type: event.type, id: event.id, status: res.status };
  }

  // ---- HTTP ----

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    if (!url.pathname.startsWith('/v1/')) return this.control(method, url.pathname, Buffer.concat(chunks).toString('utf8'), res);
    const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    const key = (req.headers['idempotency-key'] as string | undefined) ?? null;
    const answer = await this.answer(method, url.pathname, params, key, req.headers.authorization);
    this.requests.push({ method, path: url.pathname, idempotencyKey: key, params, status: answer.status });
    this.json(res, answer.status, answer.body);
  }

  private async answer(method: string, path: string, params: Record<string, string>, key: string | null, auth?: string): Promise<{ status: number; body: Obj }> {
    if (auth !== `Bearer ${this.secretKey}`) return error(401, 'invalid_request_error', 'Invalid API Key provided.');
    const failure = this.failures.findIndex((f) => f.method === method && f.path.test(path));
    if (failure >= 0) {
      const [f] = this.failures.splice(failure, 1);
      return error(f.status, 'api_error', 'The fake Stripe API failed on purpose.');
    }
    if (method !== 'POST' || !key) {
      await this.pause();
      return this.resource(method, path, params);
    }
    // Stripe's idempotency: the first answer is replayed; a concurrent twin gets 409 (the SDK retries).
    const slot = `${path}:${key}`;
    const seen = this.idempotent.get(slot);
    if (seen === 'in_flight') return error(409, 'idempotency_error', 'There is currently another in-progress request using this Idempotent Key.');
    if (seen) return seen;
    this.idempotent.set(slot, 'in_flight');
    await this.pause();
    const result = this.resource(method, path, params);
    this.idempotent.set(slot, result);
    return result;
  }

  private async pause(): Promise<void> {
    if (this.latencyMs) await new Promise((r) => setTimeout(r, this.latencyMs));
  }

  private resource(method: string, path: string, p: Record<string, string>): { status: number; body: Obj } {
    const now = Math.floor(Date.now() / 1000);
    if (method === 'POST' && path === '/v1/customers') {
      const customer = { id: newId('cus'), object: 'customer', created: now, livemode: false, metadata: pick(p, 'metadata') };
      this.customers.set(customer.id, customer);
      return { status: 200, body: customer };
    }
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      if (!this.customers.has(p.customer)) return error(400, 'invalid_request_error', `No such customer: '${p.customer}'`);
      const id = newId('cs_test');
      const session = {
        id, object: 'checkout.session', mode: p.mode, customer: p.customer, client_reference_id: p.client_reference_id ?? null,
        success_url: p.success_url, cancel_url: p.cancel_url, status: 'open', payment_status: 'unpaid', subscription: null,
        metadata: pick(p, 'metadata'), line_items_price: p['line_items[0][price]'], url: `${this.url}/checkout/${id}`, livemode: false, created: now,
      };
      this.sessions.set(id, session);
      return { status: 200, body: session };
    }
    if (method === 'POST' && path === '/v1/billing_portal/sessions') {
      if (!this.customers.has(p.customer)) return error(400, 'invalid_request_error', `No such customer: '${p.customer}'`);
      const id = newId('bps');
      return { status: 200, body: { id, object: 'billing_portal.session', customer: p.customer, return_url: p.return_url, url: `${this.url}/portal/${id}`, livemode: false, created: now } };
    }
    const sub = /^\/v1\/subscriptions\/([\w]+)$/.exec(path);
    if (method === 'GET' && sub) {
      const found = this.subscriptions.get(sub[1]);
      return found ? { status: 200, body: found } : error(404, 'invalid_request_error', `No such subscription: '${sub[1]}'`, 'resource_missing');
    }
    return error(404, 'invalid_request_error', `Unrecognized request URL (${method}: ${path}).`);
  }

  // Outside /v1: the "hosted" checkout page and a few controls for trying billing by hand.
  private async control(method: string, path: string, body: string, res: ServerResponse): Promise<void> {
    const checkout = /^\/checkout\/([\w]+)$/.exec(path);
    if (method === 'GET' && checkout && this.sessions.get(checkout[1])?.status === 'open') {
      const { subscription, events } = this.completeCheckout(checkout[1]);
      const delivered = [];
      for (const e of events) delivered.push(await this.deliver(e));
      return this.json(res, 200, { paid: true, subscription: subscription.id, delivered });
    }
    const change = /^\/_fake\/subscriptions\/([\w]+)$/.exec(path);
    if (method === 'POST' && change && this.subscriptions.has(change[1])) {
      const input = JSON.parse(body || '{}') as { status?: string; cancel_at_period_end?: boolean };
      const before = this.subscriptions.get(change[1])!;
      const sub = this.setStatus(change[1], input.status ?? before.status, { cancelAtPeriodEnd: input.cancel_at_period_end });
      const events = [this.event(sub.status === 'canceled' ? 'customer.subscription.deleted' : 'customer.subscription.updated', sub)];
      if (sub.status === 'past_due') events.push(this.event('invoice.payment_failed', this.invoice(sub, 'open')));
      if (sub.status === 'active' && before.status !== 'active') events.push(this.event('invoice.paid', this.invoice(sub, 'paid')));
      const delivered = [];
      for (const e of events) delivered.push(await this.deliver(e));
      return this.json(res, 200, { subscription: sub.id, status: sub.status, delivered });
    }
    if (method === 'POST' && path === '/_fake/fail-next') {
      const input = JSON.parse(body || '{}') as { method?: string; path?: string };
      this.failNext(input.method ?? 'GET', new RegExp(`^${(input.path ?? '/v1/subscriptions/').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      return this.json(res, 200, { failing: 'next matching request, once' });
    }
    if (method === 'GET' && path === '/_fake/state') {
      return this.json(res, 200, { customers: [...this.customers.values()], sessions: [...this.sessions.values()], subscriptions: [...this.subscriptions.values()] });
    }
    this.json(res, 404, { error: { type: 'invalid_request_error', message: 'not found' } });
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': newId('req') });
    res.end(JSON.stringify(body));
  }
}

function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}

function error(status: number, type: string, message: string, code?: string): { status: number; body: Obj } {
  return { status, body: { error: { type, message, ...(code ? { code } : {}) } } };
}

// metadata[user_id]=x → { user_id: 'x' }
function pick(params: Record<string, string>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    const m = new RegExp(`^${prefix}\\[(\\w+)\\]$`).exec(k);
    if (m) out[m[1]] = v;
  }
  return out;
}
