import { randomInt } from 'node:crypto';
import { decryptedJobs, type QueuedJob } from './outbound-jobs';
import type { INestApplication } from '@nestjs/common';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { SmsDispatcher } from '../../src/modules/conversation/outbound/sms-dispatcher.service';

// A valid US number nobody else in the run uses (555 numbers are not valid for libphonenumber).
export function uniqueUsPhone(): { national: string; e164: string } {
  for (;;) {
    const e164 = `+1415${randomInt(200, 1000)}${String(randomInt(0, 10_000)).padStart(4, '0')}`;
    if (parsePhoneNumberFromString(e164)?.isValid()) {
      const d = e164.slice(2);
      return { national: `(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`, e164 };
    }
  }
}

export function registrationBody(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    phone: uniqueUsPhone().national,
    firstName: 'Ada',
    lastName: 'Lovelace',
    birthday: '1990-12-10',
    email: 'ada@example.com',
    zip: '94110',
    smsConsent: true,
    ageConsent: true,
    termsConsent: true,
    privacyConsent: true,
    ...over,
  };
}

export interface OutboxMessage {
  purpose: string | null;
  body: string;
}

// Sends what is queued (the console provider keeps it), then reads it back through GET /dev/outbox.
export async function outbox(app: INestApplication, to: string): Promise<OutboxMessage[]> {
  await app.get(SmsDispatcher).dispatchOnce();
  const res = await request(app.getHttpServer()).get('/dev/outbox').query({ to }).expect(200);
  return (res.body as Array<{ purpose: string | null; body: string }>).map((m) => ({ purpose: m.purpose, body: m.body }));
}

export type { QueuedJob } from './outbound-jobs';

// Every outbound job for a number, sent or not, bodies decrypted.
export function queuedJobs(app: INestApplication, to: string): Promise<QueuedJob[]> {
  return decryptedJobs(app, { to });
}

export function codeIn(body: string): string {
  const m = /code is (\d{6})/.exec(body);
  if (!m) throw new Error('no code in this SMS');
  return m[1];
}

// The code of the latest OTP SMS queued for this number.
export async function latestCode(app: INestApplication, to: string): Promise<string> {
  const otp = (await queuedJobs(app, to)).filter((j) => j.purpose === 'otp' && j.idempotencyKey.startsWith('otp:'));
  return codeIn(otp[otp.length - 1].body);
}

// The response body without the per-request correlation id, for comparing answers.
export function withoutCorrelation(body: Record<string, unknown>): Record<string, unknown> {
  const { correlationId: _ignored, ...rest } = body;
  return rest;
}

// The resend throttle runs on the database clock (the send history's own timestamps): tests make
// time pass for it by ageing that history, not by moving the app Clock.
export async function ageOtpSends(app: INestApplication, to: string, seconds: number): Promise<void> {
  await app.get(DataSource).query(
    `update sms_outbound_jobs set created_at = created_at - make_interval(secs => $2::int) where to_e164 = $1`,
    [to, seconds],
  );
}
