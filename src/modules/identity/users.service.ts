import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PhoneHasher } from '../../common/crypto';
import { DomainEventsService } from '../../common/domain-events';
import { UsersRepository, UserRecord } from './users.repository';

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

  phoneHash(e164: string): string {
    return this.hasher.hash(e164);
  }

  setSmsConsent(userId: string, consent: boolean, manager?: EntityManager): Promise<boolean> {
    return this.users.setSmsConsent(userId, consent, manager);
  }

  // ---- Registration (appended by the registration module) ----

  // Locks the member with this number for the caller's transaction, creating an unverified one
  // when there is none; an unverified member's details are replaced by the new ones.
  async lockOrCreateUnverified(
    details: Omit<import('./users.repository').UnverifiedUserDetails, 'phoneHash'>,
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
    if (!created && user.state === 'unverified') await this.users.updateUnverifiedDetails(user.id, full, manager);
    return { user, created };
  }

  lockByPhoneE164(e164: string, manager: EntityManager): Promise<UserRecord | null> {
    return this.users.lockByPhoneHash(this.hasher.hash(e164), manager);
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

  // ---- Deletion (appended by the safety module's member deletion) ----

  // Names, email, birthday, number and region scrubbed, state `deleted`, consent off, OTP sessions
  // gone; phone_hash kept. Null when there was no such member or they were already deleted.
  scrubForDeletion(userId: string, at: Date, manager: EntityManager): Promise<{ phoneE164: string; placeholder: string } | null> {
    return this.users.scrubForDeletion(userId, at, manager);
  }
}
