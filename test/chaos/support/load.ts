import { randomBytes } from 'node:crypto';
import twilio from 'twilio';

export const PUBLIC_BASE_URL = 'https://chaos.josh.test';

export interface SentText {
  member: string;
  sid: string;
  seq: number;
  attempts: number;
}

// Inbound load as Twilio sends it: each member texts `perMember` times, one text after the other
// (the next only once the last was answered 200, as a person would), members side by side. A text
// that gets no 200 (refused, connection closed, instance down) is sent again with the same
// MessageSid, to whichever target answers, like Twilio's retries.
export class InboundLoad {
  readonly sent: SentText[] = [];
  retries = 0;
  private stopped = false;

  constructor(
    private readonly targets: () => string[],
    private readonly authToken: string,
    private readonly gapMs = 20,
  ) {}

  async run(members: string[], perMember: number): Promise<void> {
    await Promise.all(members.map((m) => this.member(m, perMember)));
  }

  stop(): void {
    this.stopped = true;
  }

  private async member(phone: string, perMember: number): Promise<void> {
    for (let seq = 0; seq < perMember && !this.stopped; seq++) {
      const text: SentText = { member: phone, sid: `SM${randomBytes(16).toString('hex')}`, seq, attempts: 0 };
      while (!(await this.post(phone, text))) {
        this.retries++;
        await new Promise((r) => setTimeout(r, 100));
      }
      this.sent.push(text);
      await new Promise((r) => setTimeout(r, this.gapMs * (0.5 + Math.random())));
    }
  }

  private async post(phone: string, text: SentText): Promise<boolean> {
    const targets = this.targets();
    if (targets.length === 0) return false;
    const target = targets[(text.attempts++ + text.seq) % targets.length];
    const params = { AccountSid: `AC${'0'.repeat(32)}`, MessageSid: text.sid, From: phone, To: '+15550000000', Body: `text ${text.seq}`, NumMedia: '0' };
    const signature = twilio.getExpectedTwilioSignature(this.authToken, `${PUBLIC_BASE_URL}/webhooks/twilio/sms`, params);
    try {
      const res = await fetch(`${target}/webhooks/twilio/sms`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
        body: new URLSearchParams(params).toString(),
        signal: AbortSignal.timeout(15_000),
      });
      await res.text();
      return res.status === 200;
    } catch {
      return false;
    }
  }
}
