import request from 'supertest';
import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/app';
import { textAs } from '../support/conversation-sms';
import { lastJob, now } from '../support/linkups-app';
import { addParticipant, makeLinkup, makeMatchable, makeRegion, type TestMember } from '../support/linkups-factories';
import { csrfIn, linkIn, openMagicLink } from '../support/member-web';

// The LinkUp page (/linkups/:id): participants only, through a magic link texted by LINK.
describe('the LinkUp page', () => {
  let t: TestApp;
  let db: DataSource;
  let regionId: string;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    regionId = await makeRegion(db, { timezone: 'America/Los_Angeles' });
  });
  afterAll(() => t.close());

  // A locked LinkUp at a fixed time, with a venue, and the invite reasons of each participant.
  async function lockedLinkup(names: string[], eventTime = new Date(now(t.app).getTime() + 3 * 86_400_000)) {
    const members: TestMember[] = [];
    for (const firstName of names) members.push(await makeMatchable(db, regionId, { firstName }));
    const id = await makeLinkup(db, regionId, members[0].id, { state: 'locked', eventTime });
    await db.query(`update linkups set venue = $2 where id = $1`, [id, JSON.stringify({ name: 'Blue Bottle, Mint Plaza' })]);
    for (const [i, m] of members.slice(1).entries()) {
      await addParticipant(db, id, m.id);
      await db.query(
        `insert into linkup_invites (linkup_id, invited_user_id, state, idempotency_key, explainability) values ($1, $2, 'accepted', $3, $4)`,
        [id, m.id, `inv:${id}:${m.id}`, JSON.stringify({
          friend_score: 0.7, moment_fit: 0.6, final_score: 0.66, filters: { passed: [], failed: [] },
          top_reasons: [`reason one of ${m.firstName}`, `reason two ${i}`],
        })],
      );
    }
    return { id, members };
  }

  async function signedIn(m: TestMember) {
    await textAs(t.app, m.phone, 'LINK');
    const body = (await lastJob(t.app, m.id))!.body;
    expect(body).toMatch(/^Your page for coffee on \w{3} \w{3} \d+, \d+(:\d+)?[ap]m: https:\/\/josh\.test\/m\//);
    const opened = await openMagicLink(t.app, linkIn(body));
    expect(opened.status).toBe(303);
    return opened;
  }

  it('LINK texts a link to the next LinkUp; the page shows what, when (region time), where, who and why', async () => {
    const eventTime = new Date('2031-03-15T17:00:00Z'); // Sat Mar 15, 10am in Los Angeles
    const { id, members } = await lockedLinkup(['Ada', 'Ben', 'Cleo'], eventTime);
    const [, ben] = members;
    const { agent, location } = await signedIn(ben);
    expect(location).toBe(`/linkups/${id}`);
    const page = await agent.get(location!).expect(200);
    expect(page.text).toContain('<h1>Coffee</h1>');
    expect(page.text).toContain('Sat Mar 15, 10am');
    expect(page.text).toContain('(Los Angeles time)');
    expect(page.text).toContain('Blue Bottle, Mint Plaza');
    expect(page.text).toContain('You, Ada, Cleo');
    // Ben's own reasons, never anyone else's.
    expect(page.text).toContain('reason one of Ben');
    expect(page.text).not.toContain('reason one of Cleo');
    expect(page.text).toContain(`href="/linkups/${id}/cancel"`);
    expect(page.headers['cache-control']).toBe('no-store');
  });

  it('answers LINK without a LinkUp with how to plan one', async () => {
    const loner = await makeMatchable(db, regionId);
    await textAs(t.app, loner.phone, 'link');
    expect((await lastJob(t.app, loner.id))!.body).toBe("You don't have a LinkUp yet. Text LINKUP to plan one.");
  });

  it("a link of member A cannot open member B's LinkUp", async () => {
    const mine = await lockedLinkup(['Ann', 'Abe']);
    const theirs = await lockedLinkup(['Bea', 'Bob']);
    const { agent } = await signedIn(mine.members[0]);
    await agent.get(`/linkups/${mine.id}`).expect(200);
    const denied = await agent.get(`/linkups/${theirs.id}`).expect(404);
    expect(denied.text).not.toContain('Bea');
    expect(denied.headers['x-frame-options']).toBe('DENY');
    await agent.get(`/linkups/${theirs.id}/cancel`).expect(404);
    const csrf = csrfIn((await agent.get(`/linkups/${mine.id}/cancel`)).text);
    await agent.post(`/linkups/${theirs.id}/cancel`).type('form').send({ _csrf: csrf }).expect(404);
    expect((await db.query(`select state from linkups where id = $1`, [theirs.id]))[0].state).toBe('locked');
    await agent.get('/linkups/not-a-uuid').expect(404);
  });

  it('refuses a cancel POST without the CSRF token, and cancels with it (a late cancel is a strike)', async () => {
    const soon = new Date(now(t.app).getTime() + 6 * 3_600_000);
    const { id, members } = await lockedLinkup(['Dee', 'Eli', 'Fay', 'Gus'], soon);
    const eli = members[1];
    const { agent } = await signedIn(eli);
    const confirm = await agent.get(`/linkups/${id}/cancel`).expect(200);
    expect(confirm.text).toContain('counts as a late cancel');
    const status = async () => (await db.query(`select status from linkup_participants where linkup_id = $1 and user_id = $2`, [id, eli.id]))[0].status;

    const refused = await agent.post(`/linkups/${id}/cancel`).type('form').send({}).expect(403);
    expect(refused.text).toContain('That form had expired');
    await agent.post(`/linkups/${id}/cancel`).type('form').send({ _csrf: 'f'.repeat(64) }).expect(403);
    // Another member's token is not this session's.
    const other = await signedIn(members[2]);
    const othersToken = csrfIn((await other.agent.get(`/linkups/${id}/cancel`)).text);
    await agent.post(`/linkups/${id}/cancel`).type('form').send({ _csrf: othersToken }).expect(403);
    expect(await status()).toBe('confirmed');

    const done = await agent.post(`/linkups/${id}/cancel`).type('form').send({ _csrf: csrfIn(confirm.text) }).expect(303);
    expect(done.headers.location).toBe(`/linkups/${id}?done=left`);
    expect(await status()).toBe('canceled');
    expect(await db.query(`select strike_type from user_strikes where user_id = $1`, [eli.id])).toEqual([{ strike_type: 'late_cancel' }]);
    const after = await agent.get(done.headers.location).expect(200);
    expect(after.text).toContain("Done, you&#39;re out.");
    expect(after.text).toContain("You&#39;re no longer in this LinkUp");
    expect(after.text).not.toContain('Dee');
    // The others were told, as after a cancel by SMS (3 left of min 3: still on).
    expect((await lastJob(t.app, members[0].id))!.body).toMatch(/^Heads up: one person can't make coffee/);
  });

  it('needs a page session: no cookie, a made-up cookie', async () => {
    const { id } = await lockedLinkup(['Hal', 'Ivy']);
    const page = await request(t.app.getHttpServer()).get(`/linkups/${id}`).expect(401);
    expect(page.text).toContain('Text LINK to JOSH for a new link');
    await request(t.app.getHttpServer()).get(`/linkups/${id}`).set('cookie', 'josh_session=forged').expect(401);
    // A JSON client gets the JSON error.
    const json = await request(t.app.getHttpServer()).get(`/linkups/${id}`).set('accept', 'application/json').expect(401);
    expect(json.body).toMatchObject({ code: 'page_session_required', correlationId: expect.any(String) });
  });

  it('serves the one stylesheet', async () => {
    const css = await request(t.app.getHttpServer()).get('/assets/app.css').expect(200);
    expect(css.headers['content-type']).toMatch(/text\/css/);
  });
});
