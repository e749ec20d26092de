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

  // Inserts an unverified member; null when the number is already registered (a concurrent insert included).
  async insertUnverified(details: UnverifiedUserDetails, manager: EntityManager): Promise<string | null> {
    const rows: Array<{ id: string }> = await manager.query(
      `insert into users (phone_e164, phone_hash, first_name, last_name, birthday, email,
         sms_consent, age_consent, terms_consent, privacy_consent)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       on conflict do nothing
       returning id`,
      [
        details.phoneE164, details.phoneHash, details.firstName, details.lastName, details.birthday, details.email,
        details.smsConsent, details.ageConsent, details.termsConsent, details.privacyConsent,
      ],
    );
    return rows[0]?.id ?? null;
  }

  // Re-registration of a number not yet verified replaces what was given before.
  async updateUnverifiedDetails(userId: string, details: UnverifiedUserDetails, manager: EntityManager): Promise<void> {
    await manager.query(
      `with u as (
         update users set first_name = $2, last_name = $3, birthday = $4, email = $5,
           sms_consent = $6, age_consent = $7, terms_consent = $8, privacy_consent = $9, updated_at = now()
         where id = $1 and state = 'unverified' returning id
       ) select id from u`,
      [
        userId, details.firstName, details.lastName, details.birthday, details.email,
        details.smsConsent, details.ageConsent, details.termsConsent, details.privacyConsent,
      ],
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
                sms_consent = $7, age_consent = $8, terms_consent = $9, privacy_consent = $10,
                state = 'unverified', deleted_at = null, region_id = null, updated_at = now()
          where id = $1 and state = 'deleted' returning id
       ) select id from u`,
      [
        userId, details.phoneE164, details.firstName, details.lastName, details.birthday, details.email,
        details.smsConsent, details.ageConsent, details.termsConsent, details.privacyConsent,
      ],
    );
    return rows.length > 0;
  }
}

// Satisfies users_phone_e164_uniq (one per member) and can never be a real number.
export function deletedPhonePlaceholder(userId: string): string {
  return `deleted:${userId}`;
}

// users.birthday is not null; a deleted member's is this.
export const DELETED_BIRTHDAY = '1900-01-01';

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
