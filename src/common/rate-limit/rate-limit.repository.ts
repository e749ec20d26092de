import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface CounterClaim {
  claimed: boolean;
  // The counts before this call (its own hit not included), and how far into the window it came.
  current: number;
  previous: number;
  elapsedSeconds: number;
}

// rate_limit_counters. Windows are aligned on the database clock (one clock for every instance).
@Injectable()
export class RateLimitRepository {
  constructor(private readonly dataSource: DataSource) {}

  // Claims one hit in one statement: the upsert increments the window's counter only while the
  // count (plus, for a sliding window, the previous window's count weighted by how much of it is
  // still inside the sliding span) stays within the limit. The conflicting row is locked by the
  // upsert, so concurrent claims on any instance are counted one after the other and never pass
  // the limit together. A refused hit is not counted.
  async claim(key: string, limit: number, windowSeconds: number, sliding: boolean, manager?: EntityManager): Promise<CounterClaim> {
    const [row]: Array<{ claimed: boolean; current: number; previous: number; elapsed: number }> = await (manager ?? this.dataSource.manager).query(
      `with win as (
         select floor(extract(epoch from clock_timestamp()) / $2::int)::bigint * $2::int as start_s,
                extract(epoch from clock_timestamp()) as now_s
       ), prev as (
         select coalesce((select hits from rate_limit_counters
                           where key = $1 and window_start = to_timestamp((select start_s from win) - $2::int)), 0) as hits
       ), carried as (
         select case when $4::boolean then prev.hits * greatest(0, 1 - (win.now_s - win.start_s) / $2::float8) else 0 end as w
           from win, prev
       ), claim as (
         insert into rate_limit_counters as c (key, window_start, hits, expires_at)
         select $1, to_timestamp(win.start_s), 1, to_timestamp(win.start_s + 2 * $2::int)
           from win, carried
          where carried.w + 1 <= $3::int
         on conflict (key, window_start) do update set hits = c.hits + 1
          where c.hits + 1 + (select w from carried) <= $3::int
         returning c.hits
       )
       select exists (select 1 from claim) as claimed,
              coalesce((select hits from rate_limit_counters where key = $1 and window_start = to_timestamp(win.start_s)), 0)::int as current,
              prev.hits::int as previous,
              (win.now_s - win.start_s)::float8 as elapsed
         from win, prev`,
      [key, windowSeconds, limit, sliding],
    );
    return { claimed: row.claimed, current: row.current, previous: row.previous, elapsedSeconds: row.elapsed };
  }

  // Counters whose windows (and the next, for sliding reads) are over; one bounded batch.
  async deleteExpiredBatch(limit: number, manager?: EntityManager): Promise<number> {
    const rows: unknown = await (manager ?? this.dataSource.manager).query(
      `with gone as (
         delete from rate_limit_counters where ctid in (
           select ctid from rate_limit_counters where expires_at < clock_timestamp() limit $1
         ) returning 1
       ) select count(*)::int as n from gone`,
      [limit],
    );
    return (rows as Array<{ n: number }>)[0].n;
  }
}
