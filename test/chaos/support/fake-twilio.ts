import { randomBytes } from 'node:crypto';
import { createServer, Server } from 'node:http';

export interface ProviderRequest {
  account: string;
  to: string;
  from: string;
  body: string;
  at: number;
  // Twilio creates the message when the request arrives, whether or not its client hears back.
  sid: string;
  answered: boolean;
}

// Twilio's Messages API as far as the dispatcher needs it: create (answered after `delayMs`) and
// the list (newest first) a dispatcher reads before sending a job again whose earlier try may
// have gone out. Every created message is recorded, with the account that sent it.
export class FakeTwilio {
  readonly authToken = 'chaos-twilio-auth-token';
  readonly requests: ProviderRequest[] = [];
  private server?: Server;

  constructor(private readonly delayMs = 30) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as { port: number }).port}`;
  }

  // `account` tells instances apart (all send from one number, as in production).
  env(account: string, from = '+15550009000'): Record<string, string> {
    return { SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: account, TWILIO_AUTH_TOKEN: this.authToken, TWILIO_FROM_NUMBER: from, TWILIO_API_BASE_URL: this.url };
  }

  async start(): Promise<this> {
    this.server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const url = new URL(req.url ?? '/', 'http://fake');
      const account = /Accounts\/(AC\w+)\//.exec(url.pathname)?.[1] ?? '';
      if (req.method === 'GET') {
        const to = url.searchParams.get('To') ?? '';
        const messages = this.requests.filter((r) => !to || r.to === to).reverse().map((r) => this.resource(r));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ messages, next_page_uri: null, page: 0, page_size: 50, uri: url.pathname }));
        return;
      }
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const r: ProviderRequest = {
        account, to: form.get('To') ?? '', from: form.get('From') ?? '', body: form.get('Body') ?? '', at: Date.now(),
        sid: `SM${randomBytes(16).toString('hex')}`, answered: false,
      };
      this.requests.push(r);
      await new Promise((done) => setTimeout(done, this.delayMs));
      if (res.destroyed || req.socket.destroyed) return;
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify(this.resource(r)), () => (r.answered = true));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private resource(r: ProviderRequest): Record<string, unknown> {
    return {
      sid: r.sid, account_sid: r.account, to: r.to, from: r.from, body: r.body, status: 'queued', num_segments: '1',
      direction: 'outbound-api', api_version: '2010-04-01', date_created: new Date(r.at).toUTCString(), date_sent: null,
    };
  }
}
