import { SafetyHold } from './safety-hold.entity';
import { SafetyIncident } from './safety-incident.entity';
import { SafetyReport } from './safety-report.entity';
import { UserBlock } from './user-block.entity';
import { UserStrike } from './user-strike.entity';

// The tables safety owns. Its Nest module registers them (TypeOrmModule.forFeature) and
// src/database/entities.ts adds the list to the CLI's full list: a new entity goes here only.
export const SAFETY_ENTITIES: Function[] = [SafetyHold, SafetyIncident, SafetyReport, UserBlock, UserStrike];
