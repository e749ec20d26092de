import { MigrationInterface, QueryRunner } from 'typeorm';

// Member web pages (issue 9):
// - page_sessions: a member's short session after consuming a magic link. Only the SHA-256 of the
//   session id is stored (the id itself lives in an HttpOnly cookie). Times come from the app
//   clock (created_at has no default); 30 min idle and 12 h at most (identity settings).
// - rate_limit_counters: the generic limiter's counters (src/common/rate-limit), one row per key
//   and window, claimed by one upsert; the sweep deletes rows past expires_at.
// Both hold secrets or internals: RLS on, no member policy, service role only.
export class MemberWeb1764100900000 implements MigrationInterface {
  name = 'MemberWeb1764100900000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`create table public.page_sessions (
      id uuid not null default gen_random_uuid(),
      id_hash text not null,
      user_id uuid not null,
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      expires_at timestamptz not null,
      revoked_at timestamptz,
      constraint page_sessions_pkey primary key (id),
      constraint page_sessions_id_hash_uniq unique (id_hash),
      constraint page_sessions_user_id_fkey foreign key (user_id) references public.users(id) on delete cascade
    )`);
    await queryRunner.query(`create index page_sessions_user_idx on public.page_sessions(user_id)`);
    await queryRunner.query(`create index page_sessions_expires_idx on public.page_sessions(expires_at)`);

    await queryRunner.query(`create table public.rate_limit_counters (
      key text not null,
      window_start timestamptz not null,
      hits int not null,
      expires_at timestamptz not null,
      constraint rate_limit_counters_pkey primary key (key, window_start)
    )`);
    await queryRunner.query(`create index rate_limit_counters_expires_idx on public.rate_limit_counters(expires_at)`);

    for (const table of ['page_sessions', 'rate_limit_counters']) {
      await queryRunner.query(`alter table public.${table} enable row level security`);
      await queryRunner.query(`grant select, insert, update, delete on public.${table} to service_role`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`drop table public.rate_limit_counters`);
    await queryRunner.query(`drop table public.page_sessions`);
  }
}
