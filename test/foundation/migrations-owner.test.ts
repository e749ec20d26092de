import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, MIGRATIONS_TABLE } from '../../src/database/data-source-options';
import { runId, serverUrl, TEST_DB_PREFIX, withDatabase } from '../support/test-env';

// As on Supabase, the app's role owns the tables without being a superuser. RLS on the
// migrations table must not stop that owner from migrating, reverting and migrating again.
describe('migrations run by a non-superuser owner', () => {
  const suffix = randomBytes(4).toString('hex');
  const role = `josh_owner_${suffix}`;
  const password = randomBytes(12).toString('hex');
  // Named like the harness's own databases, so a killed run's leftover is cleaned up the same way.
  const database = `${TEST_DB_PREFIX}${runId()}_o_${suffix}`;
  let admin: Client;
  let ds: DataSource;

  beforeAll(async () => {
    admin = new Client({ connectionString: serverUrl() });
    await admin.connect();
    await admin.query(`create role ${role} login nosuperuser nocreaterole nocreatedb password '${password}'`);
    await admin.query(`create database ${database} owner ${role}`);
    const url = new URL(withDatabase(serverUrl(), database));
    url.username = role;
    url.password = password;
    ds = new DataSource(buildDataSourceOptions(url.toString()));
    await ds.initialize();
  });

  afterAll(async () => {
    await ds?.destroy();
    await admin?.query(`drop database if exists ${database} with (force)`);
    await admin?.query(`drop role if exists ${role}`);
    await admin?.end();
  });

  it('applies every migration, reverts the last and applies it again', async () => {
    const [{ superuser }] = await ds.query(`select rolsuper as superuser from pg_roles where rolname = current_user`);
    expect(superuser).toBe(false);
    expect((await ds.runMigrations()).length).toBe(ds.migrations.length);
    const [{ rls }] = await ds.query(`select relrowsecurity as rls from pg_class where oid = $1::regclass`, [`public.${MIGRATIONS_TABLE}`]);
    expect(rls).toBe(true);
    await ds.undoLastMigration();
    expect((await ds.runMigrations()).length).toBe(1);
    expect(await ds.showMigrations()).toBe(false);
    const [{ n }] = await ds.query(`select count(*)::int as n from ${MIGRATIONS_TABLE}`);
    expect(n).toBe(ds.migrations.length);
  });
});
