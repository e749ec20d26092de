import { DataSource } from 'typeorm';
import { InboundSmsService } from '../../src/modules/conversation/inbound/inbound-sms.service';
import { SmsCopy } from '../../src/modules/conversation/router/sms-copy';
import { startTestApp, TestApp } from '../support/app';
import { makeMatchable, makeRegion, type TestMember } from '../support/linkups-factories';
import { bodies, sessionOf, sharedLinkup } from '../support/safety-helpers';
import { newMessageSid, postSignedSms } from '../support/twilio-webhooks';

// The batched handling reads per member once for the whole batch what every text would otherwise
// read on its own (the miss streak with the session; the hold gate's and the interview's reads
// before routing: PrefetchedPerTransaction). These texts are stored first and then handled in ONE
// batch, so a member's second text, or a change one member's text makes to another member, falls
// inside the batch whose reads were taken before it.
describe('what a handling batch reads once for all its members', () => {
  let t: TestApp;
  let db: DataSource;
  let regionId: string;
  let menuText: string;
  const store = async (m: TestMember, body: string) => postSignedSms(t.app, { from: m.phone, body, sid: newMessageSid() }).expect(200);
  const batch = () => t.app.get(InboundSmsService).handleBatch(50);

  beforeAll(async () => {
    // No worker loops: the test decides which texts share a batch.
    t = await startTestApp({ APP_ROLE: 'web' });
    db = t.app.get(DataSource);
    regionId = await makeRegion(db);
    // MENU's text, as the MENU command answers it.
    const probe = await makeMatchable(db, regionId);
    await store(probe, 'MENU');
    await batch();
    menuText = (await bodies(t.app, probe.id)).at(-1)!;
    expect(menuText).toMatch(/^Here's what you can text:\n/);
  });
  afterAll(() => t.close());

  const menu = () => menuText;
  const help = (m: TestMember) => t.app.get(SmsCopy).idleHelp(m.firstName);

  it('counts two misses of one member in one batch as two in a row (MENU), and carries the streak into the next batch', async () => {
    const sam = await makeMatchable(db, regionId, { firstName: 'Sam' });
    const before = (await bodies(t.app, sam.id)).length;
    await store(sam, 'blorp');
    await store(sam, 'blorp blorp');
    expect(await batch()).toBe(2);
    expect((await bodies(t.app, sam.id)).slice(before)).toEqual([help(sam), menu()]);
    // Next batches: the streak comes with the session (the last routed event said 2): the third miss
    // starts again, the fourth gets MENU.
    await store(sam, 'zzz');
    expect(await batch()).toBe(1);
    await store(sam, 'zzz zzz');
    expect(await batch()).toBe(1);
    expect((await bodies(t.app, sam.id)).slice(before)).toEqual([help(sam), menu(), help(sam), menu()]);
    // Understood in between: the count starts over.
    await store(sam, 'MENU');
    await store(sam, 'qqq');
    expect(await batch()).toBe(2);
    expect((await bodies(t.app, sam.id)).slice(before + 4)).toEqual([menu(), help(sam)]);
  });

  it("sees a hold one member's severe report puts on another whose text is later in the same batch", async () => {
    const ria = await makeMatchable(db, regionId, { firstName: 'Ria' });
    const otto = await makeMatchable(db, regionId, { firstName: 'Otto' });
    await sharedLinkup(db, regionId, [ria, otto], 2);
    await store(ria, 'REPORT');
    expect(await batch()).toBe(1);
    await store(ria, 'otto');
    expect(await batch()).toBe(1);
    const sentToOtto = (await bodies(t.app, otto.id)).length;
    // One batch: Ria's severe report first (a hard hold on Otto, in this transaction), then Otto's text.
    await store(ria, 'He threatened me when we left and followed me to the bus');
    await store(otto, 'hello');
    expect(await batch()).toBe(2);
    const [hold] = await db.query(`select state from safety_holds where user_id = $1`, [otto.id]);
    expect(hold.state).toBe('hard_hold');
    // The batch read Otto's hold before Ria's report was routed; the hold written meanwhile dropped
    // that answer, so Otto's text met the hold, not the idle reply.
    expect((await sessionOf(db, otto.id)).mode).toBe('safety_hold');
    const sent = (await bodies(t.app, otto.id)).slice(sentToOtto);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/^Your JOSH account is under review/);
  });
});
