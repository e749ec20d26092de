import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

// One counter per key and window (src/common/rate-limit): hits claimed in the window starting at
// window_start. Kept until expires_at (the end of the next window: sliding windows read the
// previous one), then deleted by the rate-limit-counters sweep.
@Entity('rate_limit_counters')
@Index('rate_limit_counters_expires_idx', ['expiresAt'])
export class RateLimitCounter {
  @PrimaryColumn({ type: 'text', name: 'key', primaryKeyConstraintName: 'rate_limit_counters_pkey' })
  key: string;

  @PrimaryColumn({ type: 'timestamptz', name: 'window_start', primaryKeyConstraintName: 'rate_limit_counters_pkey' })
  windowStart: Date;

  @Column({ type: 'int', name: 'hits' })
  hits: number;

  @Column({ type: 'timestamptz', name: 'expires_at' })
  expiresAt: Date;
}
