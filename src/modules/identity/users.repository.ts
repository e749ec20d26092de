import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { UserState } from '../../database/enums';

// What other modules read of a member; extend with care (no PII beyond what callers need).
export interface UserRecord {
  id: string;
  phoneE164: string;
  phoneHash: string;
  firstName: string;
  state: UserState;
  smsConsent: boolean;
  regionId: string | null;
  deletedAt: Date | null;
}

const COLUMNS = `id, phone_e164 as "phoneE164", phone_hash as "phoneHash", first_name as "firstName", state,
  sms_consent as "smsConsent", region_id as "regionId", deleted_at as "deletedAt"`;

@Injectable()
export class UsersRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  async findById(id: string, manager?: EntityManager): Promise<UserRecord | null> {
    const rows: UserRecord[] = await this.m(manager).query(`select ${COLUMNS} from users where id = $1`, [id]);
    return rows[0] ?? null;
  }

  async findByIds(ids: string[], manager?: EntityManager): Promise<UserRecord[]> {
    if (ids.length === 0) return [];
    return this.m(manager).query(`select ${COLUMNS} from users where id = any($1::uuid[])`, [ids]);
  }

  async findByPhoneHashes(hashes: string[], manager?: EntityManager): Promise<UserRecord[]> {
    if (hashes.length === 0) return [];
    return this.m(manager).query(`select ${COLUMNS} from users where phone_hash = any($1::text[])`, [hashes]);
  }

  async findByPhoneHash(phoneHash: string, manager?: EntityManager): Promise<UserRecord | null> {
    const rows: UserRecord[] = await this.m(manager).query(`select ${COLUMNS} from users where phone_hash = $1`, [phoneHash]);
    return rows[0] ?? null;
  }

  // Returns true when the value changed.
  async setSmsConsent(userId: string, consent: boolean, manager?: EntityManager): Promise<boolean> {
    // A CTE so the driver answers with the RETURNING rows (a bare UPDATE answers [rows, count]).
    const rows: unknown[] = await this.m(manager).query(
      `with u as (update users set sms_consent = $2, updated_at = now() where id = $1 and sms_consent is distinct from $2 returning id)
       select id from u`,
      [userId, consent],
    );
    return rows.length > 0;
  }

  // ---- Registration (appended by the registration module) ----

  // Row-locks the member for the registration/verification transaction.
  async lockByPhoneHash(phoneHash: string, manager: EntityManager): Promise<UserRecord | null> {
    const rows: UserRecord[] = await manager.query(`select ${COLUMNS} from users where phone_hash = $1 for update`, [phoneHash]);
    return rows[0] ?? null;
  }

  // Row-locks the member a verification belongs to (an unknown id locks nothing, with the same statement).
  async lockByVerificationId(verificationId: string, manager: EntityManager): Promise<UserRecord | null> {
    const rows: UserRecord[] = await manager.query(
      `select ${COLUMNS} from users where id = (select user_id from registration_verifications where id = $1) for update`,
      [verificationId],
    );
    return rows[0] ?? null;
  }

  // Inserts an unverified member; null when the number is already registered (a concurrent insert included).
  // SMS consent is never on for a number that opted out (a STOP, even before it registered).
  async insertUnverified(details: UnverifiedUserDetails, manager: EntityManager): Promise<string | null> {
    const rows: Array<{ id: string }> = await manager.query(
      `insert into users (phone_e164, phone_hash, first_name, last_name, birthday, email,
         sms_consent, age_consent, terms_consent, privacy_consent)
       values ($1, $2, $3, $4, $5, $6, $7 and ${notOptedOut('$2')}, $8, $9, $10)
       on conflict do nothing
       returning id`,
      [
        details.phoneE164, details.phoneHash, details.firstName, details.lastName, details.birthday, details.email,
        details.smsConsent, details.ageConsent, details.termsConsent, details.privacyConsent,
      ],
    );
    return rows[0]?.id ?? null;
  }

  // The details of the verification that succeeded replace whatever the row held (a first
  // registration's, possibly a stranger's). Consent follows the number's opt-out, never the form.
  async applyVerifiedDetails(userId: string, details: VerifiedDetails, manager: EntityManager): Promise<void> {
    await manager.query(
      `with u as (
         update users set first_name = $2, last_name = $3, birthday = $4, email = $5,
           sms_consent = ${notOptedOut('users.phone_hash')}, age_consent = true, terms_consent = true, privacy_consent = true
         where id = $1 and state = 'unverified' returning id
       ) select id from u`,
      [userId, details.firstName, details.lastName, details.birthday, details.email],
    );
  }

  // unverified -> verified; false when the member was in any other state.
  async markVerified(userId: string, manager: EntityManager): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `with u as (update users set state = 'verified', updated_at = now() where id = $1 and state = 'unverified' returning id)
       select id from u`,
      [userId],
    );
    return rows.length > 0;
  }

  // users.region_id mirrors the member's region membership.
  async setRegion(userIds: string[], regionId: string, manager: EntityManager): Promise<void> {
    if (userIds.length === 0) return;
    await manager.query(
      `with u as (update users set region_id = $2, updated_at = now() where id = any($1::uuid[]) returning id) select id from u`,
      [userIds, regionId],
    );
  }

  // ---- Profile (appended by the profile module) ----

  // Moves the member to `to` only from one of `from`; returns true when it changed.
  async setState(userId: string, from: UserState[], to: UserState, manager?: EntityManager): Promise<boolean> {
    const rows: unknown[] = await this.m(manager).query(
      `with u as (update users set state = $3 where id = $1 and state = any($2::user_state[]) returning id) select id from u`,
      [userId, from, to],
    );
    return rows.length > 0;
  }

  // ---- Support (appended by the admin API) ----

  async findSupportView(id: string, manager?: EntityManager): Promise<SupportUserView | null> {
    const rows: SupportUserView[] = await this.m(manager).query(
      `select ${COLUMNS}, created_at as "createdAt", suspended_at as "suspendedAt" from users where id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  // Locks the member and moves them to `suspended`; answers the state they had, or null when there
  // is no such member or they are suspended or deleted already.
  async suspend(userId: string, at: Date, manager: EntityManager): Promise<UserState | null> {
    const [row]: Array<{ state: UserState }> = await manager.query(`select state from users where id = $1 for update`, [userId]);
    if (!row || row.state === 'suspended' || row.state === 'deleted') return null;
    await manager.query(
      `with u as (update users set state = 'suspended', suspended_at = $2, updated_at = now() where id = $1 returning id) select id from u`,
      [userId, at],
    );
    return row.state;
  }

  // suspended -> `restoreTo`; false when the member was not suspended.
  async unsuspend(userId: string, restoreTo: UserState, manager: EntityManager): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `with u as (
         update users set state = $2, suspended_at = null, updated_at = now() where id = $1 and state = 'suspended' returning id
       ) select id from u`,
      [userId, restoreTo],
    );
    return rows.length > 0;
  }

  // ---- Deletion (appended by the safety module's member deletion) ----

  // Scrubs the member's personal data in place (PRODUCT.md section 13). phone_hash stays: blocks,
  // holds and reports keep pointing at this row, and a return of the number finds it again.
  // Returns the number it had, or null when there was no such member or they were already deleted.
  async scrubForDeletion(userId: string, at: Date, manager: EntityManager): Promise<{ phoneE164: string; placeholder: string } | null> {
    const [row]: Array<{ phoneE164: string; state: UserState }> = await manager.query(
      `select phone_e164 as "phoneE164", state from users where id = $1 for update`,
      [userId],
    );
    if (!row || row.state === 'deleted') return null;
    const placeholder = deletedPhonePlaceholder(userId);
    await manager.query(
      `with u as (
         update users set phone_e164 = $2, first_name = '', last_name = '', birthday = $3, email = null,
                state = 'deleted', sms_consent = false, region_id = null, deleted_at = $4, updated_at = now()
          where id = $1 returning id
       ) select id from u`,
      [userId, placeholder, DELETED_BIRTHDAY, at],
    );
    await manager.query(`delete from otp_sessions where user_id = $1`, [userId]);
    return { phoneE164: row.phoneE164, placeholder };
  }

  // A deleted member's number registers again: the same row (its phone_hash is unique) becomes an
  // unverified member with the new details, so safety history keeps applying to it.
  async reviveDeleted(userId: string, details: UnverifiedUserDetails, manager: EntityManager): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `with u as (
         update users set phone_e164 = $2, first_name = $3, last_name = $4, birthday = $5, email = $6,
                sms_consent = $7 and ${notOptedOut('$11')}, age_consent = $8, terms_consent = $9, privacy_consent = $10,
                state = 'unverified', deleted_at = null, region_id = null, updated_at = now()
          where id = $1 and state = 'deleted' returning id
       ) select id from u`,
      [
        userId, details.phoneE164, details.firstName, details.lastName, details.birthday, details.email,
        details.smsConsent, details.ageConsent, details.termsConsent, details.privacyConsent, details.phoneHash,
      ],
    );
    return rows.length > 0;
  }

  // ---- Purge of stale registrations (the token sweep) ----

  // Unverified rows untouched since `cutoff` with no code live after it, oldest first, locked.
  // `revived`: a deleted member's row that registered again (user.reregistered) and never verified.
  async lockStaleUnverified(cutoff: Date, limit: number, manager: EntityManager): Promise<Array<{ id: string; revived: boolean }>> {
    return manager.query(
      `select u.id,
              exists (select 1 from domain_events e
                       where e.entity_type = 'user' and e.entity_id = u.id and e.event_type = 'user.reregistered') as revived
         from users u
        where u.state = 'unverified' and u.updated_at < $1
          and not exists (select 1 from otp_sessions s where s.user_id = u.id and s.expires_at >= $1)
        order by u.updated_at
        limit $2
        for update of u skip locked`,
      [cutoff, limit],
    );
  }

  // A never-verified registration goes entirely (its sessions, verifications and postal code with it).
  async deleteUnverified(userId: string, manager: EntityManager): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `with d as (delete from users where id = $1 and state = 'unverified' returning id) select id from d`,
      [userId],
    );
    return rows.length > 0;
  }
}

// SQL: true unless the number (its phone hash, a SQL expression) opted out of SMS.
function notOptedOut(phoneHashSql: string): string {
  return `not exists (select 1 from sms_opt_outs o where o.phone_hash = ${phoneHashSql} and o.opted_out_at is not null)`;
}

// What support sees of a member (the admin API): the number is masked by the caller before it
// leaves the service.
export interface SupportUserView {
  id: string;
  firstName: string;
  phoneE164: string;
  phoneHash: string;
  state: UserState;
  smsConsent: boolean;
  regionId: string | null;
  createdAt: Date;
  suspendedAt: Date | null;
  deletedAt: Date | null;
}

// Satisfies users_phone_e164_uniq (one per member) and can never be a real number.
export function deletedPhonePlaceholder(userId: string): string {
  return `deleted:${userId}`;
}

// users.birthday is not null; a deleted member's is this.
export const DELETED_BIRTHDAY = '1900-01-01';

export interface VerifiedDetails {
  firstName: string;
  lastName: string;
  birthday: string; // YYYY-MM-DD
  email: string | null;
}

export interface UnverifiedUserDetails {
  phoneE164: string;
  phoneHash: string;
  firstName: string;
  lastName: string;
  birthday: string; // YYYY-MM-DD
  email: string | null;
  smsConsent: boolean;
  ageConsent: boolean;
  termsConsent: boolean;
  privacyConsent: boolean;
}
