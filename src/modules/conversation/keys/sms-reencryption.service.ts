import { Injectable, Logger } from '@nestjs/common';
import { DecryptionError, MessageCipher } from '../../../common/crypto';
import { TransactionRunner } from '../../../database';
import type { BodyTable } from '../retention/sms-retention.repository';
import { SmsReencryptionRepository } from './sms-reencryption.repository';

export interface ReencryptionSummary {
  reencrypted: number;
  // Rows whose body failed authentication (tampered, or a key missing from the keyring): left as they are.
  failedIds: string[];
}

const BATCH = 500;
const FIRST_ID = '00000000-0000-0000-0000-000000000000';

// After a key rotation: moves every stored body (messages and outbound jobs) to the current key,
// so old keys can eventually leave the keyring; and binds bodies written before issue 18 to their
// row. A body that fails authentication (a tag shorter than 16 bytes included) is reported and left
// as it is, never re-encrypted into a valid one. Safe to rerun and to run beside the app.
@Injectable()
export class SmsReencryptionService {
  private readonly log = new Logger(SmsReencryptionService.name);

  constructor(
    private readonly repo: SmsReencryptionRepository,
    private readonly cipher: MessageCipher,
    private readonly tx: TransactionRunner,
  ) {}

  // `onProgress(done, total)` after each batch (the CLI's progress bar); total is counted first.
  async reencryptAll(onProgress?: (done: number, total: number) => void): Promise<ReencryptionSummary> {
    const summary: ReencryptionSummary = { reencrypted: 0, failedIds: [] };
    const tables = ['sms_messages', 'sms_outbound_jobs'] as const;
    let total = 0;
    if (onProgress) {
      for (const table of tables) total += await this.tx.run((m) => this.repo.countNotUnder(table, this.cipher.currentVersion, m));
    }
    const report = () => onProgress?.(summary.reencrypted + summary.failedIds.length, Math.max(total, summary.reencrypted + summary.failedIds.length));
    for (const table of tables) await this.reencryptTable(table, summary, report);
    return summary;
  }

  private async reencryptTable(table: BodyTable, summary: ReencryptionSummary, report: () => void): Promise<void> {
    let afterId = FIRST_ID;
    for (;;) {
      const rows = await this.tx.run(async (m) => {
        const batch = await this.repo.lockBatchNotUnder(table, this.cipher.currentVersion, afterId, BATCH, m);
        for (const row of batch) {
          let plaintext: string;
          try {
            plaintext = this.cipher.decrypt(row.body);
          } catch (err) {
            if (!(err instanceof DecryptionError)) throw err;
            this.log.error({ msg: 'stored body failed authentication; left unchanged', table, id: row.id, keyVersion: row.body.keyVersion });
            summary.failedIds.push(row.id);
            continue;
          }
          await this.repo.replaceBody(table, row.id, row.body, this.cipher.encrypt(plaintext, { table, rowId: row.id }), m);
          summary.reencrypted++;
        }
        return batch;
      });
      report();
      if (rows.length < BATCH) return;
      afterId = rows[rows.length - 1].id;
    }
  }
}
