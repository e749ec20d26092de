import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/app';
import { makeMember, randomPhone } from '../support/conversation-factories';
import { outboxFor, textAs } from '../support/conversation-sms';
import { newMessageSid, postSignedSms } from '../support/twilio-webhooks';
import { ConversationRouter } from '../../src/modules/conversation';
import { InboundSmsService } from '../../src/modules/conversation/inbound/inbound-sms.service';
import { SmsConsentService } from '../../src/modules/identity';

// STOP, CANCEL and HELP as Twilio handles them (SMS_KEYWORD_MODE=twilio: its opt-out management has
// already answered, we mirror) and as we must without it (app: we send the carrier replies).
describe.each(['twilio', 'app'] as const)('carrier keywords, SMS_KEYWORD_MODE=%s', (mode) => {
  let t: TestApp;
  let db: DataSource;
  beforeAll(async () => {
    t = await startTestApp({ SMS_KEYWORD_MODE: mode }, undefined, { features: 'core' });
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const consent = async (id: string) => (await db.query('select sms_consent from users where id = $1', [id]))[0].sms_consent;
  const optOutRow = async (phone: string) =>
    (await db.query(`select opted_out_at is not null as opted_out, opt_out_source from sms_opt_outs o join users u using (phone_hash) where u.phone_e164 = $1`, [phone]))[0];
  const confirmations = mode === 'app' ? [expect.stringMatching(/unsubscribed from JOSH/)] : [];

  it.each(['CANCEL', 'STOP', 'Stop.'])('%j opts the member out, per phone hash, confirmed once (by Twilio or by us)', async (word) => {
    const m = await makeMember(t.app);
    await textAs(t.app, m.phone, word);
    await textAs(t.app, m.phone, word); // said twice: still one confirmation
    await textAs(t.app, m.phone, 'hello?');
    expect(await consent(m.id)).toBe(false);
    expect(await optOutRow(m.phone)).toEqual({ opted_out: true, opt_out_source: 'keyword' });
    expect(await outboxFor(t.app, m.phone)).toEqual(confirmations);
  });

  it('an OptOutType=STOP webhook opts out even on a custom word (ARRET); Twilio confirmed it, so we send nothing', async () => {
    const m = await makeMember(t.app);
    await postSignedSms(t.app, { from: m.phone, body: 'Arret', extra: { OptOutType: 'STOP' } }).expect(200);
    await t.app.get(InboundSmsService).whenIdle();
    expect(await consent(m.id)).toBe(false);
    expect(await optOutRow(m.phone)).toEqual({ opted_out: true, opt_out_source: 'opt_out_type' });
    expect(await outboxFor(t.app, m.phone)).toEqual([]);
  });

  it('remembers an opt-out from a number we do not know, and never texts it', async () => {
    const phone = randomPhone();
    await postSignedSms(t.app, { from: phone, body: 'STOP', extra: { OptOutType: 'STOP' } }).expect(200);
    await t.app.get(InboundSmsService).whenIdle();
    await textAs(t.app, phone, 'who is this');
    expect(await t.app.get(SmsConsentService).status({ e164: phone })).toMatchObject({ optedOut: true, optOutSource: 'opt_out_type' });
    expect(await outboxFor(t.app, phone)).toEqual([]);
  });

  it('START opts back in (clearing the phone-hash opt-out); only app mode confirms', async () => {
    const m = await makeMember(t.app);
    await textAs(t.app, m.phone, 'STOP');
    await textAs(t.app, m.phone, 'start');
    expect(await consent(m.id)).toBe(true);
    expect(await optOutRow(m.phone)).toEqual({ opted_out: false, opt_out_source: null });
    const expected = mode === 'app' ? [...confirmations, expect.stringMatching(/subscribed to JOSH texts again/)] : [];
    expect(await outboxFor(t.app, m.phone)).toEqual(expected);
  });

  it('HELP is answered once: the context line (twilio), or the carrier help with it (app); a retried webhook adds nothing', async () => {
    const m = await makeMember(t.app, { mode: 'interviewing' });
    const sid = newMessageSid();
    await textAs(t.app, m.phone, 'HELP', sid);
    await textAs(t.app, m.phone, 'HELP', sid);
    const got = await outboxFor(t.app, m.phone);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatch(/profile questions/);
    if (mode === 'app') expect(got[0]).toMatch(/^JOSH: small meetups[\s\S]*Reply STOP to opt out[\s\S]*\nJOSH: you're answering/);
    else expect(got[0]).not.toMatch(/STOP|rates may apply/);
  });
});

describe('SMS_CANCEL_IS_OPT_OUT=false (a Messaging Service without CANCEL as an opt-out word)', () => {
  let t: TestApp;
  const claiming = new Set<string>();
  beforeAll(async () => {
    t = await startTestApp({ SMS_CANCEL_IS_OPT_OUT: 'false' }, undefined, { features: 'core' });
    t.app.get(ConversationRouter).registerKeywordInterceptor({
      keyword: 'CANCEL',
      claims: async (ctx) => claiming.has(ctx.userId),
      handle: async (ctx) => ctx.reply('Leave your LinkUp? Reply YES or NO.'),
    });
  });
  afterAll(() => t.close());
  const consent = async (id: string) => (await t.app.get(DataSource).query('select sms_consent from users where id = $1', [id]))[0].sms_consent;

  it('a bare CANCEL in a feature context is claimed, not an opt-out', async () => {
    const m = await makeMember(t.app);
    claiming.add(m.id);
    await textAs(t.app, m.phone, 'cancel');
    expect(await consent(m.id)).toBe(true);
    expect(await outboxFor(t.app, m.phone)).toEqual(['Leave your LinkUp? Reply YES or NO.']);
  });

  it('an unclaimed CANCEL opts out, and we confirm it since the provider did not', async () => {
    const m = await makeMember(t.app);
    await textAs(t.app, m.phone, 'CANCEL');
    expect(await consent(m.id)).toBe(false);
    expect(await outboxFor(t.app, m.phone)).toEqual([expect.stringMatching(/unsubscribed from JOSH/)]);
  });
});
