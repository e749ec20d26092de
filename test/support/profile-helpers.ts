import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { MessageCipher, PhoneHasher } from '../../src/common/crypto';
import type { ProfileState } from '../../src/database/enums';
import type { ProfileData } from '../../src/modules/profile/profile-data';
import { latestCode, registrationBody, uniqueUsPhone } from './registration-helpers';
import { textAs } from './conversation-sms';

export interface RegisteredMember {
  userId: string;
  phone: string;
}

// Registers and verifies a member over HTTP, as a person would: the interview starts here.
export async function registerMember(app: INestApplication, firstName = 'Ada', zip = '94110'): Promise<RegisteredMember> {
  const phone = uniqueUsPhone();
  const http = () => request(app.getHttpServer());
  const reg = await http().post('/v1/registrations').send(registrationBody({ phone: phone.national, firstName, zip })).expect(202);
  const code = await latestCode(app, phone.e164);
  await http().post('/v1/registrations/verify').send({ verificationId: reg.body.verificationId, code }).expect(200);
  const [user] = await app.get(DataSource).query(`select id from users where phone_hash = $1`, [app.get(PhoneHasher).hash(phone.e164)]);
  return { userId: user.id, phone: phone.e164 };
}

// Texts JOSH over a signed Twilio webhook and waits until it is handled; returns the MessageSid
// so a test can replay it.
export function text(app: INestApplication, from: string, body: string, sid?: string): Promise<string> {
  return textAs(app, from, body, sid);
}

// Bodies of every SMS queued for the number, in the order they go out (a delayed follow-up last).
export async function smsTo(app: INestApplication, phone: string): Promise<string[]> {
  const rows: Array<{ id: string; ciphertext: Buffer; iv: Buffer; tag: Buffer; keyVersion: number }> = await app.get(DataSource).query(
    `select id, body_ciphertext as ciphertext, body_iv as iv, body_tag as tag, key_version as "keyVersion"
       from sms_outbound_jobs where to_e164 = $1 order by created_at, run_after, id`,
    [phone],
  );
  const cipher = app.get(MessageCipher);
  return rows.map((r) => cipher.decrypt({ ...r, binding: { table: 'sms_outbound_jobs', rowId: r.id } }));
}

export interface ProfileRowView {
  state: ProfileState;
  fingerprint: ProfileData['fingerprint'];
  activity_patterns: ProfileData['activity_patterns'];
  boundaries: ProfileData['boundaries'];
  preferences: ProfileData['preferences'];
  last_interview_step: string | null;
  completed_at: Date | null;
  stale_at: Date | null;
}

export async function profileRow(app: INestApplication, userId: string): Promise<ProfileRowView> {
  const [row] = await app.get(DataSource).query(
    `select state, fingerprint, activity_patterns, boundaries, preferences, last_interview_step, completed_at, stale_at
       from profiles where user_id = $1`,
    [userId],
  );
  return row;
}

export async function profileEvents(app: INestApplication, userId: string): Promise<Array<{ event_type: string; idempotency_key: string; payload: Record<string, unknown> }>> {
  return app.get(DataSource).query(
    `select event_type, idempotency_key, payload from profile_events where user_id = $1 order by created_at, id`,
    [userId],
  );
}

export async function sessionOf(app: INestApplication, userId: string): Promise<{ mode: string; state_token: string }> {
  const [s] = await app.get(DataSource).query(`select mode, state_token from conversation_sessions where user_id = $1`, [userId]);
  return s;
}

// A profile straight in the database, for service tests that do not need the interview.
export async function setProfile(
  app: INestApplication,
  userId: string,
  p: Partial<ProfileData> & { state?: ProfileState; staleAt?: Date | null; completedAt?: Date | null },
): Promise<void> {
  await app.get(DataSource).query(
    `insert into profiles (user_id, state, fingerprint, activity_patterns, boundaries, preferences, stale_at, completed_at)
     values ($1, $2, $3::jsonb, $4::jsonb, $5::jsonb, $6::jsonb, $7, $8)
     on conflict (user_id) do update set state = excluded.state, fingerprint = excluded.fingerprint,
       activity_patterns = excluded.activity_patterns, boundaries = excluded.boundaries, preferences = excluded.preferences,
       stale_at = excluded.stale_at, completed_at = excluded.completed_at`,
    [
      userId, p.state ?? 'complete_full', JSON.stringify(p.fingerprint ?? {}), JSON.stringify(p.activity_patterns ?? []),
      JSON.stringify(p.boundaries ?? {}), JSON.stringify(p.preferences ?? {}), p.staleAt ?? null, p.completedAt ?? null,
    ],
  );
}

// Moves a profile's updated_at (the freshness anchor) into the past; the trigger would otherwise stamp now().
export async function backdateProfile(app: INestApplication, userId: string, days: number): Promise<void> {
  const db = app.get(DataSource);
  await db.transaction(async (m) => {
    await m.query(`alter table profiles disable trigger profiles_set_updated_at`);
    await m.query(`update profiles set updated_at = now() - make_interval(days => $2) where user_id = $1`, [userId, days]);
    await m.query(`alter table profiles enable trigger profiles_set_updated_at`);
  });
}
