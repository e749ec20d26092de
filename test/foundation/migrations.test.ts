import { DataSource } from 'typeorm';
import { buildDataSourceOptions, MIGRATIONS_TABLE } from '../../src/database/data-source-options';
import { createEmptyDatabase, TestDatabase } from '../support/database';

// Every migration applies on an empty database, reverts completely, and applies again.
describe('migrations', () => {
  let tdb: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    tdb = await createEmptyDatabase();
    ds = new DataSource(buildDataSourceOptions(tdb.url));
    await ds.initialize();
  });

  afterAll(async () => {
    await ds?.destroy();
    await tdb?.drop();
  });

  async function publicObjects() {
    const tables = await ds.query(
      `select table_name from information_schema.tables where table_schema = 'public' and table_name <> $1 order by 1`,
      [MIGRATIONS_TABLE],
    );
    const types = await ds.query(
      `select t.typname from pg_type t where t.typnamespace = 'public'::regnamespace and t.typtype = 'e' order by 1`,
    );
    const functions = await ds.query(
      `select p.proname from pg_proc p where p.pronamespace = 'public'::regnamespace
          and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e') order by 1`,
    );
    return { tables: tables.map((r: { table_name: string }) => r.table_name), types: types.length, functions: functions.length };
  }

  it('apply, revert completely, apply again', async () => {
    const applied = await ds.runMigrations();
    expect(applied.length).toBe(ds.migrations.length);
    const full = await publicObjects();
    expect(full.tables.length).toBeGreaterThanOrEqual(30);
    expect(full.types).toBe(8);

    for (let i = 0; i < applied.length; i++) await ds.undoLastMigration();
    expect(await publicObjects()).toEqual({ tables: [], types: 0, functions: 0 });
    expect(await ds.query(`select count(*)::int as n from ${MIGRATIONS_TABLE}`)).toEqual([{ n: 0 }]);

    const again = await ds.runMigrations();
    expect(again.length).toBe(ds.migrations.length);
    expect(await publicObjects()).toEqual(full);
    expect(await ds.showMigrations()).toBe(false);
  });
});
