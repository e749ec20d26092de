import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { Response } from 'express';
import { DevSmsService } from '../../conversation';
import { DemoError, DemoErrorCode } from '../demo.errors';
import { DemoSettings } from '../demo.settings';

interface Stream {
  id: number;
  res: Response;
  members: ReadonlySet<string>;
}

// Live updates for /dev/phone (Server-Sent Events). One poller per instance, running only while a
// page is open, reads one stamp per shown member in a single query every DEV_PHONE_POLL_MS; when a
// member's stamp moves, every page showing them gets `event: member` and fetches that phone again.
// So the database sees one small query per tick however many pages are open. A comment line goes
// out every DEV_PHONE_HEARTBEAT_SECONDS; a closed connection is dropped at once, and the poller stops
// with the last one. Actions from the page poke the poller so their effect shows without waiting.
//
// The phones on the page also acknowledge what they receive: a message sent to a shown member gets a
// signed "delivered" status callback, as a handset's carrier would report it.
@Injectable()
export class PhoneFeedService implements OnModuleDestroy {
  private readonly log = new Logger('DevPhoneFeed');
  private readonly streams = new Set<Stream>();
  private stamps = new Map<string, string>();
  private readonly acknowledged = new Set<string>();
  private poller: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private failing = false;
  private nextId = 1;
  private origin: string | null = null;
  // Polls run so far (tests check that many pages share one poller).
  polls = 0;

  constructor(
    private readonly devSms: DevSmsService,
    @Inject(DemoSettings) private readonly settings: DemoSettings,
  ) {}

  get streamCount(): number {
    return this.streams.size;
  }

  open(res: Response, members: string[], origin: string): void {
    if (this.streams.size >= this.settings.DEV_PHONE_MAX_STREAMS) {
      throw new DemoError(DemoErrorCode.TooManyStreams, 'Too many /dev/phone pages are open; close one and reload.');
    }
    this.origin = origin;
    const stream: Stream = { id: this.nextId++, res, members: new Set(members) };
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    res.write(`retry: 2000\nevent: ready\ndata: ${JSON.stringify({ members })}\n\n`);
    this.streams.add(stream);
    res.on('close', () => this.drop(stream));
    this.start();
    this.poke();
  }

  // Look now (after an action from the page), not at the next tick.
  poke(): void {
    if (this.streams.size === 0) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.poll().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.poke();
      }
    });
  }

  // Resolves when no poll is running (tests).
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  onModuleDestroy(): void {
    for (const s of this.streams) s.res.end();
    this.streams.clear();
    this.stop();
  }

  private start(): void {
    this.poller ??= setInterval(() => this.poke(), this.settings.DEV_PHONE_POLL_MS);
    this.heartbeat ??= setInterval(() => this.beat(), this.settings.DEV_PHONE_HEARTBEAT_SECONDS * 1000);
    this.poller.unref();
    this.heartbeat.unref();
  }

  private stop(): void {
    if (this.poller) clearInterval(this.poller);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.poller = null;
    this.heartbeat = null;
    this.stamps.clear();
    this.acknowledged.clear();
  }

  private drop(stream: Stream): void {
    this.streams.delete(stream);
    if (this.streams.size === 0) this.stop();
  }

  private beat(): void {
    for (const s of this.streams) s.res.write(`: ping ${Date.now()}\n\n`);
  }

  private async poll(): Promise<void> {
    const watched = [...new Set([...this.streams].flatMap((s) => [...s.members]))];
    if (watched.length === 0) return;
    this.polls++;
    let current: Map<string, string>;
    try {
      current = await this.devSms.activityStamps(watched);
      this.failing = false;
    } catch (err) {
      if (!this.failing) this.log.warn({ msg: 'dev phone poll failed; retrying on the next tick', err });
      this.failing = true;
      return;
    }
    const changed = watched.filter((id) => this.stamps.has(id) && this.stamps.get(id) !== current.get(id));
    const fresh = watched.filter((id) => !this.stamps.has(id));
    this.stamps = new Map(watched.map((id) => [id, current.get(id) ?? '']));
    for (const s of this.streams) {
      for (const id of changed) if (s.members.has(id)) s.res.write(`event: member\ndata: ${JSON.stringify({ userId: id })}\n\n`);
    }
    await this.acknowledge([...changed, ...fresh]);
  }

  // Delivery receipts for what the shown phones received (each message once).
  private async acknowledge(userIds: string[]): Promise<void> {
    const origin = this.origin;
    if (!origin) return;
    for (const userId of userIds) {
      const lines = await this.devSms.thread(userId, '', 30).catch(() => []);
      for (const l of lines) {
        if (l.direction !== 'out' || l.status !== 'sent' || !l.sid || this.acknowledged.has(l.sid)) continue;
        this.acknowledged.add(l.sid);
        await this.devSms.reportDelivered(origin, l.sid).catch(() => undefined);
      }
    }
  }
}
