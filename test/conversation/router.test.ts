import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/app';
import { makeMember, randomPhone } from '../support/conversation-factories';
import { newMessageSid, postSignedSms } from '../support/twilio-webhooks';
import { outboxFor, textAs } from '../support/conversation-sms';
import { ConversationRouter, ConversationSessionsService, OutboundSmsService } from '../../src/modules/conversation';
import type { InboundContext } from '../../src/modules/conversation';
import { InboundSmsService } from '../../src/modules/conversation/inbound/inbound-sms.service';
import { CONVERSATION_MODES } from '../../src/database/enums';

describe('conversation router', () => {
  let t: TestApp;
  let db: DataSource;
  const seen: { mode: string; text: string }[] = [];
  let failNext = false;

  beforeAll(async () => {
    // The SMS pipeline alone: this file registers its own handlers in place of the feature modules'.
    t = await startTestApp({ SMS_SENDER_RATE_PER_SECOND: '1000' }, undefined, { features: 'core' });
    db = t.app.get(DataSource);
    const router = t.app.get(ConversationRouter);
    router.registerModeHandler('interviewing', {
      async handle(ctx: InboundContext) {
        seen.push({ mode: ctx.mode, text: ctx.text });
        if (failNext) {
          failNext = false;
          await ctx.reply('this reply must roll back');
          throw new Error('handler bug');
        }
        await ctx.reply(`question 2 (you said ${ctx.text})`);
        if (ctx.text === 'done') await ctx.setMode('idle');
      },
    });
    router.registerIdleCommand({
      async tryHandle(ctx) {
        if (ctx.text.toLowerCase() !== 'status') return false;
        await ctx.reply('No plans yet.');
        return true;
      },
    });
  });
  afterAll(() => t.close());

  const inbox = (phone: string) => outboxFor(t.app, phone);
  const handled = () => t.app.get(InboundSmsService).whenIdle();
  const text = (phone: string, body: string) => textAs(t.app, phone, body);

  it('STOP (any case, any of the family) opts out; then nothing at all is sent, whatever they text', async () => {
    for (const word of ['STOP', 'stop', 'Unsubscribe', 'cancel', 'END', 'quit', 'STOPALL', 'optout', 'revoke']) {
      const m = await makeMember(t.app);
      await text(m.phone, word);
      const [u] = await db.query('select sms_consent from users where id = $1', [m.id]);
      expect(u.sms_consent).toBe(false);
    }
    const m = await makeMember(t.app, { mode: 'interviewing' });
    await text(m.phone, 'stop');
    await text(m.phone, 'hello?');
    await text(m.phone, 'status');
    // Even a job queued by another module for this member is dropped at send time.
    await t.app.get(OutboundSmsService).enqueue({ userId: m.id, body: 'invite!', purpose: 'invite', idempotencyKey: `invite:${m.id}` });
    expect(await inbox(m.phone)).toEqual([]);
    const [job] = await db.query(`select status, last_error from sms_outbound_jobs where idempotency_key = $1`, [`invite:${m.id}`]);
    expect(job).toEqual({ status: 'failed', last_error: 'opted_out' });
    expect(seen.filter((s) => s.text === 'hello?')).toEqual([]);
  });

  it('START (or UNSTOP, or YES while opted out) opts back in and sending resumes', async () => {
    for (const word of ['START', 'unstop', 'yes']) {
      const m = await makeMember(t.app);
      await text(m.phone, 'STOP');
      await text(m.phone, word);
      const [u] = await db.query('select sms_consent from users where id = $1', [m.id]);
      expect(u.sms_consent).toBe(true);
      await text(m.phone, 'status');
      const got = await inbox(m.phone);
      expect(got).toHaveLength(2);
      expect(got[0]).toMatch(/subscribed to JOSH texts again/);
      expect(got[1]).toBe('No plans yet.');
    }
  });

  it('YES while opted in is not a keyword: it goes to the mode handler', async () => {
    const m = await makeMember(t.app, { mode: 'interviewing' });
    await text(m.phone, 'yes');
    expect(seen).toContainEqual({ mode: 'interviewing', text: 'yes' });
  });

  it('HELP answers in every mode without changing the mode', async () => {
    for (const mode of CONVERSATION_MODES) {
      const m = await makeMember(t.app, { mode });
      await text(m.phone, mode === 'idle' ? 'help' : 'INFO');
      const got = await inbox(m.phone);
      expect(got).toHaveLength(1);
      expect(got[0]).toMatch(/Reply STOP to opt out/);
      expect(got[0]).toContain('support@');
      const [s] = await db.query('select mode from conversation_sessions where user_id = $1', [m.id]);
      expect(s.mode).toBe(mode);
    }
  });

  it('routes to the handler registered for the mode, which can move the member on', async () => {
    const m = await makeMember(t.app, { mode: 'interviewing' });
    await text(m.phone, 'coffee');
    await text(m.phone, 'done');
    await text(m.phone, 'something else');
    expect(await inbox(m.phone)).toEqual([
      'question 2 (you said coffee)',
      'question 2 (you said done)',
      expect.stringMatching(/^Hi Sam! Text LINKUP/),
    ]);
    const [s] = await db.query('select mode, expires_at from conversation_sessions where user_id = $1', [m.id]);
    expect(s).toEqual({ mode: 'idle', expires_at: null });
  });

  it('idle: registered commands first, else a short help reply; a missing session is created', async () => {
    const m = await makeMember(t.app, { mode: null, firstName: 'Ada' });
    await text(m.phone, 'STATUS');
    await text(m.phone, 'what can I do');
    expect(await inbox(m.phone)).toEqual(['No plans yet.', expect.stringMatching(/^Hi Ada! Text LINKUP/)]);
    const [s] = await db.query('select mode from conversation_sessions where user_id = $1', [m.id]);
    expect(s.mode).toBe('idle');
  });

  it('falls back to idle when the mode timed out, with a short note in the same reply', async () => {
    const m = await makeMember(t.app, { mode: 'interviewing', modeExpiresInSeconds: -60 });
    const before = seen.length;
    await text(m.phone, 'status');
    expect(seen.length).toBe(before); // the interview handler never saw it
    const got = await inbox(m.phone);
    expect(got).toEqual([expect.stringMatching(/timed out[\s\S]*No plans yet\./)]);
    const [s] = await db.query('select mode from conversation_sessions where user_id = $1', [m.id]);
    expect(s.mode).toBe('idle');
  });

  it('ensureSession puts a member in a mode with its configured timeout', async () => {
    const m = await makeMember(t.app, { mode: null });
    const session = await t.app.get(ConversationSessionsService).ensureSession(m.id, 'interviewing');
    expect(session.mode).toBe('interviewing');
    expect(new Date(session.expiresAt!).getTime()).toBeGreaterThan(Date.now() + 3600_000);
    const again = await t.app.get(ConversationSessionsService).ensureSession(m.id, 'interviewing');
    expect(again.id).toBe(session.id);
  });

  it('answers unknown numbers once with a registration link, rate-limited', async () => {
    const phone = randomPhone();
    await text(phone, 'hi who is this');
    await text(phone, 'hello??');
    await text(phone, 'anyone');
    const got = await inbox(phone);
    expect(got).toEqual([expect.stringContaining('https://josh.test/register')]);
    // STOP from an unknown number gets nothing.
    const other = randomPhone();
    await text(other, 'STOP');
    expect(await inbox(other)).toEqual([]);
  });

  it('a failing handler rolls back its work, keeps the message once, and says sorry once', async () => {
    const m = await makeMember(t.app, { mode: 'interviewing' });
    failNext = true;
    const sid = newMessageSid();
    await postSignedSms(t.app, { from: m.phone, body: 'boom', sid }).expect(200);
    await handled();
    await postSignedSms(t.app, { from: m.phone, body: 'boom', sid }).expect(200);
    await handled();
    const [msg] = await db.query('select status from sms_messages where twilio_message_sid = $1', [sid]);
    expect(msg.status).toBe('handler_failed');
    expect(await inbox(m.phone)).toEqual([expect.stringMatching(/^Sorry, something went wrong/)]);
  });

  it('refuses a second handler for the same mode', () => {
    expect(() => t.app.get(ConversationRouter).registerModeHandler('interviewing', { handle: async () => undefined })).toThrow(/already registered/);
  });
});
