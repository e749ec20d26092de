import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface SweepRunRecord {
  sweep: string;
  instance: string;
  startedAt: Date;
  finishedAt: Date;
  outcome: 'ok' | 'failed';
  items: number;
  details: Record<string, number>;
  error: string | null;
}

@Injectable()
export class SweepRunsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async record(r: SweepRunRecord): Promise<void> {
    await this.dataSource.query(
      `insert into sweep_runs (sweep, instance, started_at, finished_at, outcome, items, details, error)
       values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [r.sweep, r.instance, r.startedAt, r.finishedAt, r.outcome, r.items, JSON.stringify(r.details), r.error],
    );
  }

  // Deletes up to `limit` records older than `days`; SKIP LOCKED so instances take different rows.
  async pruneOlderThan(days: number, limit: number): Promise<number> {
    const rows: unknown = await this.dataSource.query(
      `with old as (
         select id from sweep_runs where started_at < now() - make_interval(days => $1::int) limit $2 for update skip locked
       )
       delete from sweep_runs s using old where s.id = old.id returning s.id`,
      [days, limit],
    );
    // TypeORM answers DELETE ... RETURNING with [rows, count].
    return Array.isArray(rows) && Array.isArray(rows[0]) ? rows[0].length : Array.isArray(rows) ? rows.length : 0;
  }
}
