import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '../support/database';
import { connect, insert, Row } from '../support/sql-factories';
import { asRole, attempt, buildWorld, World } from './rls-world';

// The attacks of issue 18 (finding 3) as a Supabase client would make them: role `authenticated`
// with member A's JWT, or `anon`. rls-matrix.test.ts covers every table and column; these are the
// readable stories.
describe('row-level security', () => {
  let tdb: TestDatabase;
  let db: Client;
  let w: World;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = await connect(tdb.url);
    w = await buildWorld(db);
    for (const u of [w.a, w.b]) {
      await insert(db, 'profiles', { user_id: u.id, state: 'partial' });
      await insert(db, 'conversation_sessions', { user_id: u.id, mode: 'safety_hold', state_token: 'hold' });
    }
    await insert(db, 'linkup_outcomes', { linkup_id: w.linkups.shared.id, user_id: w.a.id, attendance_response: 'attended' });
    await insert(db, 'contact_exchange_choices', { linkup_id: w.linkups.shared.id, chooser_user_id: w.b.id, target_user_id: w.a.id, choice: false });
  });

  afterAll(async () => {
    await db?.end();
    await tdb?.drop();
  });

  const asA = <T>(fn: () => Promise<T>) => asRole(db, 'authenticated', w.a.id, fn);
  // Member A in another state for one test (the owner's write, committed, then put back).
  async function whileA(state: Row, fn: () => Promise<void>): Promise<void> {
    await db.query(`update users set state = $2, suspended_at = $3 where id = $1`, [w.a.id, state.state, state.suspended_at ?? null]);
    try {
      await fn();
    } finally {
      await db.query(`update users set state = 'active', suspended_at = null where id = $1`, [w.a.id]);
    }
  }

  it('auth.uid() reads either claims setting', async () => {
    const read = async (setting: string, value: string) => {
      await db.query('begin');
      try {
        await db.query('set local role authenticated');
        await db.query(`select set_config($1, $2, true)`, [setting, value]);
        return (await db.query('select auth.uid() as id')).rows[0].id;
      } finally {
        await db.query('rollback');
      }
    };
    expect(await read('request.jwt.claims', JSON.stringify({ sub: w.a.id }))).toBe(w.a.id);
    expect(await read('request.jwt.claim.sub', String(w.a.id))).toBe(w.a.id);
  });

  it('a suspended member cannot reactivate themselves or take another number', async () => {
    await whileA({ state: 'suspended', suspended_at: new Date() }, async () => {
      await asA(async () => {
        const attack = await attempt(db, `update users set state = 'active', suspended_at = null, phone_e164 = '+15550009999' where id = $1`, [w.a.id]);
        expect(attack).toMatchObject({ ok: false, denied: 'privilege' });
        for (const set of [`state = 'active'`, 'suspended_at = null', 'deleted_at = null', `phone_e164 = '+15550009999'`,
          `phone_hash = 'x'`, 'region_id = null', 'sms_consent = true', `first_name = 'Mallory'`]) {
          expect([set, await attempt(db, `update users set ${set} where id = $1`, [w.a.id])]).toEqual([set, expect.objectContaining({ denied: 'privilege' })]);
        }
        // Even the one column members may change stays as it is while suspended.
        expect(await attempt(db, `update users set email = 'new@josh.test' where id = $1`, [w.a.id])).toMatchObject({ ok: true, count: 0 });
      });
    });
  });

  it('a member in good standing changes their email, and nobody else’s', async () => {
    await asA(async () => {
      expect(await attempt(db, `update users set email = 'a@josh.test' where id = $1`, [w.a.id])).toMatchObject({ ok: true, count: 1 });
      expect(await attempt(db, `update users set email = 'a@josh.test' where id = $1`, [w.b.id])).toMatchObject({ ok: true, count: 0 });
    });
  });

  it('a member on a safety hold cannot leave it by rewriting their conversation session', async () => {
    await asA(async () => {
      expect(await attempt(db, `update conversation_sessions set mode = 'idle', state_token = 'idle' where user_id = $1`, [w.a.id]))
        .toMatchObject({ denied: 'privilege' });
      expect(await attempt(db, `delete from conversation_sessions where user_id = $1`, [w.a.id])).toMatchObject({ denied: 'privilege' });
      expect((await db.query(`select mode from conversation_sessions`)).rows).toEqual([{ mode: 'safety_hold' }]);
    });
  });

  it('a member cannot write their own profile (matching reads it)', async () => {
    await asA(async () => {
      expect(await attempt(db, `update profiles set state = 'complete_full', fingerprint = '{"x":1}' where user_id = $1`, [w.a.id]))
        .toMatchObject({ denied: 'privilege' });
      expect(await attempt(db, `insert into profiles (user_id) values ($1)`, [w.c.id])).toMatchObject({ denied: 'privilege' });
      expect((await db.query('select user_id from profiles')).rows).toEqual([{ user_id: w.a.id }]);
    });
  });

  it('records an outcome only for a LinkUp the member took part in, and never moves one', async () => {
    await asA(async () => {
      const outcome = (linkup: Row) =>
        attempt(db, `insert into linkup_outcomes (linkup_id, user_id, attendance_response) values ($1, $2, 'attended')`, [linkup.id, w.a.id]);
      expect(await outcome(w.linkups.done2)).toMatchObject({ ok: true, count: 1 });
      expect(await outcome(w.linkups.theirs)).toMatchObject({ denied: 'policy' });
      expect(await outcome(w.linkups.left)).toMatchObject({ denied: 'policy' });
      expect(await attempt(db, `update linkup_outcomes set linkup_id = $1 where user_id = $2`, [w.linkups.theirs.id, w.a.id]))
        .toMatchObject({ denied: 'privilege' });
    });
    await whileA({ state: 'suspended', suspended_at: new Date() }, () =>
      asA(async () => {
        expect(
          await attempt(db, `insert into linkup_outcomes (linkup_id, user_id, attendance_response) values ($1, $2, 'attended')`, [w.linkups.done2.id, w.a.id]),
        ).toMatchObject({ denied: 'policy' });
        expect(await attempt(db, `update linkup_outcomes set feedback = 'x' where user_id = $1`, [w.a.id])).toMatchObject({ ok: true, count: 0 });
      }),
    );
  });

  it('chooses contacts only among co-attendees, and never learns what others chose', async () => {
    await asA(async () => {
      const choose = (linkup: Row, target: Row) =>
        attempt(db, `insert into contact_exchange_choices (linkup_id, chooser_user_id, target_user_id, choice) values ($1, $2, $3, true)`, [
          linkup.id, w.a.id, target.id,
        ]);
      expect(await choose(w.linkups.done2, w.c)).toMatchObject({ ok: true, count: 1 });
      expect(await choose(w.linkups.done2, w.e)).toMatchObject({ denied: 'policy' }); // never in that LinkUp
      expect(await choose(w.linkups.theirs, w.c)).toMatchObject({ denied: 'policy' }); // A was never in it
      // B's "no" about A stays B's (A's own insert above was rolled back: A sees no choice at all).
      expect((await db.query(`select chooser_user_id from contact_exchange_choices`)).rows).toEqual([]);
      expect(await attempt(db, `update contact_exchange_choices set target_user_id = $1`, [w.e.id])).toMatchObject({ denied: 'privilege' });
    });
  });

  it('shows a LinkUp to its initiator, current participants and pending invitees only', async () => {
    const ids = await asA(async () => (await db.query('select id from linkups')).rows.map((r) => r.id));
    const { shared, done2, invited, upcoming } = w.linkups;
    expect(ids.sort()).toEqual([shared.id, done2.id, invited.id, upcoming.id].sort());
  });

  it('keeps secrets (OTP sessions, messages) from members, even their own, but not from the server', async () => {
    await insert(db, 'otp_sessions', { user_id: w.a.id, otp_hash: 'h', expires_at: '2030-01-01' });
    await asA(async () => {
      expect(await attempt(db, 'select count(*) from otp_sessions')).toMatchObject({ denied: 'privilege' });
      expect(await attempt(db, 'select count(*) from sms_messages')).toMatchObject({ denied: 'privilege' });
    });
    // The service connection (table owner) still sees it: RLS protects clients, not the server.
    expect((await db.query('select count(*)::int as n from otp_sessions')).rows[0].n).toBe(1);
  });

  it('locks the migrations table: RLS on, and neither client role may touch it', async () => {
    const { rows } = await db.query(`select relrowsecurity from pg_class where oid = 'public.typeorm_migrations'::regclass`);
    expect(rows).toEqual([{ relrowsecurity: true }]);
    for (const role of ['authenticated', 'anon'] as const) {
      await asRole(db, role, role === 'authenticated' ? w.a.id : undefined, async () => {
        expect(await attempt(db, 'select count(*) from typeorm_migrations')).toMatchObject({ denied: 'privilege' });
        expect(await attempt(db, 'delete from typeorm_migrations')).toMatchObject({ denied: 'privilege' });
        expect(await attempt(db, `insert into typeorm_migrations (timestamp, name) values (1, 'x')`)).toMatchObject({ denied: 'privilege' });
      });
    }
  });

  it('gives anon nothing, not even a count', async () => {
    await asRole(db, 'anon', undefined, async () => {
      for (const t of ['users', 'profiles', 'linkups', 'linkup_participants', 'regions']) {
        expect([t, await attempt(db, `select count(*) from ${t}`)]).toEqual([t, expect.objectContaining({ denied: 'privilege' })]);
      }
    });
  });
});
