import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MessageCipher } from '../../src/common/crypto';

export interface QueuedJob {
  purpose: string;
  idempotencyKey: string;
  body: string;
  userId: string | null;
}

// Every outbound job queued for a number or a member (sent or not), oldest first, bodies decrypted.
// Jobs of one transaction share created_at: they come in the order the dispatcher sends them.
export async function decryptedJobs(app: INestApplication, by: { to: string } | { userId: string }): Promise<QueuedJob[]> {
  const [column, value] = 'to' in by ? ['to_e164', by.to] : ['user_id', by.userId];
  const rows: Array<Record<string, unknown>> = await app.get(DataSource).query(
    `select purpose, idempotency_key, user_id, body_ciphertext, body_iv, body_tag, key_version
       from sms_outbound_jobs where ${column} = $1 order by created_at, priority, run_after, id`,
    [value],
  );
  const cipher = app.get(MessageCipher);
  return rows.map((r) => ({
    purpose: r.purpose as string,
    idempotencyKey: r.idempotency_key as string,
    userId: r.user_id as string | null,
    body: cipher.decrypt({
      ciphertext: r.body_ciphertext as Buffer,
      iv: r.body_iv as Buffer,
      tag: r.body_tag as Buffer,
      keyVersion: r.key_version as number,
    }),
  }));
}
