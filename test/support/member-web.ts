import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { textAs } from './conversation-sms';
import { jobsFor, now, setClock, sweeps } from './linkups-app';
import { addParticipant, makeLinkup, makeMatchable, type TestMember } from './linkups-factories';

// Member web pages in tests: magic links out of SMS bodies, opening them like a browser would
// (GET the confirm page, POST its form with the nonce cookie), CSRF tokens out of pages.

export type Agent = ReturnType<typeof request.agent>;

export function linkIn(body: string): string {
  const m = /(https?:\/\/\S+\/m\/[A-Za-z0-9_-]{43})/.exec(body);
  if (!m) throw new Error(`no magic link in: ${body}`);
  return m[1];
}

export function pathOf(url: string): string {
  return new URL(url).pathname;
}

export function csrfIn(html: string): string {
  const m = /name="_csrf" value="([0-9a-f]{64})"/.exec(html);
  if (!m) throw new Error('no CSRF token on the page');
  return m[1];
}

export function nonceIn(html: string): string {
  const m = /name="nonce" value="([A-Za-z0-9_-]+)"/.exec(html);
  if (!m) throw new Error('no nonce on the confirm page');
  return m[1];
}

// GET then POST the link with one cookie jar; the agent then carries the page session.
export async function openMagicLink(app: INestApplication, url: string, agent: Agent = request.agent(app.getHttpServer())) {
  const confirm = await agent.get(pathOf(url)).expect(200);
  const opened = await agent.post(pathOf(url)).type('form').send({ nonce: nonceIn(confirm.text) });
  return { agent, status: opened.status, location: opened.headers.location as string | undefined, text: opened.text };
}

// The latest SMS to the member that carries a magic link.
export async function latestLinkFor(app: INestApplication, userId: string): Promise<string> {
  const jobs = await jobsFor(app, userId);
  const withLink = jobs.filter((j) => /\/m\//.test(j.body));
  if (!withLink.length) throw new Error('no SMS with a link');
  return linkIn(withLink[withLink.length - 1].body);
}

// Locked LinkUps of these groups (first = initiator), an hour after the app's clock; their outcome
// checks are then sent (the clock moves 3 h past the event). Everyone is in the outcome mode.
// `beforeCheck` runs while the LinkUps are still ahead (e.g. a member texts LINK).
export async function checkedLinkups(
  app: INestApplication,
  db: DataSource,
  regionId: string,
  groups: TestMember[][],
  beforeCheck: (ids: string[]) => Promise<void> = async () => undefined,
): Promise<string[]> {
  const eventTime = new Date(now(app).getTime() + 3_600_000);
  const ids: string[] = [];
  for (const members of groups) {
    const id = await makeLinkup(db, regionId, members[0].id, { state: 'locked', eventTime });
    for (const m of members.slice(1)) await addParticipant(db, id, m.id);
    await db.query(
      `insert into linkup_reminders (linkup_id, reminder_type, scheduled_for, idempotency_key) values ($1, 'outcome_check', $2, $3)`,
      [id, new Date(eventTime.getTime() + 3 * 3_600_000), `reminder:${id}:outcome_check`],
    );
    ids.push(id);
  }
  await beforeCheck(ids);
  setClock(app, new Date(eventTime.getTime() + 3 * 3_600_000 + 60_000));
  await sweeps(app).sendDueReminders();
  return ids;
}

export async function checkedLinkup(
  app: INestApplication,
  db: DataSource,
  regionId: string,
  members: TestMember[],
  beforeCheck?: (id: string) => Promise<void>,
): Promise<string> {
  return (await checkedLinkups(app, db, regionId, [members], beforeCheck && ((ids) => beforeCheck(ids[0]))))[0];
}

// `count` idle, matchable members of the region with the given first names (or Member1...).
export async function makeGroup(db: DataSource, regionId: string, names: string[]): Promise<TestMember[]> {
  const group: TestMember[] = [];
  for (const firstName of names) group.push(await makeMatchable(db, regionId, { firstName }));
  return group;
}

// The member says they went (A): attendance is recorded and contact exchange asks them.
export async function attend(app: INestApplication, m: TestMember, answer = 'A'): Promise<void> {
  await textAs(app, m.phone, answer);
}
