import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '../support/database';
import { connect, Row } from '../support/sql-factories';
import { MEMBER_FUNCTIONS, RLS_MATRIX, TableAccess } from './rls-matrix';
import { asRole, attempt, buildWorld, Outcome, World } from './rls-world';

// Every table x column x verb, as member A (role `authenticated`) and as `anon`, against the
// matrix in rls-matrix.ts. Each test collects every difference, one line naming the table and
// column, so a leak reads as e.g. "users.state: member A updated row A".
describe('member access matrix: grants and RLS on every table', () => {
  let tdb: TestDatabase;
  let db: Client;
  let w: World;
  // Relations of public (tables, views) and their columns, from pg_catalog.
  let relations: Map<string, { kind: string; rls: boolean; columns: string[] }>;
  // Seeded rows by table and label; `text[table][label][column]` their values as text.
  const seeded: Record<string, Record<string, Row>> = {};
  const text: Record<string, Record<string, Record<string, string | null>>> = {};

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = await connect(tdb.url);
    relations = await loadRelations(db);
    w = await buildWorld(db);
    for (const [table, entry] of Object.entries(RLS_MATRIX)) {
      const rel = relations.get(table);
      if (!rel) continue;
      seeded[table] = await entry.seed(w);
      text[table] = await valuesAsText(table, keyOf(entry), rel.columns, seeded[table]);
    }
  });

  afterAll(async () => {
    await db?.end();
    await tdb?.drop();
  });

  const keyOf = (entry: TableAccess) => entry.key ?? 'id';
  const tables = () => [...relations.keys()].filter((t) => RLS_MATRIX[t]).sort();
  const labels = (table: string) => Object.keys(seeded[table]);
  const quote = (name: string) => `"${name}"`;
  const describeOutcome = (o: Outcome) => (o.ok ? `${o.count} row(s)` : `${o.denied} refusal: ${o.message}`);

  async function valuesAsText(table: string, key: string, columns: string[], rows: Record<string, Row>) {
    const out: Record<string, Record<string, string | null>> = {};
    const cols = columns.map((c) => `${quote(c)}::text as ${quote(c)}`).join(', ');
    for (const [label, row] of Object.entries(rows)) {
      const { rows: found } = await db.query(`select ${cols} from public.${quote(table)} where ${quote(key)} = $1`, [row[key]]);
      if (found.length !== 1) throw new Error(`${table}: seeded row ${label} not found by ${key}`);
      out[label] = found[0];
    }
    return out;
  }

  it('has an entry for every table and view of public (and none for a relation that is gone)', () => {
    const problems: string[] = [];
    for (const [name, rel] of relations) {
      if (!RLS_MATRIX[name]) {
        problems.push(`${name}: no entry in test/foundation/rls-matrix.ts (every ${rel.kind} needs one; see docs/security.md)`);
      }
    }
    for (const [name, entry] of Object.entries(RLS_MATRIX)) {
      const rel = relations.get(name);
      if (!rel) {
        problems.push(`${name}: entry in rls-matrix.ts for a relation that does not exist`);
        continue;
      }
      const listed = [...(entry.select?.columns ?? []), ...(entry.update?.columns ?? []), ...(entry.insert?.columns ?? []), keyOf(entry)];
      for (const c of listed) if (!rel.columns.includes(c)) problems.push(`${name}.${c}: in rls-matrix.ts but not a column`);
      const rowLabels = [...(entry.select?.rows ?? []), ...(entry.update?.rows ?? []), ...(entry.delete?.rows ?? [])];
      for (const l of rowLabels) if (!(l in seeded[name])) problems.push(`${name}: row label ${l} is not seeded`);
      if (Object.keys(seeded[name]).length === 0) problems.push(`${name}: the seed made no rows`);
    }
    expect(problems).toEqual([]);
  });

  it('keeps row-level security on for every table', () => {
    const off = [...relations].filter(([, r]) => (r.kind === 'table') && !r.rls).map(([name]) => `${name}: row-level security is off`);
    expect(off).toEqual([]);
  });

  it('member A reads exactly the granted columns, and exactly the rows listed', async () => {
    const problems: string[] = [];
    for (const table of tables()) {
      const entry = RLS_MATRIX[table];
      const allowed = new Set(entry.select?.columns ?? []);
      await asRole(db, 'authenticated', w.a.id, async () => {
        for (const c of relations.get(table)!.columns) {
          const o = await attempt(db, `select ${quote(c)} from public.${quote(table)}`);
          if (allowed.has(c) && !o.ok) problems.push(`${table}.${c}: member A cannot read it (${describeOutcome(o)})`);
          if (!allowed.has(c) && (o.ok || o.denied !== 'privilege')) problems.push(`${table}.${c}: member A can read it (${describeOutcome(o)})`);
        }
        if (!entry.select) return;
        const key = keyOf(entry);
        const o = await attempt(db, `select ${quote(key)}::text as k from public.${quote(table)}`);
        if (!o.ok) return void problems.push(`${table}: member A cannot list rows (${describeOutcome(o)})`);
        const seen = o.rows.map((r) => labelOf(table, key, String(r.k))).sort();
        const expected = [...entry.select.rows].sort();
        for (const l of seen) if (!expected.includes(l)) problems.push(`${table}: member A sees row ${l}`);
        for (const l of expected) if (!seen.includes(l)) problems.push(`${table}: member A does not see row ${l}`);
      });
    }
    expect(problems).toEqual([]);
  });

  it('member A updates exactly the granted columns, on exactly the rows listed', async () => {
    const problems: string[] = [];
    for (const table of tables()) {
      const entry = RLS_MATRIX[table];
      const key = keyOf(entry);
      const allowed = new Set(entry.update?.columns ?? []);
      await asRole(db, 'authenticated', w.a.id, async () => {
        for (const c of relations.get(table)!.columns) {
          for (const label of labels(table)) {
            // The row's own value: a grant or policy is all that can refuse it.
            const values = text[table][label];
            const o = await attempt(db, `update public.${quote(table)} set ${quote(c)} = $1 where ${quote(key)} = $2`, [values[c], values[key]]);
            const reaches = entry.update?.rows.includes(label) ? 1 : 0;
            if (!allowed.has(c)) {
              if (o.ok || o.denied !== 'privilege') problems.push(`${table}.${c}: member A can update it on row ${label} (${describeOutcome(o)})`);
            } else if (!o.ok || o.count !== reaches) {
              problems.push(`${table}.${c}: updating row ${label} gave ${describeOutcome(o)}, expected ${reaches} row(s)`);
            }
          }
        }
      });
    }
    expect(problems).toEqual([]);
  });

  it('member A inserts only the granted columns, and only rows the policies allow', async () => {
    const problems: string[] = [];
    for (const table of tables()) {
      const entry = RLS_MATRIX[table];
      const allowed = new Set(entry.insert?.columns ?? []);
      await asRole(db, 'authenticated', w.a.id, async () => {
        for (const c of relations.get(table)!.columns) {
          if (allowed.has(c)) continue;
          const o = await attempt(db, `insert into public.${quote(table)} (${quote(c)}) values (default)`);
          if (o.ok || o.denied !== 'privilege') problems.push(`${table}.${c}: member A can insert it (${describeOutcome(o)})`);
        }
        if (!entry.insert) return;
        const row = entry.insert.allowed(w);
        if ([...Object.keys(row)].sort().join() !== [...allowed].sort().join()) {
          problems.push(`${table}: the allowed row in rls-matrix.ts must set exactly the insert columns`);
        }
        const ok = await insertRow(table, row);
        if (!ok.ok || ok.count !== 1) problems.push(`${table}: member A cannot insert the allowed row (${describeOutcome(ok)})`);
        for (const [attack, bad] of Object.entries(entry.insert.refused(w))) {
          const o = await insertRow(table, bad);
          if (o.ok || o.denied !== 'policy') problems.push(`${table}: member A inserted a row ${attack} (${describeOutcome(o)})`);
        }
      });
    }
    expect(problems).toEqual([]);
  });

  it('member A deletes exactly the rows listed', async () => {
    const problems: string[] = [];
    for (const table of tables()) {
      const entry = RLS_MATRIX[table];
      const key = keyOf(entry);
      await asRole(db, 'authenticated', w.a.id, async () => {
        for (const label of labels(table)) {
          const o = await attempt(db, `delete from public.${quote(table)} where ${quote(key)} = $1`, [text[table][label][key]]);
          const reaches = entry.delete?.rows.includes(label) ? 1 : 0;
          if (!entry.delete) {
            if (o.ok || o.denied !== 'privilege') problems.push(`${table}: member A can delete row ${label} (${describeOutcome(o)})`);
          } else if (!o.ok || o.count !== reaches) {
            problems.push(`${table}: deleting row ${label} gave ${describeOutcome(o)}, expected ${reaches} row(s)`);
          }
        }
      });
    }
    expect(problems).toEqual([]);
  });

  it('anon can do nothing to any table, column by column', async () => {
    const problems: string[] = [];
    const denied = (o: Outcome) => !o.ok && o.denied === 'privilege';
    for (const table of [...relations.keys()].sort()) {
      const key = keyOf(RLS_MATRIX[table] ?? {});
      const rows = text[table] ?? {};
      await asRole(db, 'anon', undefined, async () => {
        const count = await attempt(db, `select count(*) from public.${quote(table)}`);
        if (!denied(count)) problems.push(`${table}: anon can count rows (${describeOutcome(count)})`);
        for (const c of relations.get(table)!.columns) {
          const read = await attempt(db, `select ${quote(c)} from public.${quote(table)}`);
          if (!denied(read)) problems.push(`${table}.${c}: anon can read it (${describeOutcome(read)})`);
          const ins = await attempt(db, `insert into public.${quote(table)} (${quote(c)}) values (default)`);
          if (!denied(ins)) problems.push(`${table}.${c}: anon can insert it (${describeOutcome(ins)})`);
          for (const [label, v] of Object.entries(rows)) {
            const upd = await attempt(db, `update public.${quote(table)} set ${quote(c)} = $1 where ${quote(key)} = $2`, [v[c], v[key]]);
            if (!denied(upd)) problems.push(`${table}.${c}: anon can update it on row ${label} (${describeOutcome(upd)})`);
          }
        }
        for (const [label, v] of Object.entries(rows)) {
          const del = await attempt(db, `delete from public.${quote(table)} where ${quote(key)} = $1`, [v[key]]);
          if (!denied(del)) problems.push(`${table}: anon can delete row ${label} (${describeOutcome(del)})`);
        }
      });
    }
    expect(problems).toEqual([]);
  });

  it('lets members call only the policy helpers among security definer functions, and anon none', async () => {
    const { rows } = await db.query<{ name: string; anon: boolean; member: boolean; everyone: boolean }>(
      `select p.proname as name,
              has_function_privilege('anon', p.oid, 'execute') as anon,
              has_function_privilege('authenticated', p.oid, 'execute') as member,
              exists (select 1 from aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
                      where a.grantee = 0 and a.privilege_type = 'EXECUTE') as everyone
         from pg_proc p where p.pronamespace = 'public'::regnamespace and p.prosecdef`,
    );
    const problems: string[] = [];
    for (const f of rows) {
      if (f.anon) problems.push(`${f.name}(): anon may execute it`);
      if (f.everyone) problems.push(`${f.name}(): PUBLIC may execute it`);
      if (f.member !== MEMBER_FUNCTIONS.includes(f.name)) problems.push(`${f.name}(): members ${f.member ? 'may' : 'may not'} execute it`);
    }
    for (const name of MEMBER_FUNCTIONS) if (!rows.some((f) => f.name === name)) problems.push(`${name}(): missing`);
    expect(problems).toEqual([]);
  });

  it('gives neither role any sequence', async () => {
    const { rows } = await db.query(
      `select relname from pg_class where relnamespace = 'public'::regnamespace and relkind = 'S'
          and (has_sequence_privilege('anon', oid, 'usage, select, update') or has_sequence_privilege('authenticated', oid, 'usage, select, update'))`,
    );
    expect(rows).toEqual([]);
  });

  function labelOf(table: string, key: string, value: string): string {
    const hit = Object.entries(text[table]).find(([, v]) => v[key] === value);
    return hit ? hit[0] : `(unseeded ${key}=${value})`;
  }

  async function insertRow(table: string, row: Row): Promise<Outcome> {
    const cols = Object.keys(row);
    const sql = `insert into public.${quote(table)} (${cols.map(quote).join(', ')}) values (${cols.map((_, i) => `$${i + 1}`).join(', ')})`;
    return attempt(db, sql, Object.values(row));
  }
});

// Tables and views of public that are not an extension's, with their columns.
async function loadRelations(db: Client) {
  const { rows } = await db.query<{ name: string; kind: string; rls: boolean; columns: string[] }>(
    `select c.relname as name,
            case when c.relkind in ('r', 'p') then 'table' else 'view' end as kind,
            c.relrowsecurity as rls,
            array(select a.attname::text from pg_attribute a
                   where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped order by a.attnum) as columns
       from pg_class c
      where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'f')
        and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')`,
  );
  return new Map(rows.map((r) => [r.name, { kind: r.kind, rls: r.rls, columns: r.columns }]));
}
