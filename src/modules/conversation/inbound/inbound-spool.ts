import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { constants } from 'node:fs';
import { FileHandle, mkdir, open, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Counter } from 'prom-client';
import { MetricsService } from '../../../common/metrics';
import { isDatabaseUnavailable } from '../../../database';
import { ConversationSettings } from '../conversation.settings';
import { DeliveryStatus, DeliveryStatusService } from './delivery-status.service';
import { InboundStore, SpooledInbound, StoredInbound } from './inbound-store';

interface Segment {
  seq: number;
  fd: FileHandle;
  // The last write + fsync on it; the segment is closed only after it.
  busy: Promise<void>;
  closed: boolean;
}

// A spool line: an inbound message, or a delivery status callback (sid, status and error code: no
// number, no body). Twilio does not retry a status callback we fail, so while the database is away
// those are kept too, and applied in file order when it is back (DeliveryStatusService.record:
// repeated or late statuses change nothing, so a move that dies half-way can run again).
type SpoolEntry = { kind: 'inbound'; row: SpooledInbound } | { kind: 'status'; status: DeliveryStatus };

interface Pending {
  line: string;
  done: (err?: unknown) => void;
}

const SEGMENT = /^inbound-(\d{12})\.spool$/;
const MOVE_BATCH = 200;
const DRAIN_EVERY_MS = 1000;

// Inbound messages kept on local disk while the database is unreachable (as RapidPro's courier
// does), so the webhook can still answer Twilio 200 once a message is durable. Each message is one
// JSON line (body encrypted as in the database) appended to a segment file and fsync'ed before
// the webhook answers; appends that arrive together share one write and one fsync. While anything
// is spooled, new messages are spooled too (behind the older ones), and every second a drain
// checks the database: when it answers, closed segments are moved into sms_messages in file order
// with the time they were received (so they are handled in arrival order), one multi-row INSERT
// per 200 lines, keyed by MessageSid (a crash mid-move inserts nothing twice), and deleted. When
// nothing is left the webhook writes to the database again. One SPOOL_DIR per instance (a .lock
// file with the pid guards it).
@Injectable()
export class InboundSpool implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger(InboundSpool.name);
  private readonly dir: string;
  private seq = 0;
  private active?: Segment;
  private opening?: Promise<Segment>;
  private pending: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private lastAtUs = 0;
  private depth = 0;
  private on = false;
  private draining: Promise<void> | null = null;
  private timer?: NodeJS.Timeout;
  private locked = false;
  private readonly spooled: Counter<string>;
  private readonly moved: Counter<string>;
  private readonly statusesSpooled: Counter<string>;

  constructor(
    @Inject(ConversationSettings) settings: ConversationSettings,
    private readonly store: InboundStore,
    private readonly statuses: DeliveryStatusService,
    metrics: MetricsService,
  ) {
    this.dir = resolve(settings.SPOOL_DIR);
    this.spooled = metrics.counter('josh_inbound_spooled_total', 'Inbound messages written to the local spool (database unreachable)');
    this.moved = metrics.counter('josh_inbound_spool_moved_total', 'Spooled inbound messages moved into the database');
    this.statusesSpooled = metrics.counter('josh_status_callbacks_spooled_total', 'Delivery status callbacks written to the local spool (database unreachable)');
    metrics.gauge('josh_inbound_spool_depth', 'Inbound messages in the local spool, not yet in the database', [], (g) => g.set(this.depth));
  }

  // True while messages wait in the spool: new ones must queue behind them.
  get spooling(): boolean {
    return this.on;
  }

  get size(): number {
    return this.depth;
  }

  // Leftovers of a previous run (it crashed or stopped during an outage) are moved first.
  async onModuleInit(): Promise<void> {
    const segments = await this.segments().catch(() => []);
    if (segments.length === 0) return;
    await this.lock();
    this.seq = Math.max(...segments);
    for (const seq of segments) this.depth += (await this.readSegment(seq)).length;
    this.log.warn({ msg: 'inbound spool has messages from a previous run; moving them when the database answers', count: this.depth });
    this.start();
  }

  // Resolves once the message is on disk (written and fsync'ed).
  async append(m: StoredInbound): Promise<void> {
    await this.lock();
    this.start();
    const at = this.nextTimestamp();
    await this.write({
      id: m.id, sid: m.messageSid, from: m.fromE164, to: m.toE164, c: m.body.ciphertext.toString('base64'), iv: m.body.iv.toString('base64'),
      tag: m.body.tag.toString('base64'), kv: m.body.keyVersion, mc: m.mediaCount, corr: m.correlationId, at,
    });
    this.spooled.inc();
  }

  // A delivery status callback the database could not take; resolves once it is on disk.
  async appendStatus(s: DeliveryStatus): Promise<void> {
    await this.lock();
    this.start();
    await this.write({ k: 'status', sid: s.messageSid, st: s.status, ec: s.errorCode ?? null });
    this.statusesSpooled.inc();
  }

  private async write(entry: Record<string, unknown>): Promise<void> {
    const line = `${JSON.stringify(entry)}\n`;
    await new Promise<void>((resolveDone, reject) => {
      this.pending.push({ line, done: (err) => (err ? reject(err) : resolveDone()) });
      this.flushing ??= this.flush().finally(() => (this.flushing = null));
    });
    this.depth++;
  }

  // Moves what is spooled into the database now (the timer calls it every second). Safe to call
  // at any time; a drain already running is joined.
  drain(): Promise<void> {
    this.draining ??= this.drainAll().finally(() => (this.draining = null));
    return this.draining;
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    // Leave nothing behind if the database answers; otherwise the next start moves it.
    if (this.on) await this.drain().catch(() => undefined);
    await this.flushing;
    await this.closeActive();
    if (this.locked) await unlink(join(this.dir, '.lock')).catch(() => undefined);
  }

  private start(): void {
    this.on = true;
    this.timer ??= setInterval(() => void this.drain(), DRAIN_EVERY_MS).unref();
  }

  // Writes everything pending as one append and one fsync, again while more arrives meanwhile.
  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0);
      try {
        let seg = this.active ?? (await this.openSegment());
        // Closed by a drain while it was being opened: write to the next one.
        if (seg.closed) seg = await this.openSegment();
        const write = seg.busy.then(async () => {
          await seg.fd.write(batch.map((p) => p.line).join(''));
          await seg.fd.datasync();
        });
        seg.busy = write.catch(() => undefined);
        await write;
        for (const p of batch) p.done();
      } catch (err) {
        this.log.error({ msg: 'could not write the inbound spool', err });
        for (const p of batch) p.done(err);
      }
    }
  }

  private openSegment(): Promise<Segment> {
    this.opening ??= (async () => {
      const seq = ++this.seq;
      const fd = await open(this.segmentPath(seq), constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND, 0o600);
      await this.syncDir();
      this.active = { seq, fd, busy: Promise.resolve(), closed: false };
      return this.active;
    })().finally(() => (this.opening = undefined));
    return this.opening;
  }

  private async closeActive(): Promise<void> {
    await this.opening;
    const seg = this.active;
    this.active = undefined;
    if (!seg) return;
    seg.closed = true;
    await seg.busy;
    await seg.fd.close();
  }

  private async drainAll(): Promise<void> {
    try {
      await this.store.ping();
    } catch {
      return; // still unreachable: try again next tick
    }
    try {
      for (;;) {
        // Every message spooled so far is now in a closed segment; later ones open a new one.
        await this.closeActive();
        const last = this.seq;
        for (const seq of (await this.segments()).filter((s) => s <= last)) await this.moveSegment(seq);
        if (!this.active && !this.opening && this.pending.length === 0 && !this.flushing) {
          this.on = false;
          clearInterval(this.timer);
          this.timer = undefined;
          this.log.log({ msg: 'inbound spool drained: webhooks write to the database again' });
          return;
        }
      }
    } catch (err) {
      if (isDatabaseUnavailable(err)) return;
      this.log.error({ msg: 'could not move the inbound spool into the database', err });
    }
  }

  // In file order: runs of messages as multi-row INSERTs, each status callback applied in its place.
  private async moveSegment(seq: number): Promise<void> {
    const entries = await this.readSegment(seq);
    let inserted = 0;
    let statuses = 0;
    let run: SpooledInbound[] = [];
    const insertRun = async () => {
      for (let i = 0; i < run.length; i += MOVE_BATCH) inserted += await this.store.insertSpooled(run.slice(i, i + MOVE_BATCH));
      run = [];
    };
    for (const e of entries) {
      if (e.kind === 'inbound') {
        run.push(e.row);
        continue;
      }
      await insertRun();
      await this.statuses.record(e.status);
      statuses++;
    }
    await insertRun();
    await unlink(this.segmentPath(seq));
    await this.syncDir();
    this.depth = Math.max(0, this.depth - entries.length);
    this.moved.inc(inserted);
    this.log.log({ msg: 'spooled inbound messages moved into the database', count: entries.length - statuses, inserted, statuses, segment: seq });
  }

  // A torn last line (the process died mid-write, before the fsync answered the webhook) is skipped:
  // that message was never acknowledged, so Twilio sends it again.
  private async readSegment(seq: number): Promise<SpoolEntry[]> {
    const text = await readFile(this.segmentPath(seq), 'utf8');
    const rows: SpoolEntry[] = [];
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        const r = JSON.parse(line) as Record<string, string | number | null>;
        if (r.k === 'status') {
          rows.push({ kind: 'status', status: { messageSid: String(r.sid), status: String(r.st), errorCode: r.ec === null ? undefined : String(r.ec) } });
          continue;
        }
        rows.push({ kind: 'inbound', row: {
          id: String(r.id), messageSid: String(r.sid), fromE164: String(r.from), toE164: String(r.to), mediaCount: Number(r.mc),
          body: { ciphertext: Buffer.from(String(r.c), 'base64'), iv: Buffer.from(String(r.iv), 'base64'), tag: Buffer.from(String(r.tag), 'base64'), keyVersion: Number(r.kv) },
          correlationId: String(r.corr), receivedAt: String(r.at),
        } });
      } catch {
        this.log.warn({ msg: 'skipped an unreadable inbound spool line', segment: seq });
      }
    }
    return rows;
  }

  private async segments(): Promise<number[]> {
    const names = await readdir(this.dir);
    return names.map((n) => SEGMENT.exec(n)?.[1]).filter((s): s is string => !!s).map(Number).sort((a, b) => a - b);
  }

  private segmentPath(seq: number): string {
    return join(this.dir, `inbound-${String(seq).padStart(12, '0')}.spool`);
  }

  // Microseconds, strictly increasing: spooled messages keep their order in created_at.
  private nextTimestamp(): string {
    const us = Math.max(Date.now() * 1000, this.lastAtUs + 1);
    this.lastAtUs = us;
    const iso = new Date(Math.floor(us / 1000)).toISOString();
    return `${iso.slice(0, -1)}${String(us % 1000).padStart(3, '0')}Z`;
  }

  private async syncDir(): Promise<void> {
    const fd = await open(this.dir, constants.O_RDONLY);
    try {
      await fd.sync();
    } finally {
      await fd.close();
    }
  }

  // One process per SPOOL_DIR: a second live process refuses to spool (its webhook answers 500,
  // and Twilio retries) rather than mixing two spools.
  private async lock(): Promise<void> {
    if (this.locked) return;
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const path = join(this.dir, '.lock');
    const holder = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    if (holder && holder !== process.pid && alive(holder)) throw new Error(`SPOOL_DIR ${this.dir} is in use by process ${holder}`);
    await writeFile(path, String(process.pid), { mode: 0o600 });
    this.locked = true;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
