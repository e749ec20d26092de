import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PhoneHasher } from '../../../common/crypto';
import type { OptOutSource } from '../entities/sms-opt-out.entity';
import { SmsConsentRepository } from './sms-consent.repository';

export type { OptOutSource };

// A number, as the caller has it: the E.164 number or its phone hash (users.phone_hash).
export type PhoneRef = { e164: string } | { phoneHash: string };

// What support sees of a number (issue 12's admin API reads this through SmsConsentService.status).
export interface SmsNumberStatus {
  optedOut: boolean;
  optedOutAt: Date | null;
  optOutSource: OptOutSource | null;
  undeliverable: boolean;
  undeliverableAt: Date | null;
  // The Twilio error that marked it: 21211/21614 (API), 30005/30006 (delivery callback).
  undeliverableCode: string | null;
}

// Why nothing may be sent to a number, or null when it may be texted.
export type SendBlock = 'opted_out' | 'undeliverable' | null;

// Opt-outs per phone hash, for members and numbers we do not know alike: a STOP from a stranger is
// remembered and honoured when the number registers. users.sms_consent mirrors it for members
// (written in the same statement). Every method joins the caller's transaction when given `manager`.
@Injectable()
export class SmsConsentService {
  constructor(
    private readonly repo: SmsConsentRepository,
    private readonly hasher: PhoneHasher,
  ) {}

  hashOf(ref: PhoneRef): string {
    return 'phoneHash' in ref ? ref.phoneHash : this.hasher.hash(ref.e164);
  }

  async status(ref: PhoneRef, manager?: EntityManager): Promise<SmsNumberStatus> {
    const row = await this.repo.find(this.hashOf(ref), manager);
    return {
      optedOut: !!row?.optedOutAt,
      optedOutAt: row?.optedOutAt ?? null,
      optOutSource: row?.optOutSource ?? null,
      undeliverable: !!row?.undeliverableAt,
      undeliverableAt: row?.undeliverableAt ?? null,
      undeliverableCode: row?.undeliverableCode ?? null,
    };
  }

  async isOptedOut(ref: PhoneRef, manager?: EntityManager): Promise<boolean> {
    return (await this.status(ref, manager)).optedOut;
  }

  async sendBlock(ref: PhoneRef, manager?: EntityManager): Promise<SendBlock> {
    const s = await this.status(ref, manager);
    return s.optedOut ? 'opted_out' : s.undeliverable ? 'undeliverable' : null;
  }

  // True when the number was not opted out before.
  recordOptOut(ref: PhoneRef, source: OptOutSource, manager?: EntityManager): Promise<boolean> {
    return this.repo.optOut(this.hashOf(ref), source, manager);
  }

  // True when the number (or the member's consent) was opted out before.
  recordOptIn(ref: PhoneRef, manager?: EntityManager): Promise<boolean> {
    return this.repo.optIn(this.hashOf(ref), manager);
  }

  markUndeliverable(ref: PhoneRef, code: string, manager?: EntityManager): Promise<void> {
    return this.repo.markUndeliverable(this.hashOf(ref), code, manager);
  }

  // For support once the member fixed their number's problem (a new mobile line, a port).
  clearUndeliverable(ref: PhoneRef, manager?: EntityManager): Promise<boolean> {
    return this.repo.clearUndeliverable(this.hashOf(ref), manager);
  }
}
