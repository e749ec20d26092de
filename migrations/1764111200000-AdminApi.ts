import { MigrationInterface, QueryRunner } from 'typeorm';

// Issue 12, the admin API: bearer tokens (only their SHA-256 stored), indexes for reading the audit
// log newest first (whole, by admin, by target), and the audit log made append-only.
export class AdminApi1764111200000 implements MigrationInterface {
  name = 'AdminApi1764111200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create table public.admin_api_tokens (
      id uuid not null default gen_random_uuid(),
      admin_user_id uuid not null,
      token_hash text not null,
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      revoked_at timestamptz,
      constraint admin_api_tokens_pkey primary key (id),
      constraint admin_api_tokens_hash_uniq unique (token_hash),
      constraint admin_api_tokens_hash_chk check (token_hash ~ '^[0-9a-f]{64}$'),
      constraint admin_api_tokens_admin_user_id_fkey foreign key (admin_user_id) references public.admin_users(id) on delete cascade
    )`);
    await q.query(`create index admin_api_tokens_admin_idx on public.admin_api_tokens (admin_user_id)`);
    // Staff credentials: no Supabase client may read or write them (docs/security.md).
    await q.query(`alter table public.admin_api_tokens enable row level security`);

    await q.query(`create index admin_audit_log_created_idx on public.admin_audit_log (created_at, id)`);
    await q.query(`create index admin_audit_log_admin_created_idx on public.admin_audit_log (admin_user_id, created_at, id)`);
    await q.query(`create index admin_audit_log_target_created_idx on public.admin_audit_log (target_id, created_at, id)`);

    // Append-only: nothing rewrites or removes an audit row. The one update allowed is the foreign
    // key's own `on delete set null` when an admin account is removed (the row stays, unattributed).
    await q.query(`create function public.admin_audit_log_append_only() returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE' and new.admin_user_id is null and old.admin_user_id is not null
           and (to_jsonb(new) - 'admin_user_id') = (to_jsonb(old) - 'admin_user_id') then
          return new;
        end if;
        raise exception 'admin_audit_log is append-only' using errcode = 'insufficient_privilege';
      end $$`);
    await q.query(`create trigger admin_audit_log_append_only before update or delete on public.admin_audit_log
      for each row execute function public.admin_audit_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop trigger if exists admin_audit_log_append_only on public.admin_audit_log`);
    await q.query(`drop function if exists public.admin_audit_log_append_only()`);
    await q.query(`drop index if exists public.admin_audit_log_target_created_idx`);
    await q.query(`drop index if exists public.admin_audit_log_admin_created_idx`);
    await q.query(`drop index if exists public.admin_audit_log_created_idx`);
    await q.query(`drop table if exists public.admin_api_tokens`);
  }
}
