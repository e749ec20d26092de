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
  // 'boom' always throws; 'flaky' throws while flakyLeft > 0.
  let flakyLeft = 0;
  // The keyword interceptor below claims DROP for these members only, and records what it was asked.
  const claiming = new Set<string>();
  const asked: { userId: string; mode: string; text: string }[] = [];

  beforeAll(async () => {
    // The SMS pipeline alone: this file registers its own handlers in place of the feature modules'.
    t = await startTestApp({ SMS_SENDER_SEGMENTS_PER_SECOND: '1000' }, undefined, { features: 'core' });
    db = t.app.get(DataSource);
    const router = t.app.get(ConversationRouter);
    router.registerModeHandler('interviewing', {
      async handle(ctx: InboundContext) {
        seen.push({ mode: ctx.mode, text: ctx.text });
        if (ctx.text === 'boom' || (ctx.text === 'flaky' && flakyLeft-- > 0)) {
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
    router.registerKeywordInterceptor({
      keyword: 'DROP',
      async claims(ctx) {
        asked.push({ userId: ctx.userId, mode: ctx.mode, text: ctx.text });
        return claiming.has(ctx.userId);
      },
      async handle(ctx) {
        await ctx.reply(`Cancel your plan? (you said ${ctx.text})`);
        await ctx.setMode('interviewing', 'confirm-cancel');
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

  it('START (or UNSTOP, or YES while opted out) opts back in and sending resumes; Twilio confirms, not us', async () => {
    for (const word of ['START', 'unstop', 'yes']) {
      const m = await makeMember(t.app);
      await text(m.phone, 'STOP');
      await text(m.phone, word);
      const [u] = await db.query('select sms_consent from users where id = $1', [m.id]);
      expect(u.sms_consent).toBe(true);
      await text(m.phone, 'status');
      expect(await inbox(m.phone)).toEqual(['No plans yet.']);
    }
  });

  it('YES while opted in is not a keyword: it goes to the mode handler', async () => {
    const m = await makeMember(t.app, { mode: 'interviewing' });
    await text(m.phone, 'yes');
    expect(seen).toContainEqual({ mode: 'interviewing', text: 'yes' });
  });

  it('HELP gets one line of context in every mode (Twilio sends the carrier help) without changing the mode', async () => {
    for (const mode of CONVERSATION_MODES) {
      const m = await makeMember(t.app, { mode });
      await text(m.phone, mode === 'idle' ? 'help' : 'INFO');
      const got = await inbox(m.phone);
      expect(got).toHaveLength(1);
      expect(got[0]).not.toMatch(/STOP|rates may apply/);
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
      expect.stringMatching(/^Hi Sam! To plan something/),
    ]);
    const [s] = await db.query('select mode, expires_at from conversation_sessions where user_id = $1', [m.id]);
    expect(s).toEqual({ mode: 'idle', expires_at: null });
  });

  it('idle: registered commands first, else a short help reply; a missing session is created', async () => {
    const m = await makeMember(t.app, { mode: null, firstName: 'Ada' });
    await text(m.phone, 'STATUS');
    await text(m.phone, 'blue sky');
    expect(await inbox(m.phone)).toEqual(['No plans yet.', expect.stringMatching(/^Hi Ada! To plan something/)]);
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
    expect(got).toEqual([expect.stringContaining('https://josh.test/join')]);
    // STOP from an unknown number gets nothing, and is remembered: no registration link afterwards.
    const other = randomPhone();
    await text(other, 'STOP');
    await text(other, 'hi who is this');
    expect(await inbox(other)).toEqual([]);
  });

  it('a failing handler rolls back its work, keeps the message once, and says sorry once', async () => {
    const m = await makeMember(t.app, { mode: 'interviewing' });
    const sid = newMessageSid();
    await postSignedSms(t.app, { from: m.phone, body: 'boom', sid }).expect(200);
    await handled();
    await postSignedSms(t.app, { from: m.phone, body: 'boom', sid }).expect(200);
    await handled();
    const [msg] = await db.query('select status from sms_messages where twilio_message_sid = $1', [sid]);
    expect(msg.status).toBe('handler_failed');
    expect(await inbox(m.phone)).toEqual([expect.stringMatching(/^Sorry, something went wrong/)]);
  });

  it('a handler that throws once rolls back its batch; every message of it is then handled alone, once', async () => {
    const flaky = await makeMember(t.app, { mode: 'interviewing' });
    const others = await Promise.all([1, 2, 3].map(() => makeMember(t.app, { mode: 'interviewing' })));
    flakyLeft = 1;
    // Stored together, so one batch claims all four.
    await Promise.all([
      postSignedSms(t.app, { from: flaky.phone, body: 'flaky' }).expect(200),
      ...others.map((o) => postSignedSms(t.app, { from: o.phone, body: 'fine' }).expect(200)),
    ]);
    await handled();
    expect(flakyLeft).toBeLessThanOrEqual(0);
    expect(await inbox(flaky.phone)).toEqual(['question 2 (you said flaky)']);
    for (const o of others) expect(await inbox(o.phone)).toEqual(['question 2 (you said fine)']);
    const [n] = await db.query(`select count(*)::int n from message_events where event_type = 'inbound.routed' and user_id = any($1::uuid[])`, [[flaky.id, ...others.map((o) => o.id)]]);
    expect(n.n).toBe(4);
  });

  it('refuses a second handler for the same mode', () => {
    expect(() => t.app.get(ConversationRouter).registerModeHandler('interviewing', { handle: async () => undefined })).toThrow(/already registered/);
  });

  describe('keyword interceptors (DROP in a feature context)', () => {
    const consent = async (id: string) => (await db.query('select sms_consent from users where id = $1', [id]))[0].sms_consent;
    const routeOf = async (sid: string) =>
      (await db.query(`select payload->>'route' as route from message_events where payload->>'sid' = $1`, [sid]))[0]?.route;
    const askedFor = (id: string) => asked.filter((a) => a.userId === id);

    it('a claimed DROP goes to the interceptor: its reply and mode change are kept', async () => {
      const m = await makeMember(t.app);
      claiming.add(m.id);
      const sid = await text(m.phone, ' Drop! ');
      expect(await consent(m.id)).toBe(true);
      expect(await inbox(m.phone)).toEqual(['Cancel your plan? (you said Drop!)']);
      expect(await routeOf(sid)).toBe('claimed:DROP');
      const [s] = await db.query('select mode, state_token from conversation_sessions where user_id = $1', [m.id]);
      expect(s).toEqual({ mode: 'interviewing', state_token: 'confirm-cancel' });
    });

    it('an unclaimed DROP is just text for the mode handler: nobody is opted out', async () => {
      const m = await makeMember(t.app);
      const sid = await text(m.phone, 'DROP');
      expect(askedFor(m.id)).toEqual([{ userId: m.id, mode: 'idle', text: 'DROP' }]);
      expect(await consent(m.id)).toBe(true);
      expect(await routeOf(sid)).toBe('idle_default');
      expect(await inbox(m.phone)).toEqual([expect.stringMatching(/^Hi Sam! To plan something/)]);
    });

    it('CANCEL opts out (Twilio treats it as STOP) and is never offered to the interceptors, like the rest of the family', async () => {
      for (const word of ['CANCEL', 'STOP', 'stopall', 'Unsubscribe', 'END', 'quit', 'OPTOUT', 'revoke']) {
        const m = await makeMember(t.app);
        claiming.add(m.id);
        await text(m.phone, word);
        expect(await consent(m.id)).toBe(false);
        expect(askedFor(m.id)).toEqual([]);
        expect(await inbox(m.phone)).toEqual([]);
      }
    });

    it('is not consulted for members whose text would reach no handler: opted out, unverified, suspended, safety_hold', async () => {
      const members = [
        await makeMember(t.app, { smsConsent: false }),
        await makeMember(t.app, { state: 'unverified' }),
        await makeMember(t.app, { state: 'suspended' }),
        await makeMember(t.app, { mode: 'safety_hold' }),
      ];
      for (const m of members) {
        claiming.add(m.id);
        await text(m.phone, 'drop');
        expect(askedFor(m.id)).toEqual([]);
      }
    });

    it('sees a timed-out mode as idle, and the timeout note rides on its reply', async () => {
      const m = await makeMember(t.app, { mode: 'interviewing', modeExpiresInSeconds: -60 });
      claiming.add(m.id);
      await text(m.phone, 'drop');
      expect(askedFor(m.id)).toEqual([{ userId: m.id, mode: 'idle', text: 'drop' }]);
      expect(await inbox(m.phone)).toEqual([expect.stringMatching(/timed out[\s\S]*\nCancel your plan\?/)]);
    });

    it('refuses an interceptor for any word but DROP and CANCEL', () => {
      const router = t.app.get(ConversationRouter);
      const handle = async () => undefined;
      for (const keyword of ['STOP', 'END', 'HELP', 'cancel', 'drop']) {
        expect(() => router.registerKeywordInterceptor({ keyword: keyword as 'DROP', claims: async () => true, handle })).toThrow(
          /cannot be intercepted/,
        );
      }
    });
  });
});
