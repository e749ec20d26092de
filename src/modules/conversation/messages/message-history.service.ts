import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { MessageCipher } from '../../../common/crypto';
import { decodeCursor, type Page, pageOf, type PageRequest } from '../../../common/pagination';
import { countSegments } from '../outbound/sms-segments';
import { MessageHistoryRepository } from './message-history.repository';

export interface MessageMetadata {
  id: string;
  direction: 'in' | 'out';
  at: Date;
  status: string | null;
  purpose: string | null;
  // Counted from the body as Twilio bills it; null once retention removed the body.
  segments: number | null;
  error: string | null;
  // Only with includeBodies (the admin API lets engineering ask, and audits it); null once
  // retention removed it or when it cannot be decrypted.
  body?: string | null;
}

// A member's SMS history for support: metadata always, decrypted bodies only when asked. Bodies
// are decrypted here and never logged.
@Injectable()
export class MessageHistoryService {
  constructor(
    private readonly history: MessageHistoryRepository,
    private readonly cipher: MessageCipher,
  ) {}

  async listForUser(userId: string, page: PageRequest, options: { includeBodies: boolean }, manager?: EntityManager): Promise<Page<MessageMetadata>> {
    const rows = await this.history.listForUser(userId, decodeCursor(page.cursor), page.limit + 1, manager);
    const result = pageOf(rows, page.limit);
    return {
      nextCursor: result.nextCursor,
      items: result.items.map((r) => {
        const text = this.decrypt(r.body);
        const item: MessageMetadata = {
          id: r.id, direction: r.direction, at: r.createdAt, status: r.status, purpose: r.purpose,
          segments: text === null ? null : countSegments(text).segments, error: r.error,
        };
        if (options.includeBodies) item.body = text;
        return item;
      }),
    };
  }

  private decrypt(body: Parameters<MessageCipher['decrypt']>[0] | null): string | null {
    if (!body) return null;
    try {
      return this.cipher.decrypt(body);
    } catch {
      return null;
    }
  }
}
