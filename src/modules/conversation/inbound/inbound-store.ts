import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { EncryptedBody } from '../../../common/crypto';
import { isDatabaseUnavailable } from '../../../database';
import { ConversationSettings } from '../conversation.settings';

export interface StoredInbound {
  // The row's id, chosen before the body is encrypted: the body is bound to it (issue 18).
  id: string;
  messageSid: string;
  fromE164: string;
  toE164: string;
  body: EncryptedBody;
  mediaCount: number;
  correlationId: string;
}

// A message from the spool: stored with the time the webhook received it, so it is handled in
// arrival order among messages stored directly.
export interface SpooledInbound extends StoredInbound {
  // ISO 8601 with microseconds, strictly increasing within one spool.
  receivedAt: string;
}

// Several webhooks' rows in one statement. clock_timestamp() per row, in arrival order, so a
// member's texts stored together keep their order in created_at.
const INSERT_MANY = `insert into sms_messages (id, direction, from_e164, to_e164, twilio_message_sid, body_ciphertext, body_iv,
                                 body_tag, key_version, media_count, status, last_status_at, correlation_id, created_at)
  select r.id, 'in', r.f, r.t, r.sid, r.c, r.iv, r.tag, r.kv, r.mc, 'received', now(), r.corr, clock_timestamp()
    from unnest($1::text[], $2::text[], $3::text[], $4::bytea[], $5::bytea[], $6::bytea[], $7::int[], $8::int[], $9::uuid[], $10::uuid[])
         with ordinality as r(f, t, sid, c, iv, tag, kv, mc, corr, id, n)
   order by r.n
  on conflict (twilio_message_sid) do nothing
  returning id, twilio_message_sid as sid`;

// Statements in flight at once. Each is a commit, and commits wait for the WAL to reach the disk:
// a few large groups beat many small ones (bench:inbound: 4 let each commit carry about ten
// webhooks at 50 connections, where 20 left inserts queueing on the WAL lock).
const IN_FLIGHT = 4;

interface Waiting {
  row: StoredInbound;
  resolve: (id: string | null) => void;
  reject: (err: unknown) => void;
}

// The inbound webhook's path to the database, on a pool of its own (SMS_WEBHOOK_POOL_MAX), so
// handling transactions and API calls never hold the connections it needs. Group insert: a
// webhook's row goes out at once while a connection is free; webhooks that arrive while every
// connection is busy wait for the next statement and share it (one INSERT and one commit for
// all), so a burst costs the database a fraction of the statements without adding latency when
// it is quiet. The insert is the claim: a retried or concurrent delivery of the same MessageSid
// inserts nothing. Connections time out fast, so an unreachable database is noticed in time to
// spool.
@Injectable()
export class InboundStore implements OnApplicationShutdown {
  private readonly log = new Logger(InboundStore.name);
  private pool?: Pool;
  private waiting: Waiting[] = [];
  private inFlight = 0;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(ConversationSettings) private readonly settings: ConversationSettings,
  ) {}

  // The new row's id, or null when the sid was already stored.
  insertOnce(row: StoredInbound): Promise<string | null> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ row, resolve, reject });
      this.send();
    });
  }

  private send(): void {
    while (this.inFlight < Math.min(IN_FLIGHT, this.settings.SMS_WEBHOOK_POOL_MAX) && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, 200);
      this.inFlight++;
      this.insertBatch(batch)
        .catch(async (err: unknown) => {
          // One statement failed for all: alone, each row fails (or not) on its own merits; an
          // unreachable database fails them all at once (they go to the spool).
          if (batch.length === 1 || isDatabaseUnavailable(err)) return batch.forEach((w) => w.reject(err));
          for (const w of batch) await this.insertBatch([w]).catch((e: unknown) => w.reject(e));
        })
        .finally(() => {
          this.inFlight--;
          this.send();
        });
    }
  }

  private async insertBatch(batch: Waiting[]): Promise<void> {
    const col = <T>(f: (r: StoredInbound) => T) => batch.map((w) => f(w.row));
    const result = await this.db().query<{ id: string; sid: string }>({
      name: 'josh_inbound_insert_many',
      text: INSERT_MANY,
      values: [
        col((r) => r.fromE164), col((r) => r.toE164), col((r) => r.messageSid), col((r) => r.body.ciphertext), col((r) => r.body.iv),
        col((r) => r.body.tag), col((r) => r.body.keyVersion), col((r) => r.mediaCount), col((r) => r.correlationId), col((r) => r.id),
      ],
    });
    const ids = new Map(result.rows.map((r) => [r.sid, r.id]));
    // A sid twice in one batch: the first delivery stored it, the second is a duplicate.
    for (const w of batch) {
      const id = ids.get(w.row.messageSid) ?? null;
      ids.delete(w.row.messageSid);
      w.resolve(id);
    }
  }

  // Spooled messages in one statement; those already stored (a crash mid-move, a Twilio retry)
  // are skipped by their MessageSid. Returns how many were new.
  async insertSpooled(rows: SpooledInbound[]): Promise<number> {
    if (rows.length === 0) return 0;
    const col = <T>(f: (r: SpooledInbound) => T) => rows.map(f);
    const result = await this.db().query(
      `insert into sms_messages (id, direction, from_e164, to_e164, twilio_message_sid, body_ciphertext, body_iv, body_tag,
                                 key_version, media_count, status, last_status_at, correlation_id, created_at)
       select r.id, 'in', r.f, r.t, r.sid, r.c, r.iv, r.tag, r.kv, r.mc, 'received', now(), r.corr, r.at
         from unnest($1::text[], $2::text[], $3::text[], $4::bytea[], $5::bytea[], $6::bytea[], $7::int[], $8::int[],
                     $9::uuid[], $10::timestamptz[], $11::uuid[]) as r(f, t, sid, c, iv, tag, kv, mc, corr, at, id)
       on conflict (twilio_message_sid) do nothing`,
      [
        col((r) => r.fromE164), col((r) => r.toE164), col((r) => r.messageSid), col((r) => r.body.ciphertext),
        col((r) => r.body.iv), col((r) => r.body.tag), col((r) => r.body.keyVersion), col((r) => r.mediaCount),
        col((r) => r.correlationId), col((r) => r.receivedAt), col((r) => r.id),
      ],
    );
    return result.rowCount ?? 0;
  }

  async ping(): Promise<void> {
    await this.db().query('select 1');
  }

  async onApplicationShutdown(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.end().catch(() => undefined);
  }

  private db(): Pool {
    if (this.pool) return this.pool;
    const url = (this.dataSource.options as { url?: string }).url;
    this.pool = new Pool({
      connectionString: url,
      max: this.settings.SMS_WEBHOOK_POOL_MAX,
      application_name: 'josh-webhook',
      keepAlive: true,
      connectionTimeoutMillis: 5000,
      // A server that stopped answering (not refusing) must not hold Twilio's request for long.
      query_timeout: 5000,
    });
    // An idle connection dropped by the server is removed from the pool; nothing else to do.
    this.pool.on('error', (err) => this.log.warn({ msg: 'webhook pool connection lost', err }));
    return this.pool;
  }
}
