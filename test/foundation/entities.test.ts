import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DataSource, getMetadataArgsStorage } from 'typeorm';
import { entities } from '../../src/database/entities';
import { startTestApp, type TestApp } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/database';

// Each module registers its own entities (TypeOrmModule.forFeature(<MODULE>_ENTITIES)) and the app's
// connection auto-loads them; src/database/entities.ts gathers the same lists for the TypeORM CLI and
// the test harness. These must never disagree, or the drift check would not see a table the app
// uses (or the app would miss one the migrations create).
const SRC = join(__dirname, '../../src');

function entityFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return entityFiles(path);
    return e.name.endsWith('.entity.ts') ? [path] : [];
  });
}

function names(list: Function[]): string[] {
  return list.map((e) => e.name).sort();
}

describe('entity registration: per module, one full list for the CLI', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('every @Entity class under src/ is in a module list that the full list gathers', () => {
    const tables = getMetadataArgsStorage().tables;
    const declared = new Map<string, string>();
    for (const file of entityFiles(SRC)) {
      const exported = Object.values(require(file) as Record<string, unknown>);
      for (const value of exported) {
        if (typeof value === 'function' && tables.some((t) => t.target === value)) declared.set(value.name, relative(SRC, file));
      }
    }
    expect(declared.size).toBeGreaterThanOrEqual(36);
    const missing = [...declared].filter(([name]) => !entities.some((e) => e.name === name)).map(([n, f]) => `${n} (${f})`);
    expect(missing).toEqual([]);
    expect(new Set(entities).size).toBe(entities.length);
  });

  it.each(['all', 'core'] as const)('the %s app maps exactly the full list, cross-module foreign keys resolved', async (features) => {
    let t: TestApp | undefined;
    try {
      t = await startTestApp({}, db, { features });
      const ds = t.app.get(DataSource);
      expect(names(ds.entityMetadatas.map((m) => m.target as Function))).toEqual(names(entities));
      // users.region_id -> regions (identity -> regions) and magic_links.linkup_id -> linkups.
      const fk = (table: string, column: string) =>
        ds.entityMetadatas.find((m) => m.tableName === table)!.foreignKeys.find((k) => k.columnNames.includes(column))?.referencedTablePath;
      expect(fk('users', 'region_id')).toBe('regions');
      expect(fk('magic_links', 'linkup_id')).toBe('linkups');
    } finally {
      await t?.app.close();
    }
  });
});
