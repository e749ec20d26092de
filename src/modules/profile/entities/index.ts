import { ProfileEvent } from './profile-event.entity';
import { Profile } from './profile.entity';

// The tables profile owns. Its Nest module registers them (TypeOrmModule.forFeature) and
// src/database/entities.ts adds the list to the CLI's full list: a new entity goes here only.
export const PROFILE_ENTITIES: Function[] = [ProfileEvent, Profile];
