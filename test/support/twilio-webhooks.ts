import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import twilio from 'twilio';
import { DEV_TWILIO_AUTH_TOKEN } from '../../src/modules/conversation/inbound/twilio-webhook-signer';

// Signs like Twilio does: HMAC-SHA1 over the public URL and the sorted form parameters.
export function twilioSignature(url: string, params: Record<string, string>, authToken = DEV_TWILIO_AUTH_TOKEN): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}

export function newMessageSid(): string {
  return `SM${randomBytes(16).toString('hex')}`;
}

export interface InboundOptions {
  from: string;
  body: string;
  sid?: string;
  to?: string;
  publicBaseUrl?: string;
  authToken?: string;
  // More form fields, e.g. OptOutType from a Messaging Service with Advanced Opt-Out.
  extra?: Record<string, string>;
}

export function inboundParams(o: InboundOptions): Record<string, string> {
  return {
    AccountSid: `AC${'0'.repeat(32)}`,
    MessageSid: o.sid ?? newMessageSid(),
    From: o.from,
    To: o.to ?? '+15550000000',
    Body: o.body,
    NumMedia: '0',
    ...o.extra,
  };
}

// POSTs a correctly signed inbound SMS webhook (PUBLIC_BASE_URL of the test app: https://josh.test).
export function postSignedSms(app: INestApplication, o: InboundOptions) {
  const params = inboundParams(o);
  const base = o.publicBaseUrl ?? 'https://josh.test';
  return request(app.getHttpServer())
    .post('/webhooks/twilio/sms')
    .type('form')
    .set('X-Twilio-Signature', twilioSignature(`${base}/webhooks/twilio/sms`, params, o.authToken))
    .send(params);
}

export function postSignedStatus(app: INestApplication, params: Record<string, string>, authToken?: string) {
  return request(app.getHttpServer())
    .post('/webhooks/twilio/status')
    .type('form')
    .set('X-Twilio-Signature', twilioSignature('https://josh.test/webhooks/twilio/status', params, authToken))
    .send(params);
}
