import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { countSegments } from '../../src/modules/conversation/outbound/sms-segments';

// A local HTTP server that answers like Twilio's Messages REST API, so tests drive the real
// `twilio` adapter (SDK, auth, form encoding, error parsing) without the network.
export interface FakeSentMessage {
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  messagingServiceSid?: string;
  body: string;
  statusCallback?: string;
  validityPeriod?: number;
  // Segments as Twilio bills and paces them (num_segments).
  numSegments: number;
  // When the request arrived (ms since the epoch).
  at: number;
  dateCreated: Date;
  authorized: boolean;
}

// What to answer for one request: a success (default) or a Twilio error.
export type FakeAnswer =
  | { kind: 'ok'; sid?: string }
  | { kind: 'error'; status: number; code?: number; message?: string }
  | { kind: 'hang' } // never answers: a send that outlives its dispatcher
  | { kind: 'delay'; ms: number }
  // Twilio created the message, then the answer never came (a timeout) or was a 5xx: the outcome
  // the dispatcher cannot know, the double-send window.
  | { kind: 'create_then_hang' }
  | { kind: 'create_then_error'; status: number; code?: number };

export class TwilioFakeApi {
  readonly sent: FakeSentMessage[] = [];
  readonly requests: { to: string; answer: FakeAnswer['kind'] }[] = [];
  // GET Messages.json (the list a dispatcher reads after a send whose outcome is unknown).
  readonly lookups: { to: string }[] = [];
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
    const url = new URL(req.url ?? '/', 'http://fake');
    const match = /^\/2010-04-01\/Accounts\/(AC\w+)\/Messages\.json$/.exec(url.pathname);
    if (!match || (req.method !== 'POST' && req.method !== 'GET')) return this.json(res, 404, { code: 20404, message: 'not found', status: 404 });
    const expectedAuth = `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`;
    const authorized = req.headers.authorization === expectedAuth && match[1] === this.accountSid;
    if (!authorized) return this.json(res, 401, { code: 20003, message: 'Authenticate', status: 401 });
    if (req.method === 'GET') return this.list(res, url);
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const to = form.get('To') ?? '';
    const answer = this.scripted.get(to)?.shift() ?? { kind: 'ok' };
    this.requests.push({ to, answer: answer.kind });
    if (answer.kind === 'hang') {
      this.hanging.add(res);
      return;
    }
    if (answer.kind === 'delay') await new Promise((r) => setTimeout(r, answer.ms));
    if (answer.kind === 'error') return this.error(res, answer.status, answer.code, answer.message);
    const message = this.create(match[1], to, form, answer.kind === 'ok' ? answer.sid : undefined);
    if (answer.kind === 'create_then_hang') {
      this.hanging.add(res);
      return;
    }
    if (answer.kind === 'create_then_error') return this.error(res, answer.status, answer.code);
    this.json(res, 201, this.resource(message));
  }

  private create(accountSid: string, to: string, form: URLSearchParams, sid?: string): FakeSentMessage {
    const body = form.get('Body') ?? '';
    const validity = form.get('ValidityPeriod');
    const message: FakeSentMessage = {
      sid: sid ?? `SM${randomBytes(16).toString('hex')}`, accountSid, to, from: form.get('From') ?? '',
      messagingServiceSid: form.get('MessagingServiceSid') ?? undefined, body,
      statusCallback: form.get('StatusCallback') ?? undefined, validityPeriod: validity ? Number(validity) : undefined,
      numSegments: countSegments(body).segments, at: Date.now(), dateCreated: new Date(), authorized: true,
    };
    this.sent.push(message);
    return message;
  }

  private resource(m: FakeSentMessage): Record<string, unknown> {
    return {
      sid: m.sid, account_sid: m.accountSid, to: m.to, from: m.from || null, messaging_service_sid: m.messagingServiceSid ?? null,
      body: m.body, status: 'queued', num_segments: String(m.numSegments), direction: 'outbound-api', api_version: '2010-04-01',
      date_created: m.dateCreated.toUTCString(), date_sent: null,
    };
  }

  // Newest first, like Twilio's Messages list; one page.
  private list(res: ServerResponse, url: URL): void {
    const to = url.searchParams.get('To') ?? '';
    this.lookups.push({ to });
    const messages = this.sent.filter((m) => !to || m.to === to).reverse().map((m) => this.resource(m));
    this.json(res, 200, { messages, next_page_uri: null, page: 0, page_size: 50, uri: url.pathname });
  }

  private error(res: ServerResponse, status: number, code?: number, message?: string): void {
    this.json(res, status, { code, message: message ?? `error ${code}`, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
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

// The same, sending through a Messaging Service instead of a from number.
export function twilioServiceEnv(fake: TwilioFakeApi, serviceSid = `MG${'2'.repeat(32)}`): Record<string, string> {
  const { TWILIO_FROM_NUMBER: _from, ...env } = twilioEnv(fake);
  return { ...env, TWILIO_MESSAGING_SERVICE_SID: serviceSid };
}
