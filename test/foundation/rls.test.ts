import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '../support/database';
import { connect, insert, makeLinkup, makeRegion, makeUser, Row } from '../support/sql-factories';

// Row-level security as Supabase clients would meet it: role `authenticated` with JWT claims.
describe('row-level security', () => {
  let tdb: TestDatabase;
  let db: Client;
  let a: Row, b: Row, c: Row, d: Row;
  let asInitiator: Row, asParticipant: Row, asInvitee: Row, notMine: Row;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = await connect(tdb.url);
    [a, b, c, d] = [await makeUser(db), await makeUser(db), await makeUser(db), await makeUser(db)];
    for (const u of [a, b]) await insert(db, 'profiles', { user_id: u.id });
    const region = await makeRegion(db);
    asInitiator = await makeLinkup(db, a.id, region.id);
    asParticipant = await makeLinkup(db, b.id, region.id);
    await insert(db, 'linkup_participants', { linkup_id: asParticipant.id, user_id: a.id, role: 'participant' });
    asInvitee = await makeLinkup(db, c.id, region.id);
    await insert(db, 'linkup_invites', { linkup_id: asInvitee.id, invited_user_id: a.id, idempotency_key: 'inv-a' });
    notMine = await makeLinkup(db, d.id, region.id);
    await insert(db, 'linkup_participants', { linkup_id: notMine.id, user_id: b.id, role: 'participant' });
  });

  afterAll(async () => {
    await db?.end();
    await tdb?.drop();
  });

  // Runs `fn` inside a transaction as `role`, with `sub` as the JWT subject (claims form or sub form).
  async function as<T>(role: 'authenticated' | 'anon', sub: unknown, fn: () => Promise<T>, form: 'claims' | 'sub' = 'claims'): Promise<T> {
    await db.query('begin');
    try {
      await db.query(`set local role ${role}`);
      if (sub && form === 'claims') await db.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub, role })]);
      if (sub && form === 'sub') await db.query(`select set_config('request.jwt.claim.sub', $1, true)`, [String(sub)]);
      return await fn();
    } finally {
      await db.query('rollback');
    }
  }

  it('auth.uid() reads either claims setting', async () => {
    expect(await as('authenticated', a.id, async () => (await db.query('select auth.uid() as id')).rows[0].id)).toBe(a.id);
    expect(await as('authenticated', a.id, async () => (await db.query('select auth.uid() as id')).rows[0].id, 'sub')).toBe(a.id);
  });

  it("lets A see only A's profile", async () => {
    const rows = await as('authenticated', a.id, async () => (await db.query('select user_id from profiles')).rows);
    expect(rows).toEqual([{ user_id: a.id }]);
  });

  it("lets A update A's profile but not B's", async () => {
    const counts = await as('authenticated', a.id, async () => {
      const own = await db.query(`update profiles set last_interview_step = 'x' where user_id = $1`, [a.id]);
      const other = await db.query(`update profiles set last_interview_step = 'x' where user_id = $1`, [b.id]);
      return [own.rowCount, other.rowCount];
    });
    expect(counts).toEqual([1, 0]);
  });

  it('refuses moving a profile to another member', async () => {
    await expect(
      as('authenticated', a.id, () => db.query(`update profiles set user_id = $2 where user_id = $1`, [a.id, b.id])),
    ).rejects.toThrow(/row-level security/);
  });

  it('shows a LinkUp only to its initiator, participants and invitees', async () => {
    const ids = await as('authenticated', a.id, async () => (await db.query('select id from linkups')).rows.map((r) => r.id));
    expect(ids.sort()).toEqual([asInitiator.id, asParticipant.id, asInvitee.id].sort());
    expect(ids).not.toContain(notMine.id);
  });

  it('shows nothing to anon', async () => {
    const counts = await as('anon', undefined, async () => {
      const out: Record<string, number> = {};
      for (const t of ['users', 'profiles', 'linkups', 'linkup_participants', 'linkup_invites', 'sms_messages', 'otp_sessions']) {
        out[t] = Number((await db.query(`select count(*)::int as n from ${t}`)).rows[0].n);
      }
      return out;
    });
    expect(Object.values(counts).every((n) => n === 0)).toBe(true);
  });

  it('keeps secrets (OTP sessions, messages) from members, even their own', async () => {
    await insert(db, 'otp_sessions', { user_id: a.id, otp_hash: 'h', expires_at: '2030-01-01' });
    const n = await as('authenticated', a.id, async () => (await db.query('select count(*)::int as n from otp_sessions')).rows[0].n);
    expect(n).toBe(0);
    // The service connection (table owner) still sees it: RLS protects clients, not the server.
    expect((await db.query('select count(*)::int as n from otp_sessions')).rows[0].n).toBe(1);
  });

  it('enables RLS on every table of the schema', async () => {
    const { rows } = await db.query(
      `select relname from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r'
        and relname <> 'typeorm_migrations' and not relrowsecurity`,
    );
    expect(rows).toEqual([]);
  });
});
