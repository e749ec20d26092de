import { MigrationInterface, QueryRunner } from 'typeorm';

// Verification bound to its requester (issue 18 part B). Each POST /v1/registrations that texts a
// code gets a row here, whose random id is the `verificationId` the caller must send back with the
// code. The row carries the details that request gave (applied to `users` only when this
// verification succeeds, so a stranger's re-registration never overwrites them) and its own count
// of wrong codes (a stranger cannot burn the owner's tries). Several verifications of one number
// share its one active `otp_sessions` row (one code, re-sent, never cancelled by another request).
// When one succeeds, the session is marked verified and all its verifications are deleted (their
// details now live in `users`, or were a stranger's).
// Personal details and attempt counters: RLS on, no member policy, nothing granted to members.
export class RegistrationVerifications1764111800000 implements MigrationInterface {
  name = 'RegistrationVerifications1764111800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`create table public.registration_verifications (
      id uuid not null default gen_random_uuid(),
      otp_session_id uuid not null,
      user_id uuid not null,
      first_name text not null,
      last_name text not null,
      birthday date not null,
      email citext,
      postal_code text not null,
      postal_country text not null,
      attempts int not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint registration_verifications_pkey primary key (id),
      constraint registration_verifications_otp_session_id_fkey foreign key (otp_session_id) references public.otp_sessions(id) on delete cascade,
      constraint registration_verifications_user_id_fkey foreign key (user_id) references public.users(id) on delete cascade,
      constraint registration_verifications_attempts_chk check (attempts >= 0)
    )`);
    await queryRunner.query(`create index registration_verifications_session_idx on public.registration_verifications(otp_session_id)`);
    await queryRunner.query(`create index registration_verifications_user_idx on public.registration_verifications(user_id)`);
    await queryRunner.query(
      `create trigger registration_verifications_set_updated_at before update on public.registration_verifications for each row execute function public.set_updated_at()`,
    );
    await queryRunner.query(`alter table public.registration_verifications enable row level security`);
    await queryRunner.query(`revoke all on public.registration_verifications from anon, authenticated`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`drop table public.registration_verifications`);
  }
}
