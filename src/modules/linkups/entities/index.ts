import { LinkUpInvite } from './linkup-invite.entity';
import { LinkUpOutcome } from './linkup-outcome.entity';
import { LinkUpParticipant } from './linkup-participant.entity';
import { LinkUpReminder } from './linkup-reminder.entity';
import { LinkUp } from './linkup.entity';

// The tables LinkUps owns. Its Nest module registers them (TypeOrmModule.forFeature) and
// src/database/entities.ts adds the list to the CLI's full list: a new entity goes here only.
export const LINKUPS_ENTITIES: Function[] = [LinkUpInvite, LinkUpOutcome, LinkUpParticipant, LinkUpReminder, LinkUp];
