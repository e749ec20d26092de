import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { startTestApp, TestApp } from '../support/app';
import { launchBrowser, requireChromium, type TestBrowser } from '../support/browser';

// The phone simulator in a real browser: Debian's headless Chromium driven by playwright-core, with
// JavaScript on (the page's small script and its live stream). Two members are added, one answers the
// interview by typing, the other with one click; a LinkUp started on the first phone reaches the
// second phone live (Server-Sent Events, no reload); YES locks it on both. Screenshots go to
// test/artifacts/.
const ARTIFACTS = join(__dirname, '..', 'artifacts');
const WAIT = 30_000;

describe('/dev/phone in a real browser', () => {
  let t: TestApp;
  let origin: string;
  let page: Page;
  let browser: TestBrowser;

  beforeAll(async () => {
    requireChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    origin = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchBrowser({ viewport: { width: 1400, height: 950 } });
    ({ page } = browser);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const phone = (name: string): Locator => page.getByRole('article', { name: `${name}'s phone` });
  const thread = (name: string): Locator => phone(name).getByRole('list', { name: 'Messages' });

  // Types into the phone's box and sends; resolves once the service answered the post.
  async function type(name: string, body: string): Promise<void> {
    const box = phone(name).getByLabel(`Text from ${name}`);
    await box.fill(body);
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/texts') && r.request().method() === 'POST'), box.press('Enter')]);
    await thread(name).getByText(body, { exact: true }).last().waitFor({ timeout: WAIT });
  }

  it('adds two members, runs the interview, and a LinkUp reaches the other phone live', async () => {
    await page.goto(`${origin}/dev/phone`);
    await page.getByRole('status').filter({ hasText: 'live' }).waitFor({ timeout: WAIT });

    await page.getByRole('button', { name: 'Add a member' }).click();
    await phone('Ada').waitFor({ timeout: WAIT });
    await page.getByRole('button', { name: 'Add a member' }).click();
    await phone('Ben').waitFor({ timeout: WAIT });
    await thread('Ada').getByText(/\(1\/11\) Which of these sound fun\?/).waitFor({ timeout: WAIT });
    expect(await page.url()).toMatch(/\/dev\/phone\?members=[0-9a-f-]{36},[0-9a-f-]{36}$/);

    // Ada answers the six core questions by typing, then LATER.
    for (const answer of ['coffee', 'weekend mornings', 'small', 'slow', 'both', 'nothing', 'later']) await type('Ada', answer);
    await thread('Ada').getByText(/You're in, Ada!/).waitFor({ timeout: WAIT });
    await phone('Ada').getByText('profile complete_mvp').waitFor({ timeout: WAIT });

    // Ben's answers in one click.
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/interview'), { timeout: WAIT }),
      phone('Ben').getByRole('button', { name: 'Answer the interview' }).click(),
    ]);
    await phone('Ben').getByText('profile complete_mvp').waitFor({ timeout: WAIT });
    await phone('Ben').getByText('mode idle').waitFor({ timeout: WAIT });
    await page.screenshot({ path: join(ARTIFACTS, 'dev-phone-1-interviewed.png'), fullPage: true });

    // From here on nothing may reload the page: the invite must come over the live stream.
    await page.evaluate('window.__sameDocument = true');
    await type('Ada', 'coffee saturday morning 1 on 1');
    await thread('Ada').getByText(/Reply YES/).last().waitFor({ timeout: WAIT });
    await type('Ada', 'yes');
    await thread('Ben').getByText(/Join coffee on Sat.*Reply YES to join/s).waitFor({ timeout: WAIT });
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'dev-phone-2-invite-arrived.png'), fullPage: true });

    // Ben says YES: the lock confirmation reaches both phones (Ada's over the stream).
    await type('Ben', 'YES');
    await thread('Ben').getByText(/You're set! Coffee on Sat/).waitFor({ timeout: WAIT });
    await thread('Ada').getByText(/You're set! Coffee on Sat/).waitFor({ timeout: WAIT });
    expect(await page.evaluate('window.__sameDocument')).toBe(true);

    // The details panel: the LinkUp, locked, with Ben's invite and why he was asked.
    await phone('Ada').getByRole('button', { name: 'Details' }).click();
    const panel = page.getByRole('region', { name: 'Details' });
    await panel.getByText("Ada's LinkUps").waitFor({ timeout: WAIT });
    expect(await panel.textContent()).toMatch(/locked[\s\S]*Ben[\s\S]*accepted[\s\S]*into coffee/);
    await page.screenshot({ path: join(ARTIFACTS, 'dev-phone-3-locked.png'), fullPage: true });
  }, 240_000);
});
