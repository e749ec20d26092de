import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { runId, serverUrl, templateDb, TEST_DB_PREFIX, withDatabase } from './test-env';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

// A fresh database cloned from the migrated template: one per test file, never shared.
export async function createTestDatabase(template = templateDb()): Promise<TestDatabase> {
  const name = fileDbName();
  await admin(async (c) => {
    // Template copies conflict when two run at the very same moment; retry briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        await c.query(`create database ${name} template ${template}`);
        return;
      } catch (err) {
        if (attempt >= 20 || !/being accessed by other users/.test(String(err))) throw err;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  });
  return {
    name,
    url: withDatabase(serverUrl(), name),
    drop: () => admin(async (c) => void (await c.query(`drop database if exists ${name} with (force)`))),
  };
}

// An empty database (for migration up/down tests).
export async function createEmptyDatabase(): Promise<TestDatabase> {
  const name = fileDbName();
  await admin((c) => c.query(`create database ${name}`));
  return {
    name,
    url: withDatabase(serverUrl(), name),
    drop: () => admin(async (c) => void (await c.query(`drop database if exists ${name} with (force)`))),
  };
}

function fileDbName(): string {
  return `${TEST_DB_PREFIX}${runId()}_f_${randomBytes(6).toString('hex')}`;
}
