import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

// One member's yes/no about sharing contact with one fellow attendee.
@Entity('contact_exchange_choices')
@Unique('contact_choice_once', ['linkupId', 'chooserUserId', 'targetUserId'])
@Index('contact_choices_chooser_idx', ['chooserUserId'])
@Check('contact_choices_no_self_chk', 'chooser_user_id <> target_user_id')
export class ContactExchangeChoice {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'contact_exchange_choices_pkey' })
  id: string;

  @Column({ type: 'uuid', name: 'linkup_id' })
  @ForeignKey('LinkUp', { name: 'contact_exchange_choices_linkup_id_fkey', onDelete: 'CASCADE' })
  linkupId: string;

  @Column({ type: 'uuid', name: 'chooser_user_id' })
  @ForeignKey('User', { name: 'contact_exchange_choices_chooser_user_id_fkey', onDelete: 'CASCADE' })
  chooserUserId: string;

  @Column({ type: 'uuid', name: 'target_user_id' })
  @ForeignKey('User', { name: 'contact_exchange_choices_target_user_id_fkey', onDelete: 'CASCADE' })
  targetUserId: string;

  @Column({ type: 'boolean', name: 'choice' })
  choice: boolean;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
