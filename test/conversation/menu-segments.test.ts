import { DataSource } from 'typeorm';
import { countSegments } from '../../src/modules/conversation/outbound/sms-segments';
import { startTestApp, TestApp } from '../support/app';
import { textAs } from '../support/conversation-sms';
import { jobsFor } from '../support/linkups-app';
import { makeMatchable, makeRegion } from '../support/linkups-factories';

// MENU as the running service sends it, with every module's commands registered: at most two
// GSM-7 segments, in idle and after two missed answers in a flow (where it says so).
describe('MENU length', () => {
  let t: TestApp;
  let db: DataSource;
  let regionId: string;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    regionId = await makeRegion(db);
  });
  afterAll(() => t.close());

  const bodies = async (id: string) => (await jobsFor(t.app, id)).map((j) => j.body);

  it('MENU in idle lists every command in two segments at most', async () => {
    const m = await makeMatchable(db, regionId);
    await textAs(t.app, m.phone, 'MENU');
    const [menu] = await bodies(m.id);
    expect(menu.split('\n').slice(1).map((l) => l.split(' - ')[0])).toEqual(['LINKUP', 'STATUS', 'LINK', 'PROFILE', 'BILLING', 'REPORT', 'BLOCK', 'DELETE', 'HELP']);
    expect(countSegments(menu)).toMatchObject({ encoding: 'GSM-7' });
    expect(countSegments(menu).segments).toBeLessThanOrEqual(2);
  });

  it('the MENU after two misses in a flow also fits two segments', async () => {
    const m = await makeMatchable(db, regionId);
    await textAs(t.app, m.phone, 'coffee');
    await textAs(t.app, m.phone, 'zzqx');
    await textAs(t.app, m.phone, 'qqzx');
    const menu = (await bodies(m.id)).find((b) => b.startsWith("Here's what you can text:"));
    expect(menu).toMatch(/\nOr just answer my last question\.$/);
    expect(countSegments(menu!).segments).toBeLessThanOrEqual(2);
  });
});
