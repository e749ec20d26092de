import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

export type OptOutSource = 'keyword' | 'opt_out_type' | 'carrier' | 'support';

// What the carrier side knows of a number, per phone hash (members and numbers we do not know alike):
// opted out (the STOP family, OptOutType=STOP, Twilio 21610) and/or undeliverable (21211/21614,
// callback 30005/30006). users.sms_consent mirrors the opt-out for members.
@Entity('sms_opt_outs')
@Check('sms_opt_outs_source_check', "opt_out_source is null or opt_out_source in ('keyword', 'opt_out_type', 'carrier', 'support')")
@Check('sms_opt_outs_source_chk', '(opted_out_at is null) = (opt_out_source is null)')
@Check('sms_opt_outs_undeliverable_chk', '(undeliverable_at is null) = (undeliverable_code is null)')
export class SmsOptOut {
  @PrimaryColumn({ type: 'text', name: 'phone_hash', primaryKeyConstraintName: 'sms_opt_outs_pkey' })
  phoneHash: string;

  @Column({ type: 'timestamptz', name: 'opted_out_at', nullable: true })
  optedOutAt: Date | null;

  @Column({ type: 'text', name: 'opt_out_source', nullable: true })
  optOutSource: OptOutSource | null;

  @Column({ type: 'timestamptz', name: 'undeliverable_at', nullable: true })
  undeliverableAt: Date | null;

  @Column({ type: 'text', name: 'undeliverable_code', nullable: true })
  undeliverableCode: string | null;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
