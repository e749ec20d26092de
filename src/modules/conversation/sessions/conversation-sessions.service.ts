import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ConversationMode } from '../../../database/enums';
import { ConversationSettings } from '../conversation.settings';
import { ConversationSessionsRepository, SessionRecord } from './conversation-sessions.repository';

export interface SessionOptions {
  stateToken?: string;
  // undefined = the mode's configured timeout; null = no timeout.
  ttlSeconds?: number | null;
}

@Injectable()
export class ConversationSessionsService {
  constructor(
    private readonly sessions: ConversationSessionsRepository,
    @Inject(ConversationSettings) private readonly settings: ConversationSettings,
  ) {}

  // Puts the member's conversation pointer in `mode` (creating it if missing), e.g. `interviewing`
  // right after verification. Idempotent: calling it again with the same mode restarts the mode's timeout.
  ensureSession(
    userId: string,
    mode: ConversationMode = 'idle',
    manager?: EntityManager,
    options: SessionOptions = {},
  ): Promise<SessionRecord> {
    return this.setMode(userId, mode, options, manager);
  }

  setMode(userId: string, mode: ConversationMode, options: SessionOptions = {}, manager?: EntityManager): Promise<SessionRecord> {
    const ttl = options.ttlSeconds === undefined ? this.settings.modeTimeoutSeconds(mode) : options.ttlSeconds;
    return this.sessions.upsertMode(userId, mode, options.stateToken ?? mode, ttl, manager);
  }

  // Like setMode, but only for a member who is idle (or whose mode timed out): a flow in progress is
  // never clobbered. Null when the member was busy and nothing changed.
  setModeIfIdle(userId: string, mode: ConversationMode, options: SessionOptions = {}, manager?: EntityManager): Promise<SessionRecord | null> {
    const ttl = options.ttlSeconds === undefined ? this.settings.modeTimeoutSeconds(mode) : options.ttlSeconds;
    return this.sessions.upsertModeIfIdle(userId, mode, options.stateToken ?? mode, ttl, manager);
  }

  // Like setMode, but never waits for a handling transaction holding the session (it changes nothing
  // then): for callers that already hold other locks, such as a safety hold applied while another
  // member's text is handled. `onlyFrom`: change it only from this mode.
  setModeUnlessBusy(
    userId: string,
    mode: ConversationMode,
    options: SessionOptions & { onlyFrom?: ConversationMode },
    manager: EntityManager,
  ): Promise<boolean> {
    const ttl = options.ttlSeconds === undefined ? this.settings.modeTimeoutSeconds(mode) : options.ttlSeconds;
    return this.sessions.setModeUnlessBusy(userId, mode, options.stateToken ?? mode, ttl, options.onlyFrom ?? null, manager);
  }

  getSession(userId: string, manager?: EntityManager): Promise<SessionRecord | null> {
    return this.sessions.findByUserId(userId, manager);
  }

  lockForHandling(userId: string, manager: EntityManager): Promise<SessionRecord> {
    return this.sessions.lockOrCreate(userId, manager);
  }

  static isExpired(session: SessionRecord, now = new Date()): boolean {
    return session.mode !== 'idle' && session.expiresAt !== null && new Date(session.expiresAt) <= now;
  }
}
