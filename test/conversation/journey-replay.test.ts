import { DataSource } from 'typeorm';
import { InboundSmsService } from '../../src/modules/conversation/inbound/inbound-sms.service';
import { RegionsService } from '../../src/modules/regions';
import { startTestApp, TestApp } from '../support/app';
import { flushOutbound, outboxFor, textAs } from '../support/conversation-sms';
import { linkupRow, setClock, sweeps } from '../support/linkups-app';
import { registerMember, type RegisteredMember } from '../support/profile-helpers';
import { postSignedSms } from '../support/twilio-webhooks';

// A whole journey over signed webhooks (registration, interview with commands on the way, a LinkUp
// formed by SMS, invites answered, the lock, the outcome check, contact choices), then every inbound
// message of it delivered again, as Twilio does on a retry: nothing changes and nothing is sent twice.
describe('replaying a whole journey', () => {
  let t: TestApp;
  let db: DataSource;
  const inbound: Array<{ from: string; body: string; sid: string }> = [];
  const people: RegisteredMember[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    await t.app.get(RegionsService).upsertRegion({
      slug: 'replay-city', displayName: 'Replay City', state: 'open', geometry: { zips: ['94110'] },
      rules: { timezone: 'America/New_York', venues: { coffee: ['Blue Door Cafe'] } },
    });
  });
  afterAll(() => t.close());

  const say = async (m: RegisteredMember, body: string) => {
    inbound.push({ from: m.phone, body, sid: await textAs(t.app, m.phone, body) });
  };

  // Everything a text could have changed, in a comparable form.
  async function snapshot(): Promise<Record<string, unknown>> {
    const q = (sql: string) => db.query(sql);
    // SMS held back on purpose (the interview's next question waits 5 s after "you're in") are due
    // now, so the comparison does not depend on how fast the machine ran the journey.
    await q(`update sms_outbound_jobs set run_after = now() where status = 'pending' and run_after > now()`);
    await flushOutbound(t.app);
    return {
      messages: await q(`select direction, status, count(*)::int as n from sms_messages group by 1, 2 order by 1, 2`),
      jobs: await q(`select idempotency_key, status from sms_outbound_jobs order by idempotency_key`),
      events: await q(`select event_type, count(*)::int as n from message_events group by 1 order by 1`),
      sessions: await q(`select user_id, mode, state_token from conversation_sessions order by user_id`),
      users: await q(`select id, state, sms_consent from users order by id`),
      profiles: await q(`select user_id, state, last_interview_step, fingerprint, activity_patterns, boundaries, preferences from profiles order by user_id`),
      profileEvents: await q(`select idempotency_key, event_type from profile_events order by idempotency_key`),
      linkups: await q(`select id, state, lock_version, brief from linkups order by id`),
      invites: await q(`select id, state, selected_option, response_message_sid from linkup_invites order by id`),
      participants: await q(`select linkup_id, user_id, status from linkup_participants order by linkup_id, user_id`),
      outcomes: await q(`select linkup_id, user_id, attendance_response, do_again from linkup_outcomes order by 1, 2`),
      choices: await q(`select linkup_id, chooser_user_id, target_user_id, choice from contact_exchange_choices order by 1, 2, 3`),
      exchanges: await q(`select linkup_id, user_a_id, user_b_id from contact_exchanges order by 1, 2`),
      domainEvents: await q(`select idempotency_key from domain_events order by idempotency_key`),
      strikes: await q(`select count(*)::int as n from user_strikes`),
      magicLinks: await q(`select count(*)::int as n from magic_links`),
    };
  }

  it('walks a journey from registration to a contact exchange', async () => {
    for (const name of ['Ada', 'Ben', 'Cleo']) people.push(await registerMember(t.app, name));
    const [ada, ben, cleo] = people;
    for (const m of people) {
      await say(m, 'coffee');
      await say(m, 'STATUS'); // a command mid-interview
      for (const answer of ['weekend mornings', '2', '1', 'what is this?', '1', 'nothing']) await say(m, answer);
      await say(m, 'later');
    }
    await say(ada, 'coffee');
    await say(ada, 'HELP');
    await say(ada, 'saturday morning 1 on 1');
    await say(ada, 'yep');
    const [{ id: linkupId }] = await db.query(`select id from linkups where initiator_user_id = $1`, [ada.userId]);
    expect(await db.query(`select count(*)::int as n from linkup_invites where linkup_id = $1`, [linkupId])).toEqual([{ n: 2 }]);
    await say(cleo, 'menu');
    await say(cleo, 'nah');
    await say(ben, '\u{1F44D}');
    expect((await linkupRow(t.app, linkupId)).state).toBe('locked');
    await say(ben, 'LINK');

    const reminders = await db.query(`select scheduled_for from linkup_reminders where linkup_id = $1 order by scheduled_for`, [linkupId]);
    for (const r of reminders) {
      setClock(t.app, new Date(new Date(r.scheduled_for).getTime() + 60_000));
      await sweeps(t.app).sendDueReminders();
    }
    await say(ada, 'A');
    await say(ben, 'a');
    await say(ada, '1');
    await say(ben, 'STATUS');
    await say(ben, '1');
    expect(await db.query(`select count(*)::int as n from contact_exchanges where linkup_id = $1`, [linkupId])).toEqual([{ n: 1 }]);
    expect(inbound.length).toBeGreaterThan(35);
  });

  it('delivered again, every message of it changes nothing and sends nothing twice', async () => {
    const before = await snapshot();
    const sent = await Promise.all(people.map((m) => outboxFor(t.app, m.phone)));
    for (const msg of inbound) await postSignedSms(t.app, { from: msg.from, body: msg.body, sid: msg.sid }).expect(200);
    await t.app.get(InboundSmsService).whenIdle();
    // The sweeps again too: each reminder went once.
    expect(await sweeps(t.app).sendDueReminders()).toEqual({ remindersSent: 0, remindersSkipped: 0 });
    expect(await snapshot()).toEqual(before);
    expect(await Promise.all(people.map((m) => outboxFor(t.app, m.phone)))).toEqual(sent);
  });
});
