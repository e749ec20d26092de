import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/app';
import { textAs } from '../support/conversation-sms';
import { blockedBy, holdLock } from '../support/lock-waits';
import { makeLinkup, makeMatchable, makePendingInvite, makeRegion } from '../support/linkups-factories';

// An answer to an invite locks the invite row (under its LinkUp's) before it decides: an invite
// another transaction is closing is waited for (seen in pg_locks), and the answer is decided on
// what that transaction committed.
describe('invite row lock', () => {
  let t: TestApp;
  let db: DataSource;
  let regionId: string;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    regionId = await makeRegion(db);
  });
  afterAll(() => t.close());

  it('a YES to an invite another transaction closes meanwhile joins nobody', async () => {
    const host = await makeMatchable(db, regionId, { firstName: 'Host' });
    const m = await makeMatchable(db, regionId, { mode: 'awaiting_invite_reply' });
    await db.query(`update conversation_sessions set state_token = 'invite' where user_id = $1`, [m.id]);
    const linkupId = await makeLinkup(db, regionId, host.id);
    const inviteId = await makePendingInvite(db, linkupId, m.id);
    // Another transaction holds the invite; it closes it once the YES waits.
    const held = await holdLock(db, `select id from linkup_invites where id = $1 for update`, [inviteId]);
    let answered: Promise<string> = Promise.resolve('');
    try {
      answered = textAs(t.app, m.phone, 'YES');
      expect(await blockedBy(db, held.pid, answered)).toBe('waiting');
      await held.query(`update linkup_invites set state = 'closed', closed_at = now() where id = $1`, [inviteId]);
      await held.commit();
    } finally {
      await held.rollback();
    }
    const sid = await answered;
    expect(await db.query(`select state from linkup_invites where id = $1`, [inviteId])).toEqual([{ state: 'closed' }]);
    expect(await db.query(`select 1 from linkup_participants where linkup_id = $1 and user_id = $2`, [linkupId, m.id])).toEqual([]);
    expect(await db.query(`select status from sms_messages where twilio_message_sid = $1`, [sid])).toEqual([{ status: 'handled' }]);
  });
});
