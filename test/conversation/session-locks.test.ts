import { DataSource } from 'typeorm';
import { MessageCipher } from '../../src/common/crypto';
import { ConversationSessionsService } from '../../src/modules/conversation';
import { InboundSmsService } from '../../src/modules/conversation/inbound/inbound-sms.service';
import { startTestApp, TestApp } from '../support/app';
import { makeMember } from '../support/conversation-factories';
import { blockedBy, holdLock } from '../support/lock-waits';
import { newMessageSid } from '../support/twilio-webhooks';

// The member's conversation session row is the lock of their conversation: a text's handling
// reads it FOR UPDATE (alone, or with its batch), so a change another transaction is making to it
// is waited for and the text is routed by the mode that change committed; callers already holding
// other locks (setModeUnlessBusy) never wait for it. Lock waits are seen in pg_locks.
describe('conversation session row locks', () => {
  let t: TestApp;
  let db: DataSource;
  let sessions: ConversationSessionsService;
  let inbound: InboundSmsService;

  beforeAll(async () => {
    // APP_ROLE=web: nothing handles in the background; the tests run the handling themselves.
    t = await startTestApp({ APP_ROLE: 'web' });
    db = t.app.get(DataSource);
    sessions = t.app.get(ConversationSessionsService);
    inbound = t.app.get(InboundSmsService);
  });
  afterAll(() => t.close());

  // A text stored by the webhook, not handled yet.
  async function stored(phone: string, text: string): Promise<{ id: string; sid: string }> {
    const sid = newMessageSid();
    const id = crypto.randomUUID();
    const body = t.app.get(MessageCipher).encrypt(text, { table: 'sms_messages', rowId: id });
    await db.query(
      `insert into sms_messages (id, direction, from_e164, to_e164, twilio_message_sid, body_ciphertext, body_iv, body_tag, key_version, status, correlation_id)
       values ($7, 'in', $1, '+15550000000', $2, $3, $4, $5, $6, 'received', gen_random_uuid())`,
      [phone, sid, body.ciphertext, body.iv, body.tag, body.keyVersion, id],
    );
    return { id, sid };
  }
  const routeOf = async (sid: string) =>
    (await db.query(`select payload->>'route' as route from message_events where event_type = 'inbound.routed' and payload->>'sid' = $1`, [sid]))
      .map((r: { route: string }) => r.route);
  // Another flow's transaction moving the member's session, not committed yet.
  const movingSession = async (userId: string) => {
    const held = await holdLock(db, `select id from conversation_sessions where user_id = $1 for update`, [userId]);
    await held.query(
      `update conversation_sessions set mode = 'interviewing', state_token = 'interview:q1', expires_at = now() + interval '1 hour' where user_id = $1`,
      [userId],
    );
    return held;
  };

  it('lockForHandling waits for a transaction holding the session row', async () => {
    const m = await makeMember(t.app);
    const held = await holdLock(db, `select id from conversation_sessions where user_id = $1 for update`, [m.id]);
    let locked: Promise<unknown> = Promise.resolve();
    try {
      locked = db.transaction((manager) => sessions.lockForHandling(m.id, manager));
      expect(await blockedBy(db, held.pid, locked)).toBe('waiting');
    } finally {
      await held.rollback();
    }
    expect(await locked).toMatchObject({ userId: m.id, mode: 'idle' });
  });

  it('a text handled alone waits for a session change in flight and is routed by the mode it committed', async () => {
    const m = await makeMember(t.app);
    const { id, sid } = await stored(m.phone, 'hello');
    const held = await movingSession(m.id);
    let handling: Promise<unknown> = Promise.resolve();
    try {
      handling = inbound.handle(id);
      expect(await blockedBy(db, held.pid, handling)).toBe('waiting');
      await held.commit();
    } finally {
      await held.rollback();
    }
    expect(await handling).toEqual({ result: 'handled', route: 'mode:interviewing' });
    expect(await routeOf(sid)).toEqual(['mode:interviewing']);
  });

  it('a text handled in a batch waits for a session change in flight and is routed by the mode it committed', async () => {
    const m = await makeMember(t.app);
    const { sid } = await stored(m.phone, 'hello');
    const held = await movingSession(m.id);
    let batch: Promise<number> = Promise.resolve(0);
    try {
      batch = inbound.handleBatch(10);
      expect(await blockedBy(db, held.pid, batch)).toBe('waiting');
      await held.commit();
    } finally {
      await held.rollback();
    }
    expect(await batch).toBe(1);
    expect(await routeOf(sid)).toEqual(['mode:interviewing']);
  });

  it('setModeUnlessBusy leaves a session another transaction holds alone, without waiting', async () => {
    const m = await makeMember(t.app);
    const held = await holdLock(db, `select id from conversation_sessions where user_id = $1 for update`, [m.id]);
    let moved: Promise<boolean> = Promise.resolve(true);
    try {
      moved = db.transaction((manager) =>
        sessions.setModeUnlessBusy(m.id, 'safety_hold', { stateToken: 'safety_hold', ttlSeconds: null }, manager));
      expect(await blockedBy(db, held.pid, moved)).toBe('finished');
      expect(await moved).toBe(false);
    } finally {
      await held.rollback();
    }
    expect((await db.query(`select mode from conversation_sessions where user_id = $1`, [m.id]))[0].mode).toBe('idle');
    // Once nobody holds it, it moves.
    expect(await db.transaction((manager) => sessions.setModeUnlessBusy(m.id, 'safety_hold', { stateToken: 'safety_hold', ttlSeconds: null }, manager))).toBe(true);
  });
});
