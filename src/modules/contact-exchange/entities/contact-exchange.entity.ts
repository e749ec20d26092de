import { Check, Column, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';

// A mutual yes: stored once per pair, in canonical order (user_a_id < user_b_id).
@Entity('contact_exchanges')
@Unique('contact_exchange_pair_once', ['linkupId', 'userAId', 'userBId'])
@Check('contact_exchanges_pair_order_chk', 'user_a_id < user_b_id')
export class ContactExchange {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'contact_exchanges_pkey' })
  id: string;

  @Column({ type: 'uuid', name: 'linkup_id' })
  @ForeignKey('LinkUp', { name: 'contact_exchanges_linkup_id_fkey', onDelete: 'CASCADE' })
  linkupId: string;

  @Column({ type: 'uuid', name: 'user_a_id' })
  @ForeignKey('User', { name: 'contact_exchanges_user_a_id_fkey', onDelete: 'CASCADE' })
  userAId: string;

  @Column({ type: 'uuid', name: 'user_b_id' })
  @ForeignKey('User', { name: 'contact_exchanges_user_b_id_fkey', onDelete: 'CASCADE' })
  userBId: string;

  @Column({ type: 'timestamptz', name: 'revealed_at', default: () => 'now()' })
  revealedAt: Date;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
