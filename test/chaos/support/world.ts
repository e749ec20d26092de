import { createHmac } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DEV_PHONE_HASH_PEPPER } from '../../../src/config/env.schema';
import { PUBLIC_BASE_URL } from './load';

// The environment every chaos instance shares: its database, the fake Twilio, short leases so a
// dead instance's jobs come back within seconds, dispatch every 100 ms.
export function instanceEnv(databaseUrl: string, name: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test', DATABASE_URL: databaseUrl, DATABASE_RUN_MIGRATIONS: 'false', PUBLIC_BASE_URL, LOG_LEVEL: 'info',
    SEED_DEMO_REGION: 'false', BILLING_MODE: 'free', SWEEPS_ENABLED: 'true', SMS_DISPATCH_INTERVAL_MS: '100',
    SMS_DISPATCH_LEASE_SECONDS: '3', SMS_PROVIDER_TIMEOUT_MS: '2000', SMS_SENDER_SEGMENTS_PER_SECOND: '1000',
    SMS_INBOUND_POLL_MS: '50', SHUTDOWN_GRACE_SECONDS: '15', SPOOL_DIR: join(tmpdir(), `josh-chaos-spool-${process.pid}-${name}`),
    DATABASE_POOL_MAX: '8', SMS_WEBHOOK_POOL_MAX: '4',
    ...extra,
  };
}

// Active members with an idle conversation (each text gets the idle reply).
export async function seedMembers(databaseUrl: string, count: number, prefix: string): Promise<string[]> {
  const phones = Array.from({ length: count }, (_, i) => `+1${prefix}${String(i).padStart(10 - prefix.length, '0')}`);
  const hashes = phones.map((p) => createHmac('sha256', DEV_PHONE_HASH_PEPPER).update(p).digest('hex'));
  await withDb(databaseUrl, (c) => c.query(
    `with u as (
       insert into users (phone_e164, phone_hash, first_name, last_name, birthday, state, sms_consent, age_consent, terms_consent, privacy_consent)
       select p, h, 'Chaos', 'Member', '1990-01-01', 'active', true, true, true, true from unnest($1::text[], $2::text[]) as t(p, h)
       returning id)
     insert into conversation_sessions (user_id) select id from u`,
    [phones, hashes],
  ));
  return phones;
}

export async function withDb<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

// Polls until `check` is true or the deadline passes; returns the last value of `read`.
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, stepMs = 250): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  return check();
}

// What the database says about the inbound texts and their replies, for the assertions.
export async function pipelineState(url: string) {
  return withDb(url, async (c) => {
    const [counts] = (await c.query(
      `select (select count(*)::int from sms_messages where direction = 'in') as inbound,
              (select count(*)::int from sms_messages where direction = 'in' and status = 'handled') as handled,
              (select count(*)::int from sms_messages where direction = 'in' and status = 'received') as unhandled,
              (select count(*)::int from message_events where event_type = 'inbound.routed') as routed,
              (select count(distinct payload->>'sid')::int from message_events where event_type = 'inbound.routed') as routed_sids,
              (select count(*)::int from sms_outbound_jobs where purpose = 'reply') as replies,
              (select count(*)::int from sms_outbound_jobs where purpose = 'reply' and status = 'sent') as sent,
              (select count(distinct twilio_message_sid)::int from sms_outbound_jobs where status = 'sent') as sent_sids,
              (select count(*)::int from sms_messages where direction = 'out') as outbound_rows`,
    )).rows;
    return counts as Record<string, number>;
  });
}

// Each member's texts in the order they were handled (audit events carry clock_timestamp()).
export async function handledOrder(url: string): Promise<Map<string, string[]>> {
  return withDb(url, async (c) => {
    const { rows } = await c.query(
      `select m.from_e164 as phone, e.payload->>'sid' as sid
         from message_events e join sms_messages m on m.twilio_message_sid = e.payload->>'sid'
        where e.event_type = 'inbound.routed' order by e.created_at, e.id`,
    );
    const out = new Map<string, string[]>();
    for (const r of rows) out.set(r.phone, [...(out.get(r.phone) ?? []), r.sid]);
    return out;
  });
}
