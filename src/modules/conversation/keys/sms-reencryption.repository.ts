import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { EncryptedBody } from '../../../common/crypto';
import type { BodyTable } from '../retention/sms-retention.repository';
import { queryRows } from '../sql';

export interface StoredBody {
  id: string;
  body: EncryptedBody;
}

@Injectable()
export class SmsReencryptionRepository {
  // Rows whose body is under another key version, or not bound to its row yet (written before issue
  // 18: a 12-byte stored nonce, see MessageCipher), in id order after `afterId` (keyset paging, so
  // a row that cannot be decrypted is reported once and never re-read). Locked for the caller's
  // transaction. Each body comes bound to the row it was read from.
  async lockBatchNotUnder(
    table: BodyTable, keyVersion: number, afterId: string, limit: number, manager: EntityManager,
  ): Promise<StoredBody[]> {
    const rows = await queryRows<{ id: string; c: Buffer; iv: Buffer; tag: Buffer; v: number }>(
      manager,
      `select id, body_ciphertext as c, body_iv as iv, body_tag as tag, key_version as v from ${table}
        where (key_version <> $1 or octet_length(body_iv) <> 13) and body_ciphertext is not null and id > $2
        order by id
        limit $3
        for update skip locked`,
      [keyVersion, afterId, limit],
    );
    return rows.map((r) => ({ id: r.id, body: { ciphertext: r.c, iv: r.iv, tag: r.tag, keyVersion: r.v, binding: { table, rowId: r.id } } }));
  }

  // How many bodies lockBatchNotUnder will visit (the work ahead, for progress).
  async countNotUnder(table: BodyTable, keyVersion: number, manager: EntityManager): Promise<number> {
    const [row] = await queryRows<{ n: number }>(
      manager,
      `select count(*)::int as n from ${table}
        where (key_version <> $1 or octet_length(body_iv) <> 13) and body_ciphertext is not null`,
      [keyVersion],
    );
    return row.n;
  }

  // Only while the row still holds the body that was read (`from`).
  async replaceBody(table: BodyTable, id: string, from: EncryptedBody, body: EncryptedBody, manager: EntityManager): Promise<void> {
    await manager.query(
      `update ${table} set body_ciphertext = $3, body_iv = $4, body_tag = $5, key_version = $6, updated_at = now()
        where id = $1 and key_version = $2 and body_iv = $7`,
      [id, from.keyVersion, body.ciphertext, body.iv, body.tag, body.keyVersion, from.iv],
    );
  }
}
