import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../../src/bootstrap';
import { createTestDatabase, TestDatabase } from './database';

export interface TestApp {
  app: NestExpressApplication;
  db: TestDatabase;
  close(): Promise<void>;
}

export const TEST_ENV: Record<string, string> = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  PUBLIC_BASE_URL: 'https://josh.test',
  SMS_PROVIDER: 'console',
  BILLING_MODE: 'free',
  SWEEPS_ENABLED: 'false',
  DATABASE_RUN_MIGRATIONS: 'false',
  SEED_DEMO_REGION: 'false',
  // Tests drain the queue at once; the pacing test sets its own rate.
  SMS_SENDER_SEGMENTS_PER_SECOND: '1000',
  // Every test request comes from 127.0.0.1: per-IP limits are tested on their own (rate-limit.test.ts).
  RATE_LIMIT_REGISTRATION_PER_IP: '100000',
  RATE_LIMIT_VERIFICATION_PER_IP: '100000',
  RATE_LIMIT_MAGIC_LINK_PER_IP: '100000',
  OTP_MAX_WRONG_CODES_PER_IP_PER_HOUR: '100000',
  // Named here so that a test's override never outlives its app: @nestjs/config copies the first
  // app's validated values into process.env, where the next app of the file would find them.
  OTP_DAILY_BUDGET: '100000',
  TRUST_PROXY: '0',
};

// The real app on its own cloned database, sweeps off (tests call them directly).
export async function startTestApp(
  env: Record<string, string> = {},
  db?: TestDatabase,
  options: { features?: 'all' | 'core' } = {},
): Promise<TestApp> {
  const database = db ?? (await createTestDatabase());
  // A spool directory of its own: an app must never pick up (and move into its database) what
  // another test's app spooled.
  const spool = join(tmpdir(), 'josh-test-spool', randomUUID());
  const app = await createApp({ env: { ...TEST_ENV, DATABASE_URL: database.url, SPOOL_DIR: spool, ...env }, features: options.features });
  await app.init();
  return {
    app,
    db: database,
    close: async () => {
      await app.close();
      if (!db) await database.drop();
    },
  };
}
