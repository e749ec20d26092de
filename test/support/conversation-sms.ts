import type { INestApplication } from '@nestjs/common';
import { MessageCipher } from '../../src/common/crypto';
import { InboundSmsService } from '../../src/modules/conversation/inbound/inbound-sms.service';
import { SmsMessagesRepository } from '../../src/modules/conversation/messages/sms-messages.repository';
import { SmsDispatcher } from '../../src/modules/conversation/outbound/sms-dispatcher.service';
import { newMessageSid, postSignedSms } from './twilio-webhooks';

// For any module's e2e tests: text the app as a member and read what it sent back.

// POSTs a signed inbound SMS and waits until it has been handled (handling runs beside the webhook).
export async function textAs(app: INestApplication, phone: string, body: string, sid = newMessageSid()): Promise<string> {
  await postSignedSms(app, { from: phone, body, sid }).expect(200);
  await app.get(InboundSmsService).whenIdle();
  return sid;
}

// Sends every due outbound job now (tests run with sweeps off, so nothing dispatches on its own).
export async function flushOutbound(app: INestApplication): Promise<void> {
  const dispatcher = app.get(SmsDispatcher);
  for (let i = 0; i < 50 && (await dispatcher.dispatchOnce()).claimed > 0; i++);
}

// Every SMS body sent to `phone` so far, oldest first, after flushing the queue.
export async function outboxFor(app: INestApplication, phone: string): Promise<string[]> {
  await flushOutbound(app);
  const cipher = app.get(MessageCipher);
  const entries = await app.get(SmsMessagesRepository).listOutboundTo(phone, 1000);
  return entries.map((e) => (e.body ? cipher.decrypt(e.body) : '(body removed)'));
}

// Two instances under one burst: each member texts `count` times (`text 0`, `text 1` ...), one after
// the other, alternating between the apps; members side by side. Each member's MessageSids, in order.
export async function textAlternating(
  apps: [INestApplication, INestApplication],
  members: Array<{ id: string; phone: string }>,
  count: number,
): Promise<Map<string, string[]>> {
  const sent = new Map<string, string[]>();
  await Promise.all(members.map(async (m, i) => {
    const sids: string[] = [];
    for (let k = 0; k < count; k++) {
      const sid = newMessageSid();
      sids.push(sid);
      await postSignedSms(apps[(k + i) % 2 ? 0 : 1], { from: m.phone, body: `text ${k}`, sid }).expect(200);
    }
    sent.set(m.id, sids);
  }));
  return sent;
}
