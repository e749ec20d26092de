import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ConversationSessionsService, OutboundSmsService } from '../conversation';
import { ProfileRepository } from './profile.repository';

// Placeholder until the interview issue lands: the real interview replaces startInterview
// (same signature, same idempotency key), the rest of the app does not change.
export const FIRST_INTERVIEW_QUESTION =
  "Welcome to JOSH! A few quick questions to find your people. First: what would you enjoy doing with new friends? Reply with an activity, e.g. coffee, a hike or board games.";

@Injectable()
export class ProfileService {
  constructor(
    private readonly profiles: ProfileRepository,
    private readonly sessions: ConversationSessionsService,
    private readonly sms: OutboundSmsService,
  ) {}

  createEmptyProfile(userId: string, manager: EntityManager): Promise<void> {
    return this.profiles.insertEmpty(userId, manager);
  }

  // Puts the member in `interviewing` and queues the first question, once per member.
  async startInterview(userId: string, correlationId: string, manager: EntityManager): Promise<void> {
    await this.sessions.ensureSession(userId, 'interviewing', manager);
    await this.sms.enqueue({
      userId,
      body: FIRST_INTERVIEW_QUESTION,
      purpose: 'interview',
      idempotencyKey: `interview-start:${userId}`,
      correlationId,
      manager,
    });
  }
}
