import { DataSource } from 'typeorm';
import { countSegments } from '../../src/modules/conversation/outbound/sms-segments';
import { RegionsService } from '../../src/modules/regions';
import { startTestApp, TestApp } from '../support/app';
import { profileRow, registerMember, sessionOf, smsTo, text, type RegisteredMember } from '../support/profile-helpers';

// Issue 13's three cases, as a new member hits them: registered over HTTP, interviewed by SMS.
// 1. STATUS mid-interview (and mid-forming) answers, then asks the open question again.
// 2. "hike sunday" in the optional steps starts forming with it; in a core step it is an answer.
// 3. HELP (and "what is this?") says where the member is, in one segment.
describe.each(['twilio', 'app'] as const)('a member is understood (SMS_KEYWORD_MODE=%s)', (keywordMode) => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp({ SMS_KEYWORD_MODE: keywordMode });
    db = t.app.get(DataSource);
    await t.app.get(RegionsService).upsertRegion({
      slug: `understood-${keywordMode}`, displayName: 'Understood City', state: 'open', geometry: { zips: ['94110'] },
      rules: { timezone: 'America/Los_Angeles' },
    });
  });
  afterAll(() => t.close());

  const newSince = async (m: RegisteredMember, act: () => Promise<unknown>): Promise<string[]> => {
    const before = (await smsTo(t.app, m.phone)).length;
    await act();
    return (await smsTo(t.app, m.phone)).slice(before);
  };
  const say = (m: RegisteredMember, body: string) => newSince(m, () => text(t.app, m.phone, body));
  const CORE = ['coffee, walks', 'weekend mornings', '2', '1', '1', 'nothing'];

  it('1. STATUS in the middle of the interview answers and asks question 2 again; the interview goes on', async () => {
    const m = await registerMember(t.app, 'Ada');
    await text(t.app, m.phone, 'coffee');
    const before = await sessionOf(t.app, m.userId);
    expect(await say(m, 'STATUS')).toEqual([
      'No upcoming LinkUps. Text LINKUP to plan one.',
      expect.stringMatching(/^\(2\/11\) When are you usually free to meet up\?/),
    ]);
    expect(await sessionOf(t.app, m.userId)).toEqual(before);
    expect(await say(m, 'weekend mornings')).toEqual([expect.stringMatching(/\n\(3\/11\) /)]);
    expect((await profileRow(t.app, m.userId)).last_interview_step).toBe('group');
  });

  it('1. STATUS while forming a LinkUp answers and asks the forming question again, keeping the draft', async () => {
    const m = await registerMember(t.app, 'Ben');
    for (const a of [...CORE, 'later']) await text(t.app, m.phone, a);
    expect(await say(m, 'coffee')).toEqual([expect.stringMatching(/^Coffee sounds good! When\?/)]);
    const draft = await sessionOf(t.app, m.userId);
    expect(await say(m, 'status')).toEqual(['No upcoming LinkUps. Text LINKUP to plan one.', expect.stringMatching(/^Coffee sounds good! When\?/)]);
    expect(await sessionOf(t.app, m.userId)).toEqual(draft);
    expect(await say(m, 'saturday')).toEqual([expect.stringMatching(/^Coffee on Sat .* Reply YES to send invites/)]);
  });

  it('2. "hike sunday" in the optional steps starts forming with it; PROFILE picks the questions up later', async () => {
    const m = await registerMember(t.app, 'Cleo');
    for (const a of CORE) await text(t.app, m.phone, a);
    expect((await sessionOf(t.app, m.userId)).state_token).toBe('interview:onboarding:plans:0');
    const sent = await say(m, 'hike sunday');
    expect(sent).toEqual([expect.stringMatching(/^Your profile questions can wait: text PROFILE to pick them up\.\nA hike on Sun .*, 10am, 3-6 people incl\. you\. Reply YES/)]);
    expect((await sessionOf(t.app, m.userId)).mode).toBe('linkup_forming');
    // Nothing was skipped: the profile is still at the question it was on.
    expect(await profileRow(t.app, m.userId)).toMatchObject({ state: 'complete_mvp', last_interview_step: 'plans' });
    await say(m, 'YES');
    expect(await db.query(`select brief->>'activity_key' as activity from linkups where initiator_user_id = $1`, [m.userId])).toEqual([{ activity: 'hike' }]);
    expect(await say(m, 'profile')).toEqual([expect.stringMatching(/How do you like your plans\?/)]);
  });

  it('2. in a core step, "hike sunday" is an answer, as before', async () => {
    const m = await registerMember(t.app, 'Dev');
    expect(await say(m, 'hike sunday')).toEqual([expect.stringMatching(/^Got it!\n\(2\/11\) /)]);
    expect((await profileRow(t.app, m.userId)).activity_patterns.map((p) => p.activity_key)).toEqual(['hike']);
    expect((await sessionOf(t.app, m.userId)).mode).toBe('interviewing');
  });

  it('3. HELP and "what is this?" say where the member is, in one segment, then the question again', async () => {
    const m = await registerMember(t.app, 'Eli');
    await text(t.app, m.phone, 'coffee');
    const where = "JOSH: You're on question 2 of 11. Reply with numbers, SKIP, or LATER to finish later.";
    const help = await say(m, 'HELP');
    expect(help).toHaveLength(2);
    expect(help[0].startsWith(where)).toBe(true);
    expect(help[1]).toMatch(/^\(2\/11\) When are you usually free/);
    if (keywordMode === 'app') {
      // The carrier line carriers require follows ours (program name, how to opt out, support).
      expect(help[0]).toMatch(/\nJOSH: small meetups with new friends, by text\. .*Reply STOP to opt out\. Help: support@/);
    } else {
      // Twilio sends the carrier's help itself: ours is one GSM-7 segment and names no opt-out word.
      expect(countSegments(help[0])).toMatchObject({ encoding: 'GSM-7', segments: 1 });
      expect(help[0]).not.toMatch(/STOP|rates may apply/);
      expect(help[0]).toContain('Help: support@');
    }
    const what = await say(m, 'what is this?');
    expect(what[0]).toMatch(new RegExp(`^${where.replace(/[.?]/g, '\\$&')} Help: support@`));
    expect(countSegments(what[0]).segments).toBe(1);
    expect(what[1]).toMatch(/^\(2\/11\) /);
    expect((await sessionOf(t.app, m.userId)).state_token).toBe('interview:onboarding:times:0');
  });

  it('a text that is neither an answer nor a command: a gentle word and the question; the second in a row, MENU', async () => {
    const m = await registerMember(t.app, 'Fay');
    for (const a of [...CORE, 'later']) await text(t.app, m.phone, a);
    await text(t.app, m.phone, 'coffee');
    expect(await say(m, 'purple')).toEqual([expect.stringMatching(/^Sorry, I didn't catch that\. Coffee sounds good! When\?/)]);
    const second = await say(m, 'purple again');
    expect(second[0]).toMatch(/^Sorry, I didn't catch that\. Coffee sounds good!/);
    expect(second[1]).toMatch(/^Here's what you can text:\nLINKUP - plan something[\s\S]*\nOr just answer my last question\.$/);
    // Understood again: the count starts over.
    expect(await say(m, 'sunday')).toHaveLength(1);
    expect(await say(m, 'hmm')).toHaveLength(1);
  });
});
