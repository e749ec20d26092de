import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MetricsService } from '../../../common/metrics';

interface Snapshot {
  up: number;
  backlog: number;
  oldest: number;
  depth: Record<string, number>;
}

const REFRESH_MS = 2000;
const TIMEOUT_MS = 1500;

// Queue gauges read from the database at scrape time (at most every 2 s, bounded to 1.5 s, so a
// scrape during an outage answers at once with josh_database_up 0 and the last known values):
// unhandled inbound messages and the age of the oldest (the handling lag), and outbound jobs by
// state (due, scheduled = waiting for their time or a retry, leased = being sent).
@Injectable()
export class PipelineMetrics {
  private last: Snapshot = { up: 1, backlog: 0, oldest: 0, depth: { due: 0, scheduled: 0, leased: 0 } };
  private readAt = 0;
  private reading: Promise<void> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    metrics: MetricsService,
  ) {
    metrics.gauge('josh_database_up', '1 when the database answered the last metrics query', [], async (g) => g.set((await this.read()).up));
    metrics.gauge('josh_inbound_backlog', 'Stored inbound messages not handled yet', [], async (g) => g.set((await this.read()).backlog));
    metrics.gauge('josh_inbound_oldest_unhandled_seconds', 'Age of the oldest unhandled inbound message (handling lag)', [],
      async (g) => g.set((await this.read()).oldest));
    metrics.gauge('josh_outbound_queue_depth', 'Pending outbound jobs by state', ['state'], async (g) => {
      for (const [state, n] of Object.entries((await this.read()).depth)) g.set({ state }, n);
    });
  }

  private async read(): Promise<Snapshot> {
    if (Date.now() - this.readAt > REFRESH_MS) {
      this.reading ??= this.query().finally(() => {
        this.reading = null;
        this.readAt = Date.now();
      });
      await this.reading;
    }
    return this.last;
  }

  private async query(): Promise<void> {
    try {
      const rows = await Promise.race([
        this.dataSource.query(
          `select (select count(*)::int from sms_messages where direction = 'in' and status = 'received') as backlog,
                  (select coalesce(extract(epoch from now() - min(created_at)), 0)::float
                     from sms_messages where direction = 'in' and status = 'received') as oldest,
                  count(*) filter (where locked_until > now())::int as leased,
                  count(*) filter (where (locked_until is null or locked_until <= now()) and run_after <= now())::int as due,
                  count(*) filter (where (locked_until is null or locked_until <= now()) and run_after > now())::int as scheduled
             from sms_outbound_jobs where status = 'pending'`,
        ),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('metrics query timed out')), TIMEOUT_MS).unref()),
      ]);
      const r = rows[0];
      this.last = { up: 1, backlog: r.backlog, oldest: r.oldest, depth: { due: r.due, scheduled: r.scheduled, leased: r.leased } };
    } catch {
      this.last = { ...this.last, up: 0 };
    }
  }
}
