import { Client } from 'pg';
import { insert, makeLinkup, makeRegion, makeUser, Row } from '../support/sql-factories';

// The people and LinkUps every RLS test runs against. Member A is the one signed in.
//   shared   initiator A; A and B attended; completed (the LinkUp A and B met at)
//   done2    initiator C; C, A, B attended, D canceled; completed, nothing recorded by A yet
//   theirs   initiator B; B and C attended; completed; A declined the invite
//   left     initiator C; C and D attended, A canceled; completed
//   invited  initiator D; broadcasting, event ahead; A and B have pending invites
//   upcoming initiator B; A confirmed; locked, event ahead
export interface World {
  db: Client;
  a: Row; b: Row; c: Row; d: Row; e: Row;
  region: Row;
  linkups: Record<'shared' | 'done2' | 'theirs' | 'left' | 'invited' | 'upcoming', Row>;
  // Participant rows by `<linkup>:<member>`, e.g. 'shared:a'.
  participants: Record<string, Row>;
  invites: Record<'a_pending' | 'a_declined' | 'b_pending', Row>;
}

const HOUR = 3600_000;
const at = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();

export async function buildWorld(db: Client): Promise<World> {
  const users: Row[] = [];
  for (let i = 0; i < 5; i++) users.push(await makeUser(db, { state: 'active' }));
  const [ua, ub, uc, ud, ue] = users;
  const region = await makeRegion(db);
  const linkup = (initiator: Row, state: string, eventHours: number) =>
    makeLinkup(db, initiator.id, region.id, { state, event_time: at(eventHours) });
  const linkups = {
    shared: await linkup(ua, 'completed', -24),
    done2: await linkup(uc, 'completed', -24),
    theirs: await linkup(ub, 'completed', -24),
    left: await linkup(uc, 'completed', -24),
    invited: await linkup(ud, 'broadcasting', 48),
    upcoming: await linkup(ub, 'locked', 24),
  };
  const who: Record<string, Row> = { a: ua, b: ub, c: uc, d: ud, e: ue };
  const seats: Array<[keyof typeof linkups, string, string]> = [
    ['shared', 'a', 'attended'], ['shared', 'b', 'attended'],
    ['done2', 'c', 'attended'], ['done2', 'a', 'attended'], ['done2', 'b', 'attended'], ['done2', 'd', 'canceled'],
    ['theirs', 'b', 'attended'], ['theirs', 'c', 'attended'],
    ['left', 'c', 'attended'], ['left', 'd', 'attended'], ['left', 'a', 'canceled'],
    ['invited', 'd', 'confirmed'],
    ['upcoming', 'b', 'confirmed'], ['upcoming', 'a', 'confirmed'],
  ];
  const participants: Record<string, Row> = {};
  for (const [lk, m, status] of seats) {
    const role = linkups[lk].initiator_user_id === who[m].id ? 'initiator' : 'participant';
    participants[`${lk}:${m}`] = await insert(db, 'linkup_participants', { linkup_id: linkups[lk].id, user_id: who[m].id, role, status });
  }
  const invite = (lk: Row, u: Row, state: string, key: string) =>
    insert(db, 'linkup_invites', { linkup_id: lk.id, invited_user_id: u.id, state, idempotency_key: `${key}-${lk.id}` });
  const invites = {
    a_pending: await invite(linkups.invited, ua, 'pending', 'a-pending'),
    a_declined: await invite(linkups.theirs, ua, 'declined', 'a-declined'),
    b_pending: await invite(linkups.invited, ub, 'pending', 'b-pending'),
  };
  return { db, a: ua, b: ub, c: uc, d: ud, e: ue, region, linkups, participants, invites };
}

// Runs `fn` in a transaction as `role` with `sub` as the JWT subject, then rolls everything back.
export async function asRole<T>(db: Client, role: 'authenticated' | 'anon', sub: unknown, fn: () => Promise<T>): Promise<T> {
  await db.query('begin');
  try {
    await db.query(`set local role ${role}`);
    if (sub) await db.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub, role })]);
    return await fn();
  } finally {
    await db.query('rollback');
  }
}

// The outcome of one statement: rows affected, or the kind of refusal.
export type Outcome =
  | { ok: true; count: number; rows: Row[] }
  | { ok: false; denied: 'privilege' | 'policy' | 'other'; message: string };

// Runs one statement inside a savepoint (the enclosing transaction survives a failure).
export async function attempt(db: Client, sql: string, params: unknown[] = []): Promise<Outcome> {
  await db.query('savepoint attempt');
  try {
    const res = await db.query(sql, params);
    return { ok: true, count: res.rowCount ?? 0, rows: res.rows };
  } catch (err) {
    const message = (err as Error).message;
    const denied = /^permission denied/.test(message) ? 'privilege' : /row-level security/.test(message) ? 'policy' : 'other';
    return { ok: false, denied, message };
  } finally {
    await db.query('rollback to savepoint attempt');
  }
}
