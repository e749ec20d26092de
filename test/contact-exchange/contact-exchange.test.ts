import { DataSource } from 'typeorm';
import { MagicLinksService } from '../../src/modules/identity';
import { AttendanceListeners } from '../../src/modules/linkups';
import { startTestApp, TestApp } from '../support/app';
import { textAs } from '../support/conversation-sms';
import { jobsFor, lastJob, now, setClock } from '../support/linkups-app';
import { makeRegion, type TestMember } from '../support/linkups-factories';
import { attend, checkedLinkup, checkedLinkups, csrfIn, latestLinkFor, makeGroup, openMagicLink } from '../support/member-web';

// Contact exchange (PRODUCT.md section 7) over SMS and on the choices page.
describe('contact exchange', () => {
  let t: TestApp;
  let db: DataSource;
  let regionId: string;
  const session = async (m: TestMember) => (await db.query(`select mode, state_token from conversation_sessions where user_id = $1`, [m.id]))[0];
  const bodies = async (m: TestMember) => (await jobsFor(t.app, m.id)).map((j) => j.body);
  const last = async (m: TestMember) => (await lastJob(t.app, m.id))?.body ?? '';
  const choicesOf = async (linkupId: string, m: TestMember, group: TestMember[]) => {
    const rows: Array<{ target_user_id: string; choice: boolean }> = await db.query(
      `select target_user_id, choice from contact_exchange_choices where linkup_id = $1 and chooser_user_id = $2`,
      [linkupId, m.id],
    );
    return Object.fromEntries(rows.map((r) => [group.find((g) => g.id === r.target_user_id)!.firstName, r.choice]));
  };
  const exchanges = async (linkupId: string) =>
    db.query(`select user_a_id, user_b_id from contact_exchanges where linkup_id = $1`, [linkupId]) as Promise<Array<{ user_a_id: string; user_b_id: string }>>;
  const reveals = async (m: TestMember) => (await jobsFor(t.app, m.id)).filter((j) => j.idempotencyKey.startsWith('contact-reveal:'));

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    regionId = await makeRegion(db);
  });
  afterAll(() => t.close());

  // A group of four whose outcome check went out; `me` (the second) says they went.
  async function attendedFour(prefix: string) {
    const group = await makeGroup(db, regionId, ['Ada', 'Ben', 'Cleo', 'Dan'].map((n) => `${n}${prefix}`));
    const linkupId = await checkedLinkup(t.app, db, regionId, group);
    const me = group[1];
    await attend(t.app, me);
    return { group, me, linkupId };
  }

  it('asks an attendee once: the numbered list of the others and a link, then waits for the numbered answer', async () => {
    const { group, me, linkupId } = await attendedFour('P');
    const prompt = await last(me);
    expect(prompt).toContain("Reply with the numbers of the people you'd like to swap numbers with, e.g. 1 3, or NONE:\n1 AdaP\n2 CleoP\n3 DanP\n");
    expect(prompt).toMatch(/Or choose here: https:\/\/josh\.test\/m\/[A-Za-z0-9_-]{43}\n/);
    expect((await bodies(me)).filter((b) => b.startsWith('Thanks for going'))).toHaveLength(1);
    expect(await session(me)).toEqual({ mode: 'awaiting_invite_reply', state_token: `contacts:${linkupId}` });
    // A no-show is not asked; answering again does not ask twice.
    await attend(t.app, group[3], 'C');
    expect((await bodies(group[3])).some((b) => b.startsWith('Thanks for going'))).toBe(false);
  });

  it.each([
    ['1 3', { AdaS1: true, CleoS1: false, DanS1: true }],
    ['1,3', { AdaS2: true, CleoS2: false, DanS2: true }],
    ['1 and 3', { AdaS3: true, CleoS3: false, DanS3: true }],
    ['2', { AdaS4: false, CleoS4: true, DanS4: false }],
    ['none', { AdaS5: false, CleoS5: false, DanS5: false }],
  ])('SMS answer %p saves %p', async (answer, expected) => {
    const suffix = Object.keys(expected)[0].slice(3);
    const { group, me, linkupId } = await attendedFour(suffix);
    await textAs(t.app, me.phone, answer);
    expect(await choicesOf(linkupId, me, group)).toEqual(expected);
    expect(await last(me)).toBe(answer === 'none' ? "Got it, we won't share your number." : "Got it! If they say yes too, we'll text you their number.");
    expect(await session(me)).toEqual({ mode: 'idle', state_token: 'idle' });
  });

  it('asks again once for a number out of range, then takes a good answer', async () => {
    const { group, me, linkupId } = await attendedFour('R1');
    await textAs(t.app, me.phone, '7');
    expect(await last(me)).toBe("Reply with numbers from 1 to 3 for the people you'd like to swap numbers with (e.g. 1 3), or NONE.");
    expect(await choicesOf(linkupId, me, group)).toEqual({});
    await textAs(t.app, me.phone, '2');
    expect(await choicesOf(linkupId, me, group)).toEqual({ AdaR1: false, CleoR1: true, DanR1: false });
  });

  it('asks again once for text, then lets the member go with nothing saved', async () => {
    const { group, me, linkupId } = await attendedFour('R2');
    await textAs(t.app, me.phone, 'the first one I think');
    expect(await last(me)).toMatch(/^Reply with numbers from 1 to 3/);
    await textAs(t.app, me.phone, 'hmm');
    expect(await last(me)).toBe('No problem, nothing saved. You can still choose on your LinkUp page: text LINK for a link.');
    expect(await choicesOf(linkupId, me, group)).toEqual({});
    expect(await session(me)).toEqual({ mode: 'idle', state_token: 'idle' });
  });

  it('never takes over a flow in progress; a busy member answers from idle later', async () => {
    const group = await makeGroup(db, regionId, ['AnnB', 'BoB', 'CyB']);
    const linkupId = await checkedLinkup(t.app, db, regionId, group);
    const busy = group[2];
    await db.query(`update linkup_participants set status = 'attended' where linkup_id = $1 and user_id = $2`, [linkupId, busy.id]);
    await db.query(`update conversation_sessions set mode = 'linkup_forming', state_token = 'forming:{}', expires_at = now() + interval '1 hour' where user_id = $1`, [busy.id]);
    await db.transaction((m) => t.app.get(AttendanceListeners).announce({ linkupId, userId: busy.id, correlationId: null, manager: m }));
    expect(await last(busy)).toMatch(/^Thanks for going to coffee!/);
    expect(await session(busy)).toEqual({ mode: 'linkup_forming', state_token: 'forming:{}' });
    await db.query(`update conversation_sessions set mode = 'idle', state_token = 'idle', expires_at = null where user_id = $1`, [busy.id]);
    await textAs(t.app, busy.phone, '1');
    expect(await choicesOf(linkupId, busy, group)).toEqual({ AnnB: true, BoB: false });
    // Once they chose, a bare number in idle is theirs again (not read as another answer).
    await textAs(t.app, busy.phone, '2');
    expect(await choicesOf(linkupId, busy, group)).toEqual({ AnnB: true, BoB: false });
  });

  it('a mutual yes at the same moment makes one exchange and one SMS to each, with the other\'s name and number', async () => {
    const groups: TestMember[][] = [];
    for (let i = 0; i < 8; i++) groups.push(await makeGroup(db, regionId, [`Xi${i}`, `Yu${i}`]));
    const ids = await checkedLinkups(t.app, db, regionId, groups);
    const pairs = groups.map(([x, y], i) => ({ linkupId: ids[i], x, y }));
    for (const p of pairs) for (const m of [p.x, p.y]) await attend(t.app, m);
    // Half answer by SMS on both sides, half with one side on the page, all at once.
    const agents = await Promise.all(pairs.map(async (p, i) => (i % 2 ? await openMagicLink(t.app, await latestLinkFor(t.app, p.y.id)) : null)));
    const tokens = await Promise.all(agents.map(async (a, i) => (a ? csrfIn((await a.agent.get(`/linkups/${pairs[i].linkupId}/contacts`)).text) : null)));
    await Promise.all(
      pairs.flatMap((p, i) => [
        textAs(t.app, p.x.phone, '1'),
        agents[i]
          ? agents[i]!.agent.post(`/linkups/${p.linkupId}/contacts`).type('form').send({ _csrf: tokens[i], [`choice_${p.x.id}`]: 'yes' }).expect(303)
          : textAs(t.app, p.y.phone, '1'),
      ]),
    );
    for (const p of pairs) {
      const [a, b] = [p.x.id, p.y.id].sort();
      expect(await exchanges(p.linkupId)).toEqual([{ user_a_id: a, user_b_id: b }]);
      const toX = await reveals(p.x);
      const toY = await reveals(p.y);
      expect(toX.map((j) => j.body)).toEqual([expect.stringMatching(new RegExp(`^${p.y.firstName} from coffee wants to stay in touch too! ${p.y.firstName}'s number: \\+1 `))]);
      expect(toY).toHaveLength(1);
      expect(toY[0].body).toContain(`${p.x.firstName}'s number: +1 ${p.x.phone.slice(2, 5)} `);
    }
  });

  it('never reveals a no (or no answer) to anyone', async () => {
    const [pia, quin, rex, sue] = await makeGroup(db, regionId, ['Pia', 'Quin', 'Rex', 'Sue']);
    const linkupId = await checkedLinkup(t.app, db, regionId, [pia, quin, rex, sue]);
    for (const m of [pia, quin, rex, sue]) await attend(t.app, m);
    await textAs(t.app, pia.phone, '1 2 3'); // yes to Quin, Rex and Sue
    await textAs(t.app, quin.phone, 'none'); // no to everyone
    await textAs(t.app, rex.phone, '1'); // yes to Pia only
    // Sue never answers.
    expect(await exchanges(linkupId)).toHaveLength(1);
    expect((await reveals(pia)).map((j) => j.body)).toEqual([expect.stringMatching(/^Rex from coffee/)]);
    expect(await reveals(quin)).toEqual([]);
    expect(await reveals(sue)).toEqual([]);
    // Nothing Pia received says anything about Quin or Sue after the list.
    const afterPrompt = (await bodies(pia)).slice((await bodies(pia)).findIndex((b) => b.startsWith('Thanks for going')) + 1);
    for (const b of afterPrompt) expect(b).not.toMatch(/Quin|Sue/);
    // Pia's page shows her own choices and her swap, nothing of anyone else's answer.
    const { agent } = await openMagicLink(t.app, await latestLinkFor(t.app, pia.id));
    const page = (await agent.get(`/linkups/${linkupId}/contacts`).expect(200)).text;
    const fieldset = (name: string) => page.slice(page.indexOf(`<legend>${name}</legend>`), page.indexOf('</fieldset>', page.indexOf(`<legend>${name}</legend>`)));
    expect(fieldset('Quin')).toMatch(/value="yes" checked/);
    expect(fieldset('Quin')).not.toMatch(/swapped|said no|declined/i);
    expect(fieldset('Sue')).toMatch(/value="yes" checked/);
    expect(fieldset('Rex')).toContain('Numbers swapped');
  });

  it('the page: attendees only, choices changeable until the window closes, swaps final', async () => {
    const [kim, lou, max, ned] = await makeGroup(db, regionId, ['Kim', 'Lou', 'Max', 'Ned']);
    const linkupId = await checkedLinkup(t.app, db, regionId, [kim, lou, max, ned]);
    await attend(t.app, kim);
    await attend(t.app, lou);
    await attend(t.app, ned, 'C');
    const { agent, location } = await openMagicLink(t.app, await latestLinkFor(t.app, kim.id));
    expect(location).toBe(`/linkups/${linkupId}/contacts`);
    let page = await agent.get(location!).expect(200);
    expect(page.text).toContain('<legend>Lou</legend>');
    // Everyone in the group who did not leave (the list's numbering never changes).
    expect([...page.text.matchAll(/<legend>(\w+)<\/legend>/g)].map((m) => m[1])).toEqual(['Lou', 'Max', 'Ned']);
    expect(page.text.match(/value="yes">/g)).toHaveLength(3);
    const save = async (choices: Record<string, 'yes' | 'no'>, status = 303) =>
      agent.post(`/linkups/${linkupId}/contacts`).type('form').send({ _csrf: csrfIn(page.text), ...choices }).expect(status);
    await save({ [`choice_${max.id}`]: 'yes', [`choice_${lou.id}`]: 'no' });
    expect(await choicesOf(linkupId, kim, [lou, max, ned])).toEqual({ Max: true, Lou: false });
    await save({ [`choice_${max.id}`]: 'no' });
    expect(await choicesOf(linkupId, kim, [lou, max, ned])).toEqual({ Max: false, Lou: false });
    // Without the CSRF token nothing changes.
    await agent.post(`/linkups/${linkupId}/contacts`).type('form').send({ [`choice_${max.id}`]: 'yes' }).expect(403);
    // About someone outside the group: refused.
    await save({ [`choice_${kim.id}`]: 'yes' }, 400);
    expect(await choicesOf(linkupId, kim, [lou, max, ned])).toEqual({ Max: false, Lou: false });

    // Lou and Kim swap; Kim's later "no" about Lou changes nothing (the number is out).
    await textAs(t.app, lou.phone, '1');
    await save({ [`choice_${lou.id}`]: 'yes' });
    expect(await exchanges(linkupId)).toHaveLength(1);
    await save({ [`choice_${lou.id}`]: 'no' });
    expect(await choicesOf(linkupId, kim, [lou, max, ned])).toMatchObject({ Lou: true });
    expect(await reveals(kim)).toHaveLength(1);

    // Members who did not (yet) say they went, and strangers, do not get the page.
    const maxSession = await openMagicLink(t.app, await issueLinkupLink(max));
    expect((await maxSession.agent.get(`/linkups/${linkupId}/contacts`).expect(403)).text).toContain('once you tell us you went');
    const nedSession = await openMagicLink(t.app, await issueLinkupLink(ned));
    await nedSession.agent.get(`/linkups/${linkupId}/contacts`).expect(403);
    const [stranger] = await makeGroup(db, regionId, ['Zed']);
    const other = await checkedLinkup(t.app, db, regionId, [stranger, (await makeGroup(db, regionId, ['Yan']))[0]]);
    const strangerSession = await openMagicLink(t.app, await issueLinkupLink(stranger, other));
    await strangerSession.agent.get(`/linkups/${linkupId}/contacts`).expect(404);

    // Until the window closes (72 h from the start); then the page is read-only and saving is refused.
    const eventTime = new Date((await db.query(`select event_time from linkups where id = $1`, [linkupId]))[0].event_time);
    setClock(t.app, new Date(eventTime.getTime() + 72 * 3_600_000 - 60_000));
    const late = await openMagicLink(t.app, await issueLinkupLink(kim, linkupId));
    page = await late.agent.get(`/linkups/${linkupId}/contacts`).expect(200);
    expect(page.text).toContain('You can change your choices until');
    setClock(t.app, new Date(eventTime.getTime() + 72 * 3_600_000));
    const refused = await late.agent.post(`/linkups/${linkupId}/contacts`).type('form').send({ _csrf: csrfIn(page.text), [`choice_${max.id}`]: 'yes' }).expect(409);
    expect(refused.text).toContain('The time to swap numbers for this LinkUp has passed');
    expect(await choicesOf(linkupId, kim, [lou, max, ned])).toMatchObject({ Max: false });
    page = await late.agent.get(`/linkups/${linkupId}/contacts`).expect(200);
    expect(page.text).toContain('The time to choose has passed');
    expect(page.text).not.toContain('<form');
  });

  // A fresh LINK-style link for the member's LinkUp page (a session for the page tests).
  async function issueLinkupLink(m: TestMember, linkupId?: string): Promise<string> {
    const id = linkupId ?? (await db.query(`select linkup_id from linkup_participants where user_id = $1 order by joined_at desc limit 1`, [m.id]))[0].linkup_id;
    return (await t.app.get(MagicLinksService).issue({ userId: m.id, purpose: 'linkup', linkupId: id })).url;
  }
});
