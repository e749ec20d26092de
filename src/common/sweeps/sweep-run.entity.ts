import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// What a sweep run did (src/common/sweeps): one row per run that changed something or failed;
// runs that found nothing are only counted in /metrics. Pruned after SWEEP_RUNS_RETENTION_DAYS.
@Entity('sweep_runs')
@Index('sweep_runs_sweep_started_idx', ['sweep', 'startedAt'])
@Index('sweep_runs_started_idx', ['startedAt'])
@Check('sweep_runs_outcome_check', `outcome in ('ok', 'failed')`)
@Check('sweep_runs_items_chk', 'items >= 0')
export class SweepRun {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'sweep_runs_pkey' })
  id: string;

  @Column({ type: 'text', name: 'sweep' })
  sweep: string;

  // hostname:pid:random of the instance that ran it.
  @Column({ type: 'text', name: 'instance' })
  instance: string;

  @Column({ type: 'timestamptz', name: 'started_at' })
  startedAt: Date;

  @Column({ type: 'timestamptz', name: 'finished_at' })
  finishedAt: Date;

  @Column({ type: 'text', name: 'outcome' })
  outcome: 'ok' | 'failed';

  // Units of work done (rows changed, messages queued ...): the sum of the run's counts.
  @Column({ type: 'int', name: 'items', default: 0 })
  items: number;

  // The run's own counts by name, e.g. {"remindersSent": 3, "remindersSkipped": 1}.
  @Column({ type: 'jsonb', name: 'details', default: () => "'{}'" })
  details: Record<string, number>;

  // Error name and code of a failed run (never its parameters).
  @Column({ type: 'text', name: 'error', nullable: true })
  error: string | null;
}
