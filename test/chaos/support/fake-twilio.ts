import { randomBytes } from 'node:crypto';
import { createServer, Server } from 'node:http';

export interface ProviderRequest {
  to: string;
  from: string;
  body: string;
  at: number;
  // The sid we answered with; undefined when the client was gone before the answer (killed).
  sid?: string;
}

// Twilio's Messages API as far as the dispatcher needs it, answering after `delayMs`; it records
// every request and whether the answer reached a live client.
export class FakeTwilio {
  readonly accountSid = `AC${'2'.repeat(32)}`;
  readonly authToken = 'chaos-twilio-auth-token';
  readonly requests: ProviderRequest[] = [];
  private server?: Server;

  constructor(private readonly delayMs = 30) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as { port: number }).port}`;
  }

  env(from: string): Record<string, string> {
    return { SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: this.accountSid, TWILIO_AUTH_TOKEN: this.authToken, TWILIO_FROM_NUMBER: from, TWILIO_API_BASE_URL: this.url };
  }

  delivered(): ProviderRequest[] {
    return this.requests.filter((r) => r.sid);
  }

  async start(): Promise<this> {
    this.server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const r: ProviderRequest = { to: form.get('To') ?? '', from: form.get('From') ?? '', body: form.get('Body') ?? '', at: Date.now() };
      this.requests.push(r);
      await new Promise((done) => setTimeout(done, this.delayMs));
      if (res.destroyed || req.socket.destroyed) return;
      const sid = `SM${randomBytes(16).toString('hex')}`;
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ sid, account_sid: this.accountSid, to: r.to, from: r.from, body: r.body, status: 'queued', num_segments: '1' }), () => {
        r.sid = sid;
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
