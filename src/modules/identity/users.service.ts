import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PhoneHasher } from '../../common/crypto';
import { DomainEventsService } from '../../common/domain-events';
import type { UserState } from '../../database/enums';
import { type SupportUserView, UsersRepository, type UnverifiedUserDetails, type UserRecord, type VerifiedDetails } from './users.repository';

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PhoneHasher,
    private readonly events: DomainEventsService,
  ) {}

  findById(id: string, manager?: EntityManager): Promise<UserRecord | null> {
    return this.users.findById(id, manager);
  }

  // Looked up through the keyed hash, never by the plaintext number.
  findByPhoneE164(e164: string, manager?: EntityManager): Promise<UserRecord | null> {
    return this.users.findByPhoneHash(this.hasher.hash(e164), manager);
  }

  findByIds(ids: string[], manager?: EntityManager): Promise<UserRecord[]> {
    return this.users.findByIds(ids, manager);
  }

  // Which of these numbers belong to someone (through their hashes).
  findByPhoneE164s(e164s: string[], manager?: EntityManager): Promise<UserRecord[]> {
    return this.users.findByPhoneHashes(e164s.map((e) => this.hasher.hash(e)), manager);
  }

  phoneHash(e164: string): string {
    return this.hasher.hash(e164);
  }

  setSmsConsent(userId: string, consent: boolean, manager?: EntityManager): Promise<boolean> {
    return this.users.setSmsConsent(userId, consent, manager);
  }

  // ---- Registration (appended by the registration module) ----

  // Locks the member with this number for the caller's transaction, creating an unverified one
  // (with these details) when there is none. An existing row's details are never changed here: a
  // registration's details wait with its verification (applyVerifiedDetails), so a stranger's
  // re-registration cannot overwrite a pending member's.
  async lockOrCreateUnverified(
    details: Omit<UnverifiedUserDetails, 'phoneHash'>,
    manager: EntityManager,
  ): Promise<{ user: UserRecord; created: boolean }> {
    const full = { ...details, phoneHash: this.hasher.hash(details.phoneE164) };
    let created = false;
    let user = await this.users.lockByPhoneHash(full.phoneHash, manager);
    if (!user) {
      created = (await this.users.insertUnverified(full, manager)) !== null;
      user = (await this.users.lockByPhoneHash(full.phoneHash, manager))!;
    } else if (user.state === 'deleted' && (await this.users.reviveDeleted(user.id, full, manager))) {
      // A deleted member's number is new to JOSH: it registers again on the same row (safety history kept).
      await this.events.record({ entityType: 'user', entityId: user.id, eventType: 'user.reregistered', fromState: 'deleted', toState: 'unverified' }, manager);
      return { user: (await this.users.lockByPhoneHash(full.phoneHash, manager))!, created: true };
    }
    return { user, created };
  }

  // The member a verification belongs to, row-locked; null for an unknown id (same statement).
  lockByVerificationId(verificationId: string, manager: EntityManager): Promise<UserRecord | null> {
    return this.users.lockByVerificationId(verificationId, manager);
  }

  applyVerifiedDetails(userId: string, details: VerifiedDetails, manager: EntityManager): Promise<void> {
    return this.users.applyVerifiedDetails(userId, details, manager);
  }

  markVerified(userId: string, manager: EntityManager): Promise<boolean> {
    return this.users.markVerified(userId, manager);
  }

  setRegion(userIds: string[], regionId: string, manager: EntityManager): Promise<void> {
    return this.users.setRegion(userIds, regionId, manager);
  }

  // ---- Profile (appended by the profile module) ----

  // E.g. verified -> active when the core interview is done. Returns true when the state changed.
  setState(
    userId: string,
    from: import('../../database/enums').UserState[],
    to: import('../../database/enums').UserState,
    manager?: EntityManager,
  ): Promise<boolean> {
    return this.users.setState(userId, from, to, manager);
  }

  // ---- Support (appended by the admin API) ----

  supportView(userId: string, manager?: EntityManager): Promise<SupportUserView | null> {
    return this.users.findSupportView(userId, manager);
  }

  // Locks the member and suspends them: answers the state they had (kept by the caller to restore
  // it), or null when they were suspended or deleted already, or do not exist.
  suspend(userId: string, at: Date, manager: EntityManager): Promise<UserState | null> {
    return this.users.suspend(userId, at, manager);
  }

  unsuspend(userId: string, restoreTo: UserState, manager: EntityManager): Promise<boolean> {
    return this.users.unsuspend(userId, restoreTo, manager);
  }

  // ---- Deletion (appended by the safety module's member deletion) ----

  // Names, email, birthday, number and region scrubbed, state `deleted`, consent off, OTP sessions
  // gone; phone_hash kept. Null when there was no such member or they were already deleted.
  scrubForDeletion(userId: string, at: Date, manager: EntityManager): Promise<{ phoneE164: string; placeholder: string } | null> {
    return this.users.scrubForDeletion(userId, at, manager);
  }

  // ---- Purge of stale registrations (the token sweep, registration module) ----

  // Unverified rows with no live code and untouched since `cutoff`, locked (skip locked), oldest first.
  lockStaleUnverified(cutoff: Date, limit: number, manager: EntityManager): Promise<Array<{ id: string; revived: boolean }>> {
    return this.users.lockStaleUnverified(cutoff, limit, manager);
  }

  // A never-verified registration is deleted. A deleted member's number that registered again and
  // never verified returns to its tombstone (scrubbed, `deleted`), keeping its safety history.
  async purgeUnverified(row: { id: string; revived: boolean }, at: Date, manager: EntityManager): Promise<void> {
    if (!row.revived) {
      await this.users.deleteUnverified(row.id, manager);
      return;
    }
    if (await this.users.scrubForDeletion(row.id, at, manager)) {
      await this.events.record({ entityType: 'user', entityId: row.id, eventType: 'user.registration_purged', fromState: 'unverified', toState: 'deleted' }, manager);
    }
  }
}
