import { DataSource } from 'typeorm';
import { ConversationSessionsService } from '../../src/modules/conversation';
import { startTestApp, TestApp } from '../support/app';
import { makeMember } from '../support/conversation-factories';
import { blockedBy } from '../support/lock-waits';

// setModeIfIdle: feature modules (the LinkUp outcome check) move a member's conversation pointer
// only when it does not cut into a flow in progress.
describe('ConversationSessionsService.setModeIfIdle', () => {
  let t: TestApp;
  let db: DataSource;
  let sessions: ConversationSessionsService;
  const row = async (userId: string) =>
    (await db.query(`select mode, state_token, expires_at from conversation_sessions where user_id = $1`, [userId]))[0];

  beforeAll(async () => {
    t = await startTestApp({}, undefined, { features: 'core' });
    db = t.app.get(DataSource);
    sessions = t.app.get(ConversationSessionsService);
  });
  afterAll(() => t.close());

  it('moves an idle member, and creates the pointer of a member who has none', async () => {
    for (const mode of ['idle', null] as const) {
      const m = await makeMember(t.app, { mode });
      const s = await sessions.setModeIfIdle(m.id, 'awaiting_invite_reply', { stateToken: 'outcome:1', ttlSeconds: 600 });
      expect(s).toMatchObject({ userId: m.id, mode: 'awaiting_invite_reply', stateToken: 'outcome:1' });
      const r = await row(m.id);
      expect(r).toMatchObject({ mode: 'awaiting_invite_reply', state_token: 'outcome:1' });
      expect(new Date(r.expires_at).getTime()).toBeGreaterThan(Date.now() + 500_000);
    }
  });

  it('leaves a member busy in another flow alone, and answers null', async () => {
    for (const mode of ['interviewing', 'linkup_forming', 'awaiting_invite_reply', 'safety_hold'] as const) {
      const m = await makeMember(t.app, { mode, modeExpiresInSeconds: 3600 });
      const before = await row(m.id);
      expect(await sessions.setModeIfIdle(m.id, 'awaiting_invite_reply', { stateToken: 'outcome:2' })).toBeNull();
      expect(await row(m.id)).toEqual(before);
    }
  });

  it('takes over a mode that timed out (the router would end it on the next text anyway)', async () => {
    const m = await makeMember(t.app, { mode: 'interviewing', modeExpiresInSeconds: -60 });
    expect(await sessions.setModeIfIdle(m.id, 'awaiting_invite_reply', { stateToken: 'outcome:3' })).not.toBeNull();
    expect(await row(m.id)).toMatchObject({ mode: 'awaiting_invite_reply', state_token: 'outcome:3' });
  });

  it('waits for a handling transaction that holds the session, and compares with what it committed', async () => {
    const m = await makeMember(t.app);
    let locked!: () => void;
    let release!: () => void;
    let holder = 0;
    const isLocked = new Promise<void>((r) => (locked = r));
    const released = new Promise<void>((r) => (release = r));
    const handling = db.transaction(async (manager) => {
      [{ pid: holder }] = await manager.query('select pg_backend_pid() as pid');
      await sessions.lockForHandling(m.id, manager);
      await sessions.setMode(m.id, 'interviewing', { stateToken: 'q3' }, manager);
      locked();
      await released;
    });
    await isLocked;
    const cas = sessions.setModeIfIdle(m.id, 'awaiting_invite_reply', { stateToken: 'outcome:4' });
    // The compare-and-set waits for the handling transaction's lock (seen in pg_locks).
    expect(await blockedBy(db, holder, cas)).toBe('waiting');
    release();
    await handling;
    expect(await cas).toBeNull();
    expect(await row(m.id)).toMatchObject({ mode: 'interviewing', state_token: 'q3' });
  });
});
