import { Client } from 'pg';
import type { EmbeddedPostgresHandle } from '../../src/database/embedded-postgres';
import { templateDb } from './test-env';

export default async function globalTeardown(): Promise<void> {
  const server = process.env.JOSH_TEST_SERVER_URL;
  if (server && process.env.JOSH_TEST_RUN_ID) {
    const client = new Client({ connectionString: server });
    await client.connect();
    try {
      await client.query(`drop database if exists ${templateDb()} with (force)`);
    } finally {
      await client.end();
    }
  }
  const handle = (globalThis as Record<string, unknown>).__JOSH_EMBEDDED__ as EmbeddedPostgresHandle | undefined;
  await handle?.stop();
}
