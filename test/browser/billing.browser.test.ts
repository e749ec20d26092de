import { mkdirSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { InboundSmsService } from '../../src/modules/conversation/inbound/inbound-sms.service';
import type { TestApp } from '../support/app';
import { launchBrowser, requireChromium, type TestBrowser } from '../support/browser';
import { startStripeApp } from '../support/billing';
import { flushOutbound } from '../support/conversation-sms';
import { makeMatchable, makeRegion } from '../support/linkups-factories';
import { linkIn } from '../support/member-web';
import { StripeFakeApi } from '../support/stripe-fake-api';

// The billing page in a real browser (Debian's headless Chromium through playwright-core, no
// JavaScript, 360 x 740, screenshots in test/artifacts/): from the BILLING text's link to the fake
// Stripe Checkout and back, as a member would. The browser enforces what supertest cannot: the
// page's CSP must let the form's redirect reach Stripe's page.
const ARTIFACTS = join(__dirname, '..', 'artifacts');
const VIEWPORT = { width: 360, height: 740 };

// A port nobody listens on now: the app's PUBLIC_BASE_URL (Stripe's return URLs) must name it.
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('billing page in a real browser', () => {
  let fake: StripeFakeApi;
  let t: TestApp;
  let origin: string;
  let context: BrowserContext;
  let page: Page;
  let browser: TestBrowser;

  beforeAll(async () => {
    requireChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
    fake = await new StripeFakeApi().start();
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    t = await startStripeApp(fake, undefined, { PUBLIC_BASE_URL: origin });
    await t.app.listen(port, '127.0.0.1');
    // The fake delivers its signed events to the app when the member pays, as Stripe does.
    fake.webhookUrl = `${origin}/webhooks/stripe`;
    browser = await launchBrowser({ javaScriptEnabled: false, viewport: VIEWPORT });
    ({ context, page } = browser);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await fake?.stop();
  });

  // Texts JOSH through the development webhook (signed like Twilio) and reads the outbox.
  const text = async (phone: string, body: string) => {
    await request(origin).post('/dev/sms').send({ from: phone, body }).expect(200);
    await t.app.get(InboundSmsService).whenIdle();
  };
  const outbox = async (phone: string): Promise<string[]> => {
    await flushOutbound(t.app);
    return (await request(origin).get('/dev/outbox').query({ to: phone }).expect(200)).body.map((e: { body: string }) => e.body);
  };

  async function shot(name: string): Promise<void> {
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(VIEWPORT.width);
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  }

  it('from the BILLING text: confirm, no membership, start, Stripe and back, pay, thanks, active', async () => {
    const db = t.app.get(DataSource);
    const regionId = await makeRegion(db, { timezone: 'America/Los_Angeles' });
    const m = await makeMatchable(db, regionId, { entitled: false, firstName: 'Pat' });
    const customers = () => [...fake.customers.values()].filter((c) => c.metadata.user_id === m.id);

    await text(m.phone, 'BILLING');
    const [reply] = (await outbox(m.phone)).filter((b) => b.startsWith('JOSH: '));
    expect(reply).toMatch(/^JOSH: You don't have a membership yet\. Start one here: /);
    await page.goto(linkIn(reply));
    await page.getByRole('button', { name: 'Open my membership' }).click();
    await page.waitForURL(`${origin}/billing`);
    expect(await page.locator('h1').textContent()).toBe('No membership yet');
    expect(await page.locator('p.lead').textContent()).toBe("You don't have a membership yet.");
    await shot('billing-1-none');

    // Start: our form posts, and its 303 lands on the fake's hosted Checkout page.
    await page.getByRole('button', { name: 'Start my membership' }).click();
    await page.waitForURL(new RegExp(`^${fake.url}/checkout/cs_test_\\w+$`));
    const firstSession = page.url().split('/').pop()!;
    expect(customers()).toHaveLength(1);
    expect(fake.sessions.get(firstSession)).toEqual(expect.objectContaining({ client_reference_id: m.id, customer: customers()[0].id, status: 'open' }));
    await shot('billing-2-checkout');

    // The back button returns to the page (fresh, still nothing paid); Stripe's "Back" to our cancel page.
    await page.goBack();
    await page.waitForURL(`${origin}/billing`);
    expect(await page.locator('h1').textContent()).toBe('No membership yet');
    await page.goForward();
    await page.waitForURL(`${fake.url}/checkout/${firstSession}`);
    await page.getByRole('link', { name: 'Back' }).click();
    await page.waitForURL(`${origin}/billing/cancel`);
    expect(await page.locator('h1').textContent()).toBe('No payment made');
    await shot('billing-3-cancel');
    await page.getByRole('link', { name: 'Back to my membership' }).click();
    await page.waitForURL(`${origin}/billing`);

    // Start again: a new Checkout Session for the same Stripe customer; pay on the fake.
    await page.getByRole('button', { name: 'Start my membership' }).click();
    await page.waitForURL(new RegExp(`^${fake.url}/checkout/cs_test_\\w+$`));
    const session = page.url().split('/').pop()!;
    expect(session).not.toBe(firstSession);
    expect(customers()).toHaveLength(1);
    await page.getByRole('button', { name: 'Pay' }).click();
    await page.waitForURL(`${origin}/billing/success?session_id=${session}`);
    expect(await page.locator('h1').textContent()).toBe('Thanks!');
    expect(await page.getByRole('status').textContent()).toBe("You're all set.");
    await shot('billing-4-success');

    await page.getByRole('link', { name: 'Back to my membership' }).click();
    await page.waitForURL(`${origin}/billing`);
    expect(await page.locator('h1').textContent()).toBe('Membership active');
    expect(await page.locator('p.lead').textContent()).toMatch(/^Your membership is active and renews on \w{3}, \w{3} \d{1,2}\.$/);
    await shot('billing-5-active');

    // Manage: the Billing Portal, and its way back.
    await page.getByRole('button', { name: 'Manage my membership' }).click();
    await page.waitForURL(new RegExp(`^${fake.url}/portal/bps_\\w+$`));
    await page.getByRole('link', { name: 'Return to JOSH' }).click();
    await page.waitForURL(`${origin}/billing`);
    expect(customers()).toHaveLength(1);
    const [sub] = await db.query(`select state from subscriptions where user_id = $1`, [m.id]);
    expect(sub.state).toBe('active');
  });

  it('shows the "text BILLING" page to a browser without a page session', async () => {
    await context.clearCookies();
    const res = await page.goto(`${origin}/billing`);
    expect(res?.status()).toBe(401);
    expect(await page.getByRole('alert').textContent()).toContain('Text BILLING to JOSH for a new link');
    await shot('billing-6-closed');
  });
});
