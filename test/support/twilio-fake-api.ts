import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A local HTTP server that answers like Twilio's Messages REST API, so tests drive the real
// `twilio` adapter (SDK, auth, form encoding, error parsing) without the network.
export interface FakeSentMessage {
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  body: string;
  statusCallback?: string;
  authorized: boolean;
}

// What to answer for one request: a success (default) or a Twilio error.
export type FakeAnswer =
  | { kind: 'ok' }
  | { kind: 'error'; status: number; code?: number; message?: string }
  | { kind: 'hang' } // never answers: a send that outlives its dispatcher
  | { kind: 'delay'; ms: number };

export class TwilioFakeApi {
  readonly sent: FakeSentMessage[] = [];
  readonly requests: { to: string; answer: FakeAnswer['kind'] }[] = [];
  private server?: Server;
  private readonly scripted = new Map<string, FakeAnswer[]>();
  private readonly hanging = new Set<ServerResponse>();

  constructor(
    readonly accountSid = `AC${'1'.repeat(32)}`,
    readonly authToken = 'fake-twilio-auth-token',
  ) {}

  get url(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  // Answers for the next requests to `to`, in order; afterwards every request succeeds.
  script(to: string, ...answers: FakeAnswer[]): void {
    this.scripted.set(to, [...(this.scripted.get(to) ?? []), ...answers]);
  }

  sentTo(to: string): FakeSentMessage[] {
    return this.sent.filter((m) => m.to === to);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const match = /^\/2010-04-01\/Accounts\/(AC\w+)\/Messages\.json$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) return this.json(res, 404, { code: 20404, message: 'not found', status: 404 });
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const expectedAuth = `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`;
    const authorized = req.headers.authorization === expectedAuth && match[1] === this.accountSid;
    if (!authorized) return this.json(res, 401, { code: 20003, message: 'Authenticate', status: 401 });
    const to = form.get('To') ?? '';
    const answer = this.scripted.get(to)?.shift() ?? { kind: 'ok' };
    this.requests.push({ to, answer: answer.kind });
    if (answer.kind === 'hang') {
      this.hanging.add(res);
      return;
    }
    if (answer.kind === 'delay') await new Promise((r) => setTimeout(r, answer.ms));
    if (answer.kind === 'error') {
      return this.json(res, answer.status, {
        code: answer.code, message: answer.message ?? `error ${answer.code}`, more_info: `https://www.twilio.com/docs/errors/${answer.code}`, status: answer.status,
      });
    }
    const sid = `SM${randomBytes(16).toString('hex')}`;
    const message: FakeSentMessage = {
      sid, accountSid: match[1], to, from: form.get('From') ?? '', body: form.get('Body') ?? '',
      statusCallback: form.get('StatusCallback') ?? undefined, authorized,
    };
    this.sent.push(message);
    this.json(res, 201, {
      sid, account_sid: match[1], to, from: message.from, body: message.body, status: 'queued', num_segments: '1',
      direction: 'outbound-api', api_version: '2010-04-01', date_created: new Date().toUTCString(),
    });
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }
}

// Environment that points the app's twilio provider at the fake.
export function twilioEnv(fake: TwilioFakeApi, from = '+15550009999'): Record<string, string> {
  return {
    SMS_PROVIDER: 'twilio',
    TWILIO_ACCOUNT_SID: fake.accountSid,
    TWILIO_AUTH_TOKEN: fake.authToken,
    TWILIO_FROM_NUMBER: from,
    TWILIO_API_BASE_URL: fake.url,
  };
}
