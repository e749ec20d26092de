import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { REGION_STATES, type RegionState } from '../../../database/enums';

// A launch region: ZIP list or polygons in geometry, density/venue/timezone rules in rules.
@Entity('regions')
@Unique('regions_slug_key', ['slug'])
@Index('regions_state_idx', ['state'])
export class Region {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'regions_pkey' })
  id: string;

  @Column({ type: 'text', name: 'slug' })
  slug: string;

  @Column({ type: 'text', name: 'display_name' })
  displayName: string;

  @Column({ type: 'enum', enum: REGION_STATES, enumName: 'region_state', name: 'state', default: 'waitlisted' })
  state: RegionState;

  @Column({ type: 'jsonb', name: 'geometry' })
  geometry: Record<string, unknown>;

  @Column({ type: 'jsonb', name: 'rules', default: () => "'{}'" })
  rules: Record<string, unknown>;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
