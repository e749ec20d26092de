import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';

// Raw-SQL factories for schema-level tests (no app): one row per call, unique by default.
export type Row = Record<string, unknown>;

export async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}

export async function insert(db: Client, table: string, row: Row): Promise<Row> {
  const cols = Object.keys(row);
  const sql = `insert into public.${table} (${cols.map((c) => `"${c}"`).join(', ')}) values (${cols
    .map((_, i) => `$${i + 1}`)
    .join(', ')}) returning *`;
  const { rows } = await db.query(sql, Object.values(row));
  return rows[0];
}

let seq = 0;
export function uniq(prefix = ''): string {
  seq += 1;
  return `${prefix}${Date.now().toString(36)}${seq}${randomBytes(3).toString('hex')}`;
}

export function phone(): string {
  return `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
}

export async function makeUser(db: Client, over: Row = {}): Promise<Row> {
  const e164 = phone() + String(seq++ % 10);
  return insert(db, 'users', {
    phone_e164: e164,
    phone_hash: randomBytes(32).toString('hex'),
    first_name: 'Test',
    last_name: 'Member',
    birthday: '1990-01-01',
    sms_consent: true,
    age_consent: true,
    terms_consent: true,
    privacy_consent: true,
    ...over,
  });
}

export async function makeRegion(db: Client, over: Row = {}): Promise<Row> {
  return insert(db, 'regions', {
    slug: uniq('region-'),
    display_name: 'Test Region',
    state: 'open',
    geometry: JSON.stringify({ zips: ['94110'] }),
    ...over,
  });
}

export async function makeLinkup(db: Client, initiatorId: unknown, regionId: unknown, over: Row = {}): Promise<Row> {
  return insert(db, 'linkups', {
    initiator_user_id: initiatorId,
    region_id: regionId,
    state: 'broadcasting',
    brief: JSON.stringify({ activity_key: 'coffee' }),
    linkup_create_key: uniq('create-'),
    ...over,
  });
}

export { randomUUID };
