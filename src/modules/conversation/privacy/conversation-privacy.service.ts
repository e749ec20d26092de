import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { MemberErasureRepository } from './member-erasure.repository';

export interface ConversationErasure {
  messages: number;
  jobs: number;
}

// What deleting a member means for the SMS pipeline; called by safety's deletion, in its transaction.
@Injectable()
export class ConversationPrivacyService {
  constructor(private readonly erasure: MemberErasureRepository) {}

  // Message and job bodies nulled, the number replaced by `placeholder` everywhere the pipeline
  // stored it, unsent jobs dropped, the session back to idle.
  async forgetMember(userId: string, phoneE164: string, placeholder: string, manager: EntityManager): Promise<ConversationErasure> {
    const messages = await this.erasure.eraseMessages(userId, phoneE164, placeholder, manager);
    const jobs = await this.erasure.eraseJobs(userId, phoneE164, placeholder, manager);
    await this.erasure.resetSession(userId, manager);
    return { messages, jobs };
  }
}
