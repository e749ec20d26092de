import request from 'supertest';
import { DataSource } from 'typeorm';
import { PhoneHasher } from '../../src/common/crypto';
import { MagicLinksService } from '../../src/modules/identity';
import { FIRST_INTERVIEW_QUESTION } from '../../src/modules/profile/profile.service';
import { RegionsService } from '../../src/modules/regions';
import { MemberDeletionService } from '../../src/modules/safety';
import { startTestApp, TestApp } from '../support/app';
import { outboxFor, textAs } from '../support/conversation-sms';
import { lastJob, now } from '../support/linkups-app';
import { addParticipant, block, makeLinkup, makeMatchable, makePendingInvite, type TestMember } from '../support/linkups-factories';
import { registerMember } from '../support/profile-helpers';
import { latestCode, registrationBody } from '../support/registration-helpers';
import { domainEvents, sessionOf, sharedLinkup } from '../support/safety-helpers';

type Row = Record<string, any>;
type Rule = (before: any, after: any) => void;

const kept: Rule = (b, a) => expect(a).toEqual(b);
const becomes = (value: unknown): Rule => (_b, a) => expect(a).toEqual(value);
// pg reads a date as local midnight.
const day = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const stamped: Rule = (b, a) => expect(new Date(a).getTime()).toBeGreaterThanOrEqual(new Date(b ?? 0).getTime());

// Every column of users and profiles, and what deleting a member does to it. A column added to
// either table fails the test until it is listed here (and, if it holds personal data, scrubbed).
function usersRules(id: string): Record<string, Rule> {
  return {
    id: kept,
    phone_e164: becomes(`deleted:${id}`),
    phone_hash: kept, // blocks, holds and reports keep working; the number can come back
    first_name: becomes(''),
    last_name: becomes(''),
    birthday: (_b, a) => expect(day(a)).toBe('1900-01-01'),
    email: becomes(null),
    state: becomes('deleted'),
    sms_consent: becomes(false),
    age_consent: kept, // what was agreed to, not personal data
    terms_consent: kept,
    privacy_consent: kept,
    region_id: becomes(null),
    suspended_at: kept,
    deleted_at: (_b, a) => expect(a).toBeInstanceOf(Date),
    created_at: kept,
    updated_at: stamped,
  };
}

const PROFILES: Record<string, Rule> = {
  id: kept,
  user_id: kept,
  state: becomes('empty'),
  fingerprint: becomes({}),
  activity_patterns: becomes([]),
  boundaries: becomes({}),
  preferences: becomes({}),
  active_intent: becomes(null),
  last_interview_step: becomes(null),
  completed_at: becomes(null),
  stale_at: becomes(null),
  created_at: kept,
  updated_at: stamped,
};

// DELETE over signed webhooks: one DELETE changes nothing, the second scrubs the member (every
// column of users and profiles accounted for), bodies are nulled, safety history stays, and the
// same number can register again.
describe('DELETE over SMS', () => {
  let t: TestApp;
  let db: DataSource;
  let regionId: string;
  const text = (m: { phone: string }, body: string) => textAs(t.app, m.phone, body);
  const lastBody = async (m: { id: string }) => (await lastJob(t.app, m.id))?.body ?? '';
  const userRow = async (id: string): Promise<Row> => (await db.query(`select * from users where id = $1`, [id]))[0];
  const profileRow = async (id: string): Promise<Row> => (await db.query(`select * from profiles where user_id = $1`, [id]))[0];
  const columns = async (table: string): Promise<string[]> =>
    (await db.query(`select column_name from information_schema.columns where table_schema = 'public' and table_name = $1 order by 1`, [table]))
      .map((r: { column_name: string }) => r.column_name);

  beforeAll(async () => {
    // outboxFor sends what is queued: no sender rate limit in the way.
    t = await startTestApp({ SMS_SENDER_SEGMENTS_PER_SECOND: '1000' });
    db = t.app.get(DataSource);
    regionId = (await t.app.get(RegionsService).upsertRegion({
      slug: 'delete-city', displayName: 'Delete City', state: 'open', geometry: { zips: ['94110'] }, rules: { timezone: 'America/New_York' },
    })).id;
  });
  afterAll(() => t.close());

  // Registered over HTTP and interviewed by SMS: messages, profile, profile events, postal code,
  // membership. Then safety history and LinkUps around her.
  async function dana(): Promise<{ id: string; phone: string; firstName: string; others: Record<string, TestMember>; upcoming: string; pending: string }> {
    const r = await registerMember(t.app, 'Dana', '94110');
    const m = { id: r.userId, phone: r.phone, firstName: 'Dana' };
    for (const answer of ['coffee', 'weekend mornings', '2', '2', '3', 'nothing', 'later']) await text(m, answer);
    expect((await userRow(m.id)).state).toBe('active');
    const [eli, fay, gus, hal, ivy] = await Promise.all(['Eli', 'Fay', 'Gus', 'Hal', 'Ivy'].map((n) => makeMatchable(db, regionId, { firstName: n })));
    await block(db, m.id, eli.id);
    await block(db, fay.id, m.id);
    const past = await sharedLinkup(db, regionId, [gus, m as TestMember], 4);
    await db.query(`insert into linkup_outcomes (linkup_id, user_id, attendance_response, feedback) values ($1, $2, 'attended', 'Gus was lovely')`, [past, m.id]);
    await db.query(`insert into safety_reports (reporter_user_id, reported_user_id, report_type, details) values ($1, $2, 'member_report', '{}')`, [fay.id, m.id]);
    const upcoming = await sharedLinkup(db, regionId, [gus, hal, ivy, m as TestMember], -3, { minSize: 3, maxSize: 5 });
    const pending = await makeLinkup(db, regionId, eli.id, { eventTime: new Date(Date.now() + 6 * 86_400_000) });
    await makePendingInvite(db, pending, m.id);
    return { ...m, others: { eli, fay, gus, hal, ivy }, upcoming, pending };
  }

  it('one DELETE asks for confirmation and changes nothing; anything else keeps the account', async () => {
    const d = await dana();
    const [u, p] = [await userRow(d.id), await profileRow(d.id)];
    await text(d, 'DELETE');
    expect(await lastBody(d)).toBe(
      'This deletes your JOSH account: your details and profile are erased and you leave any LinkUps ahead. Reply DELETE again within 10 minutes to confirm. Anything else keeps your account.',
    );
    expect(await userRow(d.id)).toEqual(u);
    expect(await profileRow(d.id)).toEqual(p);
    expect((await sessionOf(db, d.id)).state_token).toMatch(/^delete:/);
    await text(d, 'no wait');
    expect(await lastBody(d)).toBe('OK, your account stays as it is.');
    expect(await userRow(d.id)).toEqual(u);
    expect((await sessionOf(db, d.id)).mode).toBe('idle');
    // A confirmation after the 10 minutes is a new DELETE: it asks again.
    await text(d, 'DELETE');
    await db.query(`update conversation_sessions set expires_at = now() - interval '1 second' where user_id = $1`, [d.id]);
    await text(d, 'DELETE');
    expect(await lastBody(d)).toMatch(/^That last conversation timed out, so we set it aside\.\nThis deletes your JOSH account/);
    expect((await userRow(d.id)).state).toBe('active');
  });

  it('DELETE again scrubs exactly the personal data, leaves what is ahead, keeps safety history; the number can register again', async () => {
    const d = await dana();
    const [u, p] = [await userRow(d.id), await profileRow(d.id)];
    const hash = t.app.get(PhoneHasher).hash(d.phone);
    expect(await db.query(`select count(*)::int as n from sms_messages where user_id = $1 and body_ciphertext is not null`, [d.id])).not.toEqual([{ n: 0 }]);
    await text(d, 'DELETE');
    await text(d, 'delete');

    // users and profiles, column by column.
    const [uAfter, pAfter] = [await userRow(d.id), await profileRow(d.id)];
    const rules = usersRules(d.id);
    expect(await columns('users')).toEqual(Object.keys(rules).sort());
    expect(await columns('profiles')).toEqual(Object.keys(PROFILES).sort());
    for (const [c, rule] of Object.entries(rules)) rule(u[c], uAfter[c]);
    for (const [c, rule] of Object.entries(PROFILES)) rule(p[c], pAfter[c]);
    expect(uAfter.phone_hash).toBe(hash);

    // Message and job bodies nulled; the number is nowhere but on the goodbye, which has no member.
    const stored = await db.query(
      `select count(*) filter (where body_ciphertext is not null)::int as bodies,
              count(*) filter (where from_e164 = $2 or to_e164 = $2)::int as numbered from sms_messages where user_id = $1`,
      [d.id, d.phone],
    );
    expect(stored).toEqual([{ bodies: 0, numbered: 0 }]);
    const jobs = await db.query(
      `select count(*) filter (where body_ciphertext is not null)::int as bodies, count(*) filter (where status = 'pending')::int as pending
         from sms_outbound_jobs where user_id = $1`,
      [d.id],
    );
    expect(jobs).toEqual([{ bodies: 0, pending: 0 }]);
    expect(await outboxFor(t.app, d.phone)).toEqual([
      'Your JOSH account is deleted and your details erased. Thank you for being part of JOSH. You can sign up again any time.',
    ]);
    expect(await db.query(`select user_id from sms_messages where to_e164 = $1`, [d.phone])).toEqual([{ user_id: null }]);
    for (const table of ['profile_events', 'user_postal_codes', 'region_memberships', 'otp_sessions']) {
      expect(await db.query(`select 1 from ${table} where user_id = $1`, [d.id])).toEqual([]);
    }
    expect(await db.query(`select feedback from linkup_outcomes where user_id = $1`, [d.id])).toEqual([{ feedback: null }]);
    expect(await sessionOf(db, d.id)).toMatchObject({ mode: 'idle', state_token: 'idle' });

    // What was ahead: left (the others told a spot opened), the invite closed.
    expect((await db.query(`select status from linkup_participants where linkup_id = $1 and user_id = $2`, [d.upcoming, d.id]))[0].status).toBe('canceled');
    for (const m of [d.others.gus, d.others.hal, d.others.ivy]) expect(await lastBody(m)).toMatch(/^Heads up: one person can't make coffee on .* It's still on with 3 of you\./);
    expect((await db.query(`select state from linkup_invites where linkup_id = $1 and invited_user_id = $2`, [d.pending, d.id]))[0].state).toBe('closed');

    // Safety history stays on the row, both ways.
    expect(await db.query(`select 1 from user_blocks where blocker_user_id = $1 or blocked_user_id = $1`, [d.id])).toHaveLength(2);
    expect(await db.query(`select 1 from safety_reports where reported_user_id = $1`, [d.id])).toHaveLength(1);
    expect(await domainEvents(db, d.id, 'user.deleted')).toEqual([
      { event_type: 'user.deleted', from_state: 'active', to_state: 'deleted', payload: { actor: 'member', memberId: d.id } },
    ]);

    // The number is nobody's now: a text gets the sign-up link, like any unknown number.
    await text(d, 'hello?');
    expect((await outboxFor(t.app, d.phone)).pop()).toMatch(/^Hi! This number is not signed up for JOSH yet\. Join at https:\/\/josh\.test\/join/);

    // And it registers again: the same row, a new member to everyone, with its safety history.
    await db.query(`update sms_outbound_jobs set created_at = created_at - interval '2 hours' where user_id = $1 and purpose = 'otp'`, [d.id]);
    const national = `(${d.phone.slice(2, 5)}) ${d.phone.slice(5, 8)}-${d.phone.slice(8)}`;
    const http = () => request(t.app.getHttpServer());
    await http().post('/v1/registrations').send(registrationBody({ phone: national, firstName: 'Dani', email: 'dani@example.com' })).expect(202);
    await http().post('/v1/registrations/verify').send({ phone: d.phone, code: await latestCode(t.app, d.phone) }).expect(200);
    const again = await userRow(d.id);
    expect(again).toMatchObject({ phone_e164: d.phone, phone_hash: hash, first_name: 'Dani', state: 'verified', deleted_at: null });
    expect(await outboxFor(t.app, d.phone)).toContain(FIRST_INTERVIEW_QUESTION);
    expect((await sessionOf(db, d.id)).mode).toBe('interviewing');
    expect(await db.query(`select 1 from user_blocks where blocker_user_id = $1 or blocked_user_id = $1`, [d.id])).toHaveLength(2);
    expect(await domainEvents(db, d.id, 'user.reregistered')).toHaveLength(1);
  });

  it('support deletes a member the same way, once', async () => {
    const m = await makeMatchable(db, regionId);
    const upcoming = await makeLinkup(db, regionId, (await makeMatchable(db, regionId)).id, { eventTime: new Date(now(t.app).getTime() + 4 * 86_400_000) });
    await addParticipant(db, upcoming, m.id);
    const { url } = await t.app.get(MagicLinksService).issue({ userId: m.id, purpose: 'linkup', linkupId: upcoming });
    const linkPath = new URL(url).pathname;
    await request(t.app.getHttpServer()).get(linkPath).expect(200);
    await db.query(
      `insert into page_sessions (id_hash, user_id, created_at, last_seen_at, expires_at) values ('deleted-member-session', $1, now(), now(), now() + interval '1 hour')`,
      [m.id],
    );
    const deletion = t.app.get(MemberDeletionService);
    expect(await deletion.deleteMember(m.id, { type: 'admin', adminId: '00000000-0000-4000-8000-000000000001' })).toEqual({ deleted: true });
    // Nothing the member could sign in with survives: the texted link is dead, the page session revoked.
    expect((await request(t.app.getHttpServer()).get(linkPath)).status).toBe(410);
    expect((await db.query(`select revoked_at from page_sessions where user_id = $1`, [m.id]))[0].revoked_at).toBeInstanceOf(Date);
    expect(await deletion.deleteMember(m.id, { type: 'admin', adminId: '00000000-0000-4000-8000-000000000001' })).toEqual({ deleted: false });
    expect(await userRow(m.id)).toMatchObject({ state: 'deleted', first_name: '', phone_e164: `deleted:${m.id}` });
    expect((await domainEvents(db, m.id, 'user.deleted'))[0].payload).toEqual({ actor: 'admin', adminId: '00000000-0000-4000-8000-000000000001' });
    expect((await db.query(`select status from linkup_participants where linkup_id = $1 and user_id = $2`, [upcoming, m.id]))[0].status).toBe('canceled');
  });
});
