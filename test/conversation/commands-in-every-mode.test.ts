import { DataSource } from 'typeorm';
import { countSegments } from '../../src/modules/conversation/outbound/sms-segments';
import { startTestApp, TestApp } from '../support/app';
import { textAs } from '../support/conversation-sms';
import { jobsFor } from '../support/linkups-app';
import { addParticipant, hold, makeLinkup, makeMatchable, makePendingInvite, makeRegion, type TestMember } from '../support/linkups-factories';
import { sharedLinkup } from '../support/safety-helpers';

// Every mode (and state token) x every command, over signed webhooks, with the real features
// (conversation README, "Commands in every mode"): the replies, and the mode and state afterwards.
// One new member per case, put in the state by the factories (or by texting, as a member would).

type Session = { mode: string; state_token: string };
type After = 'same' | 'restored' | { mode: string; token: RegExp } | 'deleted';

interface State {
  name: string;
  setup(): Promise<TestMember>;
  where: RegExp; // HELP's line
  question: RegExp | null; // the open question, repeated after a command that left the member there
  companions: boolean; // REPORT and BLOCK find people to list
  held?: boolean;
  draft?: boolean; // a half-filled LinkUp draft: PROFILE and LINKUP ask first
  linkup: 'forming' | 'refused'; // what LINKUP does when nothing is asked first
  profile: 'interview' | 'repeat';
  ownsLink?: boolean;
  pendingSwitch?: boolean; // the router's "leave it?" question is open
}

const COMMANDS = ['STATUS', 'HELP', 'MENU', 'LINK', 'BILLING', 'PROFILE', 'LINKUP', 'REPORT', 'BLOCK', 'UNBLOCK', 'DELETE'] as const;
type Command = (typeof COMMANDS)[number];

const FORMING_DRAFT_QUESTION = /^Coffee sounds good! When\?/;
const ASK_ACTIVITY = /^What would you like to do, and when\?/;
const HOLD_NOTICE = /^Your JOSH account is under review, so it is paused/;

describe('commands in every mode', () => {
  let t: TestApp;
  let db: DataSource;
  let regionId: string;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    regionId = await makeRegion(db, { timezone: 'America/New_York' });
  });
  afterAll(() => t.close());

  const member = (o: Parameters<typeof makeMatchable>[2] = {}) => makeMatchable(db, regionId, o);
  const setToken = (m: TestMember, mode: string, token: string) =>
    db.query(`update conversation_sessions set mode = $2, state_token = $3, expires_at = now() + interval '1 hour' where user_id = $1`, [m.id, mode, token]);
  const session = async (m: TestMember): Promise<Session> =>
    (await db.query('select mode, state_token from conversation_sessions where user_id = $1', [m.id]))[0];
  const others = () => Promise.all([member({ firstName: 'Maya' }), member({ firstName: 'Ben' })]);

  const STATES: State[] = [
    { name: 'idle', setup: () => member(), where: /^JOSH: You're all set\./, question: null, companions: false, linkup: 'forming', profile: 'interview' },
    {
      name: 'interviewing, a core step',
      setup: async () => {
        const m = await member({ state: 'verified', profileState: 'partial', mode: 'interviewing' });
        await setToken(m, 'interviewing', 'interview:onboarding:times:0');
        return m;
      },
      where: /^JOSH: You're on question 2 of 11\. Reply with numbers, SKIP, or LATER to finish later\./,
      question: /^\(2\/11\) When are you usually free/,
      companions: false, linkup: 'refused', profile: 'repeat',
    },
    {
      name: 'interviewing, an optional step',
      setup: async () => {
        const m = await member({ mode: 'interviewing' });
        await setToken(m, 'interviewing', 'interview:onboarding:plans:0');
        return m;
      },
      where: /^JOSH: You're on question 7 of 11\. Reply with a number, SKIP, or LATER/,
      question: /^\(7\/11\) How do you like your plans\?/,
      companions: false, linkup: 'forming', profile: 'repeat',
    },
    {
      name: 'linkup_forming, nothing chosen yet',
      setup: async () => {
        const m = await member();
        await setToken(m, 'linkup_forming', 'forming:{"draft":{}}');
        return m;
      },
      where: /^JOSH: You're planning a LinkUp\. Tell me what and when/,
      question: ASK_ACTIVITY,
      companions: false, linkup: 'forming', profile: 'interview',
    },
    {
      name: 'linkup_forming, a half-filled draft',
      setup: async () => {
        const m = await member();
        await setToken(m, 'linkup_forming', 'forming:{"draft":{"activity_key":"coffee"}}');
        return m;
      },
      where: /^JOSH: You're planning coffee\. Tell me when/,
      question: FORMING_DRAFT_QUESTION,
      companions: false, draft: true, linkup: 'forming', profile: 'interview',
    },
    {
      name: 'awaiting_invite_reply, an open invite',
      setup: async () => {
        const [host] = await others();
        const m = await member();
        await makePendingInvite(db, await makeLinkup(db, regionId, host.id), m.id);
        await setToken(m, 'awaiting_invite_reply', 'invite');
        return m;
      },
      where: /^JOSH: You have an invite to coffee on .*\. Reply YES to join or NO to pass\./,
      question: /^Reply YES to join coffee on .*, or NO to pass\.$/,
      companions: false, linkup: 'forming', profile: 'interview',
    },
    {
      name: 'awaiting_invite_reply, confirming a cancel',
      setup: async () => {
        const [host, other] = await others();
        const m = await member();
        const id = await sharedLinkup(db, regionId, [host, m, other], -3);
        await setToken(m, 'awaiting_invite_reply', `cancel:${id}`);
        return m;
      },
      where: /^JOSH: You're cancelling your spot in coffee on .*\. Reply YES to cancel or NO to keep it\./,
      question: /^Cancel your spot in coffee on .*\? Reply YES to cancel or NO to keep it\.$/,
      companions: true, linkup: 'forming', profile: 'interview',
    },
    {
      name: 'awaiting_invite_reply, the outcome check',
      setup: async () => {
        const [host, other] = await others();
        const m = await member();
        const id = await sharedLinkup(db, regionId, [host, m, other], 0.2);
        await setToken(m, 'awaiting_invite_reply', `outcome:${id}`);
        return m;
      },
      where: /^JOSH: We asked how coffee went\. Reply A, B or C\./,
      question: /^How was coffee\? Reply A = went/,
      companions: true, linkup: 'forming', profile: 'interview',
    },
    {
      name: 'awaiting_invite_reply, the contact list',
      setup: async () => {
        const [host, other] = await others();
        const m = await member();
        const id = await sharedLinkup(db, regionId, [host, m, other], 0.2);
        await db.query(`update linkup_participants set status = 'attended' where linkup_id = $1`, [id]);
        await setToken(m, 'awaiting_invite_reply', `contacts:${id}`);
        return m;
      },
      where: /^JOSH: We asked who you'd like to swap numbers with\. Reply with their numbers or NONE, or LINK for the page\./,
      question: /^Want to swap numbers with anyone\? Reply with their numbers, e\.g\. 1 2, or NONE:\n1 Maya\n2 Ben$/,
      companions: true, linkup: 'forming', profile: 'interview', ownsLink: true,
    },
    {
      name: 'awaiting_invite_reply, the REPORT picker',
      setup: async () => {
        const m = await member();
        await sharedLinkup(db, regionId, [...(await others()), m], 5);
        await textAs(t.app, m.phone, 'REPORT');
        return m;
      },
      where: /^JOSH: You're reporting someone\. Reply with their number from the list\./,
      question: /^Who would you like to report\? Reply with their number:\n1 \w+ \(coffee \w{3}\)\n2 \w+ \(coffee \w{3}\)/,
      companions: true, linkup: 'forming', profile: 'interview',
    },
    {
      name: 'awaiting_invite_reply, the DELETE confirmation',
      setup: async () => {
        const m = await member();
        await textAs(t.app, m.phone, 'DELETE');
        return m;
      },
      where: /^JOSH: You asked to delete your account\. Reply DELETE again to confirm/,
      question: /^This deletes your JOSH account/,
      companions: false, linkup: 'forming', profile: 'interview',
    },
    {
      name: "awaiting_invite_reply, the router's 'leave your plan?' question",
      setup: async () => {
        const m = await member();
        await setToken(m, 'linkup_forming', 'forming:{"draft":{"activity_key":"coffee"}}');
        await textAs(t.app, m.phone, 'PROFILE');
        return m;
      },
      where: /^JOSH: We asked if you want to leave your plan for coffee and update your profile\. Reply YES or NO\./,
      question: /^You're in the middle of your plan for coffee\. Leave it and update your profile\?/,
      companions: false, draft: true, linkup: 'forming', profile: 'interview', pendingSwitch: true,
    },
    {
      name: 'safety_hold',
      setup: async () => {
        const m = await member({ mode: 'safety_hold' });
        await hold(db, m.id, 'hard_hold');
        return m;
      },
      where: /^JOSH: Your account is under review\./,
      question: null,
      companions: false, held: true, linkup: 'forming', profile: 'interview',
    },
  ];

  const READ_ONLY: Record<'STATUS' | 'MENU' | 'LINK' | 'BILLING', RegExp> = {
    STATUS: /^No upcoming LinkUps\. Text LINKUP to plan one\.$|^Your LinkUps:\n/,
    MENU: /^Here's what you can text:\nLINKUP - plan something.*\nSTATUS - your plans\nLINK - .*\nPROFILE - .*\nBILLING - .*\nREPORT - .*\nBLOCK - .*\nDELETE - .*\nHELP - /s,
    LINK: /^You don't have a LinkUp yet\. Text LINKUP to plan one\.$|^Your page for coffee on .*: https:\/\/josh\.test\/m\//,
    BILLING: /^JOSH: /,
  };

  // What the command does in the state: the SMS it sends (in order) and where the member is after.
  function expected(s: State, command: Command): { replies: RegExp[]; after: After } {
    const question = s.question ? [s.question] : [];
    if (command === 'HELP') return { replies: [s.where, ...question], after: 'same' };
    // A hard hold answers everything with its notice, but DELETE: deleting one's account stays possible.
    if (s.held && command === 'DELETE') return { replies: [/^This deletes your JOSH account/], after: { mode: 'awaiting_invite_reply', token: /^delete:/ } };
    if (s.held) return { replies: [HOLD_NOTICE], after: 'same' };
    // Any text but YES, NO or HELP gives the flow set aside back first (here: the coffee draft).
    const base: State = s.pendingSwitch ? { ...s, question: FORMING_DRAFT_QUESTION, pendingSwitch: false } : s;
    const after = (a: After): After => (s.pendingSwitch && a === 'same' ? 'restored' : a);
    const repeat = base.question ? [base.question] : [];
    const r = (replies: RegExp[], a: After) => ({ replies, after: after(a) });
    const switchAsk = (label: string) => r([new RegExp(`^You're in the middle of your plan for coffee\\. Leave it and ${label}\\?`)], { mode: 'awaiting_invite_reply', token: /^switch:/ });
    switch (command) {
      case 'LINK':
        if (s.ownsLink) return r([/^Choose who to swap numbers with here: https:\/\/josh\.test\/m\//], 'same');
        return r([READ_ONLY.LINK, ...repeat], 'same');
      case 'STATUS':
      case 'MENU':
      case 'BILLING':
        return r([READ_ONLY[command], ...repeat], 'same');
      case 'PROFILE':
        if (base.draft) return switchAsk('update your profile');
        if (s.profile === 'repeat') return r([s.question!], 'same');
        return r([/^(Welcome back! Picking up where we left off\.|Let us fine-tune your profile\.)\n\(\d+\/\d+\) /], { mode: 'interviewing', token: /^interview:/ });
      case 'LINKUP':
        if (base.draft) return switchAsk('start a new LinkUp');
        if (s.linkup === 'refused') return r([/^Finish your profile first: text PROFILE/, ...repeat], 'same');
        return r([s.name.includes('optional') ? /^Your profile questions can wait: text PROFILE to pick them up\.\nWhat would you like to do/ : ASK_ACTIVITY], {
          mode: 'linkup_forming', token: /^forming:\{"draft":\{\}\}$/,
        });
      case 'REPORT':
      case 'BLOCK':
      case 'UNBLOCK': {
        const word = command.toLowerCase();
        if (command !== 'UNBLOCK' && s.companions) {
          return r([new RegExp(`^Who would you like to ${word}\\? Reply with their number:\\n1 `)], { mode: 'awaiting_invite_reply', token: new RegExp(`^${word}:`) });
        }
        const nobody = command === 'UNBLOCK' ? /^You haven't blocked anyone\./ : command === 'REPORT' ? /^We found nobody from your LinkUps/ : /^We found nobody .* to block/;
        // Nothing to pick: said at once, and the flow the member was in comes back with its question.
        // (Inside another safety flow, what comes back is what that one interrupted: idle here.)
        if (s.name.includes('DELETE') || s.name.includes('REPORT picker')) return r([nobody], { mode: 'idle', token: /^idle$/ });
        return r(repeat.length ? [new RegExp(`${nobody.source}[\\s\\S]*\\nWe're back to what we were talking about before:$`), ...repeat] : [nobody], 'same');
      }
      case 'DELETE':
        if (s.name.includes('DELETE')) return { replies: [], after: 'deleted' };
        return r([/^This deletes your JOSH account/], { mode: 'awaiting_invite_reply', token: /^delete:/ });
    }
  }

  const cases = STATES.flatMap((s) => COMMANDS.map((c) => [s.name, c, s] as const));

  it.each(cases)('%s x %s', async (_name, command, state) => {
    const m = await state.setup();
    const before = await session(m);
    const sentBefore = (await jobsFor(t.app, m.id)).length;
    const sid = await textAs(t.app, m.phone, command);
    const want = expected(state, command);
    if (want.after === 'deleted') {
      // DELETE again: the account is gone (its texts' bodies too); the goodbye goes to the number.
      expect((await db.query('select state from users where id = $1', [m.id]))[0].state).toBe('deleted');
      expect((await session(m)).mode).toBe('idle');
      const [goodbye] = await db.query('select user_id from sms_outbound_jobs where idempotency_key = $1', [`reply:${sid}`]);
      expect(goodbye).toEqual({ user_id: null });
      return;
    }
    const sent = (await jobsFor(t.app, m.id)).slice(sentBefore).map((j) => j.body);

    expect(sent).toHaveLength(want.replies.length);
    want.replies.forEach((re, i) => expect(sent[i]).toMatch(re));
    if (command === 'HELP') expect(countSegments(sent[0])).toMatchObject({ encoding: 'GSM-7', segments: 1 });

    const after = await session(m);
    if (want.after === 'same') expect(after).toEqual(before);
    else if (want.after === 'restored') expect(after).toEqual({ mode: 'linkup_forming', state_token: 'forming:{"draft":{"activity_key":"coffee"}}' });
    else {
      expect(after.mode).toBe(want.after.mode);
      expect(after.state_token).toMatch(want.after.token);
    }
    // A nested flow keeps what it interrupted inside its token, to give it back (not idle, and not
    // a hold: the hold gate puts the member back in it by itself).
    if (before.mode === 'safety_hold' && after.state_token.startsWith('delete:')) expect(JSON.parse(after.state_token.slice(7)).saved).toBeNull();
    if (['REPORT', 'BLOCK', 'DELETE'].includes(command) && after.state_token.startsWith(`${command.toLowerCase()}:`) && !['idle', 'safety_hold'].includes(before.mode)) {
      const saved = JSON.parse(after.state_token.slice(after.state_token.indexOf(':') + 1)).saved;
      const kept = state.pendingSwitch ? 'forming:{"draft":{"activity_key":"coffee"}}' : before.state_token;
      if (!/^(report|delete):/.test(before.state_token)) expect(saved).toMatchObject({ token: kept });
    }
  });

  it('covers every mode and every command', () => {
    const modes = new Set(['idle', 'interviewing', 'linkup_forming', 'awaiting_invite_reply', 'safety_hold']);
    expect(new Set(STATES.map((s) => s.name.split(',')[0]))).toEqual(modes);
    expect(cases).toHaveLength(STATES.length * COMMANDS.length);
  });

  // Read-only command words other than the carrier's HELP, as members send them.
  it.each([
    ['what is this?', /^JOSH: You're on question 2 of 11\./],
    ['Help me', /^JOSH: You're on question 2 of 11\./],
    ['menu', /^Here's what you can text:/],
    ['My plans', /^No upcoming LinkUps/],
  ])('%j mid-interview answers and repeats the question', async (text, first) => {
    const m = await STATES[1].setup();
    const before = await session(m);
    await textAs(t.app, m.phone, text);
    const sent = (await jobsFor(t.app, m.id)).map((j) => j.body);
    expect(sent).toEqual([expect.stringMatching(first), expect.stringMatching(/^\(2\/11\) When are you usually free/)]);
    expect(await session(m)).toEqual(before);
  });
});
