import { randomBytes } from 'node:crypto';
import { maskPhone } from '../../../common/logging/mask';
import { SmsProvider, SmsSendRequest, SmsSendResult } from './sms-provider';

// Development provider: prints each SMS to the terminal (not to the JSON log) and "sends" it.
// The dispatcher keeps it as an outbound sms_messages row, which /dev/outbox reads back.
export class ConsoleSmsProvider extends SmsProvider {
  readonly name = 'console' as const;

  readonly senderKey: string;

  constructor(
    readonly fromNumber: string,
    private readonly echo: boolean,
  ) {
    super();
    this.senderKey = fromNumber;
  }

  // The console answers every send at once: no outcome is ever unknown.
  async findSent(): Promise<SmsSendResult | null> {
    return null;
  }

  async send(request: SmsSendRequest): Promise<SmsSendResult> {
    const sid = `SM${randomBytes(16).toString('hex')}`;
    if (this.echo) {
      process.stdout.write(`\n[console SMS ${sid}] to ${maskPhone(request.to)}\n${request.body}\n\n`);
    }
    return { sid, status: 'sent' };
  }
}
