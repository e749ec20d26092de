import { randomInt } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PhoneHasher } from '../../src/common/crypto';
import type { ConversationMode, UserState } from '../../src/database/enums';

export interface MakeMemberOptions {
  phone?: string;
  firstName?: string;
  state?: UserState;
  smsConsent?: boolean;
  mode?: ConversationMode | null; // null = no session row
  modeExpiresInSeconds?: number | null;
}

export interface Member {
  id: string;
  phone: string;
  firstName: string;
}

export function randomPhone(): string {
  return `+1555${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
}

// A member straight in the database (the registration flow is tested elsewhere).
export async function makeMember(app: INestApplication, o: MakeMemberOptions = {}): Promise<Member> {
  const ds = app.get(DataSource);
  const phone = o.phone ?? randomPhone();
  const firstName = o.firstName ?? 'Sam';
  const [row] = await ds.query(
    `insert into users (phone_e164, phone_hash, first_name, last_name, birthday, state, sms_consent, age_consent,
                        terms_consent, privacy_consent)
     values ($1, $2, $3, 'Tester', '1990-01-01', $4, $5, true, true, true) returning id`,
    [phone, app.get(PhoneHasher).hash(phone), firstName, o.state ?? 'active', o.smsConsent ?? true],
  );
  const mode = o.mode === undefined ? 'idle' : o.mode;
  if (mode) {
    await ds.query(
      `insert into conversation_sessions (user_id, mode, state_token, expires_at)
       values ($1, $2, $3, case when $4::int is null then null else now() + make_interval(secs => $4::int) end)`,
      [row.id, mode, mode, o.modeExpiresInSeconds ?? null],
    );
  }
  return { id: row.id, phone, firstName };
}
