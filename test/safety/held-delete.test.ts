import { DataSource } from 'typeorm';
import { HoldsService } from '../../src/modules/safety';
import { startTestApp, TestApp } from '../support/app';
import { outboxFor, textAs } from '../support/conversation-sms';
import { makeMatchable, makeRegion, type TestMember } from '../support/linkups-factories';
import { sessionOf } from '../support/safety-helpers';

const NOTICE = "Your JOSH account is under review, so it is paused for now. We'll text you when the review is done. Questions? support@joshfriends.example";
const ASK = /^This deletes your JOSH account/;
const DELETED = 'Your JOSH account is deleted and your details erased. Thank you for being part of JOSH. You can sign up again any time.';

// A hard hold pauses everything but DELETE: a member under review may still delete their account
// (confirmed like anywhere else), and the hold stays with the number.
describe('DELETE under a hard hold', () => {
  let t: TestApp;
  let db: DataSource;
  let regionId: string;
  const text = (m: TestMember, body: string) => textAs(t.app, m.phone, body);
  // What was sent to the member since the last look.
  const seen = new Map<string, number>();
  const fresh = async (m: TestMember): Promise<string[]> => {
    const all = await outboxFor(t.app, m.phone);
    const from = seen.get(m.phone) ?? 0;
    seen.set(m.phone, all.length);
    return all.slice(from);
  };

  beforeAll(async () => {
    t = await startTestApp({ SMS_SENDER_SEGMENTS_PER_SECOND: '1000' });
    db = t.app.get(DataSource);
    regionId = await makeRegion(db);
  });
  afterAll(() => t.close());

  async function heldMember(): Promise<TestMember> {
    const m = await makeMatchable(db, regionId);
    const r = await t.app.get(HoldsService).applyHold({ userId: m.id, kind: 'hard_hold', reason: 'support_review', actor: { type: 'system' } as never });
    expect(r.change).toBe('applied');
    expect((await sessionOf(db, m.id)).mode).toBe('safety_hold');
    await fresh(m); // whatever applying the hold sent
    return m;
  }

  it('DELETE asks, DELETE again deletes; the hold stays on the number', async () => {
    const m = await heldMember();
    await text(m, 'DELETE');
    expect(await fresh(m)).toEqual([expect.stringMatching(ASK)]);
    await text(m, 'DELETE');
    // The number is scrubbed from everything before: the goodbye is all that is addressed to it.
    expect(await outboxFor(t.app, m.phone)).toEqual([DELETED]);
    const [user] = await db.query(`select state, deleted_at from users where id = $1`, [m.id]);
    expect(user.state).toBe('deleted');
    expect(user.deleted_at).toBeInstanceOf(Date);
    expect(await db.query(`select state from safety_holds where user_id = $1`, [m.id])).toEqual([{ state: 'hard_hold' }]);
  });

  it('anything but DELETE after the question keeps the account, and the hold answers again', async () => {
    const m = await heldMember();
    await text(m, 'DELETE');
    await fresh(m);
    await text(m, 'STATUS');
    expect(await fresh(m)).toEqual([NOTICE]);
    expect((await sessionOf(db, m.id)).mode).toBe('safety_hold');
    await text(m, 'DELETE'); // back in the hold: a fresh DELETE asks again, it does not delete
    expect(await fresh(m)).toEqual([expect.stringMatching(ASK)]);
    expect((await db.query(`select state from users where id = $1`, [m.id]))[0].state).not.toBe('deleted');
  });

  it('other commands still get only the hold notice (once per interval)', async () => {
    const m = await heldMember();
    for (const body of ['MENU', 'REPORT', 'coffee saturday morning', 'UNBLOCK']) await text(m, body);
    expect(await outboxFor(t.app, m.phone)).toEqual([NOTICE]);
    expect((await sessionOf(db, m.id)).mode).toBe('safety_hold');
  });
});
