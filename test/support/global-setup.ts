import 'reflect-metadata';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { EMBEDDED_TEST_DIR, EMBEDDED_TEST_PORT, LEFTOVER_AGE_MS, newRunId, templateDb, TEST_DB_PREFIX, withDatabase } from './test-env';

// Migrates once into a template database; every test file clones its own from it.
export default async function globalSetup(): Promise<void> {
  let server = process.env.DATABASE_URL;
  if (!server) {
    const handle = await startEmbeddedPostgres({ dataDir: EMBEDDED_TEST_DIR, port: EMBEDDED_TEST_PORT, database: 'postgres' });
    (globalThis as Record<string, unknown>).__JOSH_EMBEDDED__ = handle;
    server = handle.url;
  }
  const admin = withDatabase(server, 'postgres');
  process.env.JOSH_TEST_SERVER_URL = admin;
  const id = newRunId();
  process.env.JOSH_TEST_RUN_ID = id;
  const TEMPLATE_DB = templateDb(id);
  const client = new Client({ connectionString: admin });
  await client.connect();
  try {
    await dropLeftovers(client);
    await client.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
    await client.query(`create database ${TEMPLATE_DB}`);
  } finally {
    await client.end();
  }
  const ds = new DataSource(buildDataSourceOptions(withDatabase(server, TEMPLATE_DB)));
  await ds.initialize();
  try {
    await ds.runMigrations();
  } finally {
    await ds.destroy();
  }
}

// Databases of earlier runs that were killed before they could drop them (old run ids only:
// another run in progress on the same server keeps its databases).
async function dropLeftovers(client: Client): Promise<void> {
  const { rows } = await client.query<{ datname: string }>('select datname from pg_database where datname like $1', [
    `${TEST_DB_PREFIX}%`,
  ]);
  for (const { datname } of rows) {
    const started = parseInt(datname.slice(TEST_DB_PREFIX.length).split('_')[0], 36);
    if (Number.isFinite(started) && Date.now() - started > LEFTOVER_AGE_MS) {
      await client.query(`drop database if exists "${datname}" with (force)`);
    }
  }
}
