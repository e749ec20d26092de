import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EncryptedBody } from '../../../common/crypto';
import { queryRows, storedBody } from '../sql';

// One line of a member's thread as stored: a message (in or out), or an outbound job that has no
// message yet (queued) or never will (failed before sending).
export interface StoredThreadLine {
  key: string;
  sid: string | null;
  direction: 'in' | 'out';
  body: EncryptedBody | null;
  status: string | null;
  purpose: string | null;
  error: string | null;
  at: Date;
}

interface MessageRow {
  id: string;
  direction: 'in' | 'out';
  twilio_message_sid: string;
  status: string | null;
  created_at: Date;
  body_ciphertext: Buffer | null;
  body_iv: Buffer | null;
  body_tag: Buffer | null;
  key_version: number;
}

interface JobRow extends Omit<MessageRow, 'direction' | 'twilio_message_sid'> {
  twilio_message_sid: string | null;
  purpose: string;
  last_error: string | null;
}

// Development reads of the SMS tables (/dev/phone): a member's thread and a cheap stamp of their
// conversation that changes whenever a message, a job or the session pointer does.
@Injectable()
export class DevSmsRepository {
  constructor(private readonly dataSource: DataSource) {}

  // The member's messages (by user id; a text not yet handled has none, so the number is matched on
  // the last day's rows) and their jobs, newest `limit` of each.
  async thread(userId: string, phone: string, limit: number): Promise<StoredThreadLine[]> {
    const m = this.dataSource.manager;
    const messages = await queryRows<MessageRow>(
      m,
      `select id, direction, twilio_message_sid, status, created_at, body_ciphertext, body_iv, body_tag, key_version
         from sms_messages
        where user_id = $1
           or (user_id is null and created_at > now() - interval '1 day' and (from_e164 = $2 or to_e164 = $2))
        order by created_at desc, id desc
        limit $3`,
      [userId, phone, limit],
    );
    const jobs = await queryRows<JobRow>(
      m,
      `select id, twilio_message_sid, purpose, status, last_error, created_at, body_ciphertext, body_iv, body_tag, key_version
         from sms_outbound_jobs where user_id = $1 order by created_at desc, id desc limit $2`,
      [userId, limit],
    );
    const purposeBySid = new Map(jobs.filter((j) => j.twilio_message_sid).map((j) => [j.twilio_message_sid, j.purpose]));
    const lines: StoredThreadLine[] = messages.map((r) => ({
      key: r.id,
      sid: r.twilio_message_sid,
      direction: r.direction,
      body: storedBody(r, 'sms_messages'),
      status: r.status,
      purpose: r.direction === 'out' ? (purposeBySid.get(r.twilio_message_sid) ?? null) : null,
      error: null,
      at: r.created_at,
    }));
    for (const j of jobs) {
      if (j.twilio_message_sid && j.status === 'sent') continue; // its message row is the line
      lines.push({ key: j.id, sid: null, direction: 'out', body: storedBody(j, 'sms_outbound_jobs'), status: j.status === 'pending' ? 'queued' : j.status,
        purpose: j.purpose, error: j.last_error, at: j.created_at });
    }
    return lines.sort((a, b) => a.at.getTime() - b.at.getTime() || (a.key < b.key ? -1 : 1)).slice(-limit);
  }

  // Per member: message and job counts and the sum of their updated_at, and the session's mode and
  // updated_at. Any insert or update changes it (a sum, not a max: a row updated by a transaction
  // that began earlier may carry an older updated_at than the newest row).
  async activityStamps(userIds: string[]): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const rows = await queryRows<{ userId: string; stamp: string }>(
      this.dataSource.manager,
      `select u.id as "userId",
              concat_ws('|',
                (select count(*) || ':' || coalesce(sum(extract(epoch from m.updated_at)), 0) from sms_messages m where m.user_id = u.id),
                (select count(*) || ':' || coalesce(sum(extract(epoch from j.updated_at)), 0) from sms_outbound_jobs j where j.user_id = u.id),
                (select cs.mode || ':' || extract(epoch from cs.updated_at) from conversation_sessions cs where cs.user_id = u.id)
              ) as stamp
         from unnest($1::uuid[]) as u(id)`,
      [userIds],
    );
    return new Map(rows.map((r) => [r.userId, r.stamp]));
  }
}
