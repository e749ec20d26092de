import { MigrationInterface, QueryRunner } from 'typeorm';

// Issue 17: opt-outs and undeliverable numbers per phone hash (identity), the per-sender pacing and
// pause state, status callbacks that arrive before their outbound row, and the marker of a send
// attempt whose outcome is unknown (conversation).
export class CarrierFidelity1764101700000 implements MigrationInterface {
  name = 'CarrierFidelity1764101700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create table public.sms_opt_outs (
      phone_hash text not null,
      opted_out_at timestamptz,
      opt_out_source text,
      undeliverable_at timestamptz,
      undeliverable_code text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint sms_opt_outs_pkey primary key (phone_hash),
      constraint sms_opt_outs_source_check
        check (opt_out_source is null or opt_out_source in ('keyword', 'opt_out_type', 'carrier', 'support')),
      constraint sms_opt_outs_source_chk check ((opted_out_at is null) = (opt_out_source is null)),
      constraint sms_opt_outs_undeliverable_chk check ((undeliverable_at is null) = (undeliverable_code is null))
    )`);
    await q.query(`alter table public.sms_opt_outs enable row level security`);

    await q.query(`create table public.sms_sender_states (
      sender text not null,
      next_send_at timestamptz not null default now(),
      paused_at timestamptz,
      paused_code text,
      updated_at timestamptz not null default now(),
      constraint sms_sender_states_pkey primary key (sender),
      constraint sms_sender_states_pause_chk check ((paused_at is null) = (paused_code is null))
    )`);
    await q.query(`alter table public.sms_sender_states enable row level security`);

    await q.query(`create table public.sms_early_status_callbacks (
      twilio_message_sid text not null,
      status text not null,
      error_code text,
      received_at timestamptz not null default now(),
      constraint sms_early_status_callbacks_pkey primary key (twilio_message_sid)
    )`);
    await q.query(`create index sms_early_status_callbacks_received_idx on public.sms_early_status_callbacks (received_at)`);
    await q.query(`alter table public.sms_early_status_callbacks enable row level security`);

    await q.query(`alter table public.sms_outbound_jobs add column send_started_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table public.sms_outbound_jobs drop column if exists send_started_at`);
    await q.query(`drop table if exists public.sms_early_status_callbacks`);
    await q.query(`drop table if exists public.sms_sender_states`);
    await q.query(`drop table if exists public.sms_opt_outs`);
  }
}
