// `npm run sms -- +15550001111`: an interactive SMS conversation with the running service (console
// provider), as the member with that number. Each line you type goes through the real, signed
// webhook (POST /dev/sms); replies are read back from GET /dev/outbox.
// JOSH_URL picks the service (default http://localhost:3000).
import { createInterface } from 'node:readline/promises';
import { stdin, stdout } from 'node:process';

const E164 = /^\+[1-9]\d{6,14}$/;

interface OutboxEntry {
  sid: string;
  purpose: string | null;
  body: string | null;
}

async function api<T>(base: string, path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(`${base}${path}`, init);
  const body = (await res.json().catch(() => ({}))) as T & { message?: string };
  if (!res.ok) throw new Error(`${res.status} ${body.message ?? res.statusText}`);
  return body;
}

async function main(): Promise<void> {
  const phone = process.argv[2];
  if (!phone || !E164.test(phone)) {
    stdout.write('usage: npm run sms -- +15550001111   (an E.164 number)\n');
    process.exit(2);
  }
  const base = (process.env.JOSH_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
  const outbox = () => api<OutboxEntry[]>(base, `/dev/outbox?to=${encodeURIComponent(phone)}&limit=1000`);
  const seen = new Set((await outbox()).map((e) => e.sid));
  stdout.write(`Texting ${base} as ${phone}. Type a message, or Ctrl-D to quit.\n`);
  const rl = createInterface({ input: stdin, output: stdout, prompt: 'you> ' });
  rl.prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (text) {
      try {
        await api(base, '/dev/sms', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ from: phone, body: text }),
        });
        // Replies are queued then dispatched; give a slow one a moment.
        for (let i = 0; i < 10; i++) {
          const fresh = (await outbox()).filter((e) => !seen.has(e.sid));
          for (const e of fresh) {
            seen.add(e.sid);
            stdout.write(`josh> ${e.body ?? '(body removed by retention)'}\n`);
          }
          if (fresh.length) break;
          await new Promise((r) => setTimeout(r, 200));
        }
      } catch (err) {
        stdout.write(`(error: ${(err as Error).message})\n`);
      }
    }
    rl.prompt();
  }
}

main().catch((err: unknown) => {
  stdout.write(`${(err as Error).message}\n`);
  process.exit(1);
});
