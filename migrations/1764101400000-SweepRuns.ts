import { MigrationInterface, QueryRunner } from 'typeorm';

// What each sweep run did (src/common/sweeps/sweep-runner.ts), for the on-call engineer and for
// proving that several instances never do the same unit of work twice.
export class SweepRuns1764101400000 implements MigrationInterface {
  name = 'SweepRuns1764101400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create table public.sweep_runs (
      id uuid not null default gen_random_uuid(),
      sweep text not null,
      instance text not null,
      started_at timestamptz not null,
      finished_at timestamptz not null,
      outcome text not null,
      items int not null default 0,
      details jsonb not null default '{}',
      error text,
      constraint sweep_runs_pkey primary key (id),
      constraint sweep_runs_outcome_check check (outcome in ('ok', 'failed')),
      constraint sweep_runs_items_chk check (items >= 0)
    )`);
    await q.query(`create index sweep_runs_sweep_started_idx on public.sweep_runs (sweep, started_at)`);
    await q.query(`create index sweep_runs_started_idx on public.sweep_runs (started_at)`);
    // Operational data: no member policy.
    await q.query(`alter table public.sweep_runs enable row level security`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table if exists public.sweep_runs`);
  }
}
