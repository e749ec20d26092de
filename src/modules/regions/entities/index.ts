import { RegionMembership } from './region-membership.entity';
import { Region } from './region.entity';
import { UserPostalCode } from './user-postal-code.entity';

// The tables regions owns. Its Nest module registers them (TypeOrmModule.forFeature) and
// src/database/entities.ts adds the list to the CLI's full list: a new entity goes here only.
export const REGIONS_ENTITIES: Function[] = [RegionMembership, Region, UserPostalCode];
