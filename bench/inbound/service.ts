import { ChildProcess, spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import twilio from 'twilio';
import { DEV_PHONE_HASH_PEPPER } from '../../src/config/env.schema';
import { DEV_TWILIO_AUTH_TOKEN } from '../../src/modules/conversation/inbound/twilio-webhook-signer';
import { withClient, withDatabase } from '../support';

// Shared by bench:inbound and bench:soak: the service's processes, members, signed webhooks.
export interface CannonRequest { method?: string; path?: string; headers?: Record<string, string>; body?: string }

export const MEMBERS = 2000;
export const PUBLIC_BASE_URL = 'https://bench.josh.test';
const ROOT = join(__dirname, '..', '..');

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

// A fresh database for one run on the bench server (BENCH_DATABASE_URL, else DATABASE_URL, else
// the local PostgreSQL); the service migrates it on start.
export async function createBenchDatabase(prefix: string): Promise<BenchDatabase> {
  const server = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const adminUrl = withDatabase(server, 'postgres');
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await withClient(adminUrl, (c) => c.query(`create database ${name}`));
  const drop = async () => void (await withClient(adminUrl, (c) => c.query(`drop database if exists ${name} with (force)`)));
  return { name, url: withDatabase(server, name), drop };
}

// The service's environment on that database: SMS on the console, no demo region, a spool of its own.
export function serviceEnv(db: BenchDatabase, logLevel: string): Record<string, string> {
  return {
    NODE_ENV: 'development', DATABASE_URL: db.url, PUBLIC_BASE_URL, SMS_PROVIDER: 'console', SEED_DEMO_REGION: 'false',
    LOG_LEVEL: logLevel, SPOOL_DIR: join(tmpdir(), `josh-bench-spool-${db.name}`),
  };
}

// Starts a server process and waits until `readyUrl` answers. Its output goes to a file, as a
// deployment's would: a pipe to this (busy) process would block its synchronous log writes.
export async function start(name: string, args: string[], env: Record<string, string>, readyUrl: string): Promise<ChildProcess> {
  const logFile = join(tmpdir(), `josh-bench-${name}.log`);
  const fd = openSync(logFile, 'w');
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  let exited: number | null = null;
  child.on('exit', (code) => (exited = code ?? -1));
  for (const deadline = Date.now() + 60_000; Date.now() < deadline && exited === null; ) {
    if (await fetch(readyUrl).then((r) => r.ok, () => false)) return child;
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGKILL');
  throw new Error(`${name} did not start (exit ${exited}); see ${logFile}:\n${readFileSync(logFile, 'utf8').slice(-2000)}`);
}

export async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  });
}

// Active members with an idle conversation: each text gets the idle reply, the common path.
export async function seedMembers(url: string): Promise<string[]> {
  const phones = Array.from({ length: MEMBERS }, (_, i) => `+1555${String(1_000_000 + i).padStart(7, '0')}`);
  await withClient(url, async (c) => {
    for (let i = 0; i < phones.length; i += 500) {
      const batch = phones.slice(i, i + 500);
      const hashes = batch.map((p) => createHmac('sha256', DEV_PHONE_HASH_PEPPER).update(p).digest('hex'));
      await c.query(
        `with u as (
           insert into users (phone_e164, phone_hash, first_name, last_name, birthday, state, sms_consent, age_consent, terms_consent, privacy_consent)
           select p, h, 'Bench', 'Member', '1990-01-01', 'active', true, true, true, true from unnest($1::text[], $2::text[]) as t(p, h)
           returning id)
         insert into conversation_sessions (user_id) select id from u`,
        [batch, hashes],
      );
    }
    await c.query('create table bench_ceiling (id uuid primary key default gen_random_uuid(), sid text not null unique, body text, created_at timestamptz not null default now())');
    await c.query('analyze');
  });
  return phones;
}

// Each request: a new MessageSid from a random member, signed the way Twilio signs.
export function signedInbound(phones: string[], path: string) {
  const signUrl = `${PUBLIC_BASE_URL}/webhooks/twilio/sms`;
  return (req: CannonRequest): CannonRequest => {
    const params: Record<string, string> = {
      AccountSid: `AC${'0'.repeat(32)}`,
      MessageSid: `SM${randomBytes(16).toString('hex')}`,
      From: phones[Math.floor(Math.random() * phones.length)],
      To: '+15550000000',
      Body: 'what can I do this weekend?',
      NumMedia: '0',
    };
    return {
      ...req,
      method: 'POST',
      path,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(DEV_TWILIO_AUTH_TOKEN, signUrl, params),
      },
      body: new URLSearchParams(params).toString(),
    };
  };
}

