import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/app';
import { launchBrowser, requireChromium, type TestBrowser } from '../support/browser';
import { flushOutbound, textAs } from '../support/conversation-sms';
import { makeRegion } from '../support/linkups-factories';
import { attend, checkedLinkup, linkIn, makeGroup, pathOf } from '../support/member-web';

// The member pages in a real browser: Debian's headless Chromium driven by playwright-core, with
// JavaScript off (the pages need none), at 360 x 740. Screenshots go to test/artifacts/.
const ARTIFACTS = join(__dirname, '..', 'artifacts');
const VIEWPORT = { width: 360, height: 740 };

describe('member pages in a real browser', () => {
  let t: TestApp;
  let origin: string;
  let page: Page;
  let browser: TestBrowser;

  beforeAll(async () => {
    requireChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await startTestApp({ SMS_SENDER_SEGMENTS_PER_SECOND: '1000' });
    await t.app.listen(0, '127.0.0.1');
    origin = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchBrowser({ javaScriptEnabled: false, viewport: VIEWPORT });
    ({ page } = browser);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  // What the service texted the number, read through GET /dev/outbox like a developer would (the
  // queue is sent first: sweeps are off in tests).
  const outbox = async (phone: string): Promise<string[]> => {
    await flushOutbound(t.app);
    return (await request(origin).get('/dev/outbox').query({ to: phone }).expect(200)).body.map((e: { body: string }) => e.body);
  };

  async function shot(name: string): Promise<void> {
    // Readable at 360 px: nothing wider than the screen.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(VIEWPORT.width);
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  }

  it('from the SMS: confirm page, button, LinkUp page, contacts, saved; then both reveal SMS', async () => {
    const db = t.app.get(DataSource);
    const regionId = await makeRegion(db, { timezone: 'America/Los_Angeles', venues: { coffee: ['Ritual Coffee, Valencia St'] } });
    const [ada, ben] = await makeGroup(db, regionId, ['Ada', 'Ben']);
    // The day of the LinkUp, Ada texts LINK; she opens the link after it, when it is over.
    const linkupId = await checkedLinkup(t.app, db, regionId, [ada, ben], async (id) => {
      await db.query(`update linkups set venue = $2 where id = $1`, [id, JSON.stringify({ name: 'Ritual Coffee, Valencia St' })]);
      await textAs(t.app, ada.phone, 'LINK');
    });
    await attend(t.app, ada);
    await attend(t.app, ben);
    const sms = (await outbox(ada.phone)).filter((b) => b.startsWith('Your page for coffee'));
    expect(sms).toHaveLength(1);
    const link = `${origin}${pathOf(linkIn(sms[0]))}`;

    await page.goto(link);
    await expect(page.locator('h1').textContent()).resolves.toBe('Hi from JOSH');
    await shot('1-confirm');
    await page.getByRole('button', { name: 'Open my LinkUp' }).click();
    await page.waitForURL(`${origin}/linkups/${linkupId}`);
    expect(await page.locator('h1').textContent()).toBe('Coffee');
    expect(await page.locator('.facts').textContent()).toContain('Ritual Coffee, Valencia St');
    expect(await page.locator('.facts').textContent()).toContain('You, Ben');
    await shot('2-linkup');

    await page.getByRole('link', { name: 'Choose who to swap numbers with' }).click();
    await page.waitForURL(`${origin}/linkups/${linkupId}/contacts`);
    await shot('3-contacts');
    await page.getByRole('group', { name: 'Ben' }).getByLabel('Yes, swap').check();
    await page.getByRole('button', { name: 'Save my choices' }).click();
    await page.waitForURL(`${origin}/linkups/${linkupId}/contacts?done=saved`);
    expect(await page.getByRole('status').textContent()).toContain('Saved.');
    expect(await page.getByRole('group', { name: 'Ben' }).getByLabel('Yes, swap').isChecked()).toBe(true);
    await shot('4-contacts-saved');

    // The back button: the page before saving shows the saved state too (nothing is posted twice).
    await page.goBack();
    expect(await page.getByRole('group', { name: 'Ben' }).getByLabel('Yes, swap').isChecked()).toBe(true);

    // Ben says yes by SMS: each gets the other's first name and number, once.
    await textAs(t.app, ben.phone, '1');
    const toAda = (await outbox(ada.phone)).filter((b) => b.includes('wants to stay in touch too'));
    const toBen = (await outbox(ben.phone)).filter((b) => b.includes('wants to stay in touch too'));
    expect(toAda).toEqual([expect.stringMatching(/^Ben from coffee wants to stay in touch too! Ben's number: \+1 /)]);
    expect(toBen).toEqual([expect.stringMatching(/^Ada from coffee wants to stay in touch too! Ada's number: \+1 /)]);

    await page.reload();
    expect(await page.getByRole('group', { name: 'Ben' }).textContent()).toContain('Numbers swapped');
    await shot('5-contacts-swapped');

    // The link again (from the SMS): used, so nothing happens; this browser is offered the way on.
    await page.goto(link);
    expect(await page.locator('h1').textContent()).toBe('You already opened this link');
  });

  it('shows the expired page for a used link in another browser, and the join page', async () => {
    const other = await launchBrowser({ javaScriptEnabled: false, viewport: VIEWPORT });
    try {
      const p = other.page;
      const res = await p.goto(`${origin}/m/${'A'.repeat(43)}`);
      expect(res?.status()).toBe(404);
      expect(await p.locator('h1').textContent()).toBe('This link has expired');
      await p.screenshot({ path: join(ARTIFACTS, '6-link-expired.png') });
      await p.goto(`${origin}/join`);
      expect(await p.getByLabel('Mobile number').isVisible()).toBe(true);
      expect(await p.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(VIEWPORT.width);
      await p.screenshot({ path: join(ARTIFACTS, '7-join.png'), fullPage: true });
    } finally {
      await other.close();
    }
  });
});
