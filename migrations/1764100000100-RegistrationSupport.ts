import { MigrationInterface, QueryRunner } from 'typeorm';

// The postal code each member registered with. users has no such column (schema.md), and a
// member whose code matches no region joins the catch-all waitlist; keeping the code is what
// lets a region that later covers it take those members in (RegionsService.openRegion).
export class RegistrationSupport1764100000100 implements MigrationInterface {
  name = 'RegistrationSupport1764100000100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`create table public.user_postal_codes (
      user_id uuid not null,
      postal_code text not null,
      country_code text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint user_postal_codes_pkey primary key (user_id),
      constraint user_postal_codes_user_id_fkey foreign key (user_id) references public.users(id) on delete cascade,
      constraint user_postal_codes_country_code_check check (country_code ~ '^[A-Z]{2}$')
    )`);
    await queryRunner.query(`create index user_postal_codes_postal_code_idx on public.user_postal_codes(postal_code)`);
    await queryRunner.query(
      `create trigger user_postal_codes_set_updated_at before update on public.user_postal_codes for each row execute function public.set_updated_at()`,
    );
    // Same treatment as every other member table (InitialSchema): RLS on, own row readable.
    await queryRunner.query(`alter table public.user_postal_codes enable row level security`);
    await queryRunner.query(
      `create policy user_postal_codes_select_own on public.user_postal_codes for select using (user_id = auth.uid())`,
    );
    await queryRunner.query(`grant select on public.user_postal_codes to anon`);
    await queryRunner.query(`grant select, insert, update, delete on public.user_postal_codes to authenticated, service_role`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`drop table public.user_postal_codes`);
  }
}
