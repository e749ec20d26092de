import { InitialSchema1764100000000 } from './1764100000000-InitialSchema';
import { SchemaGaps1764100000001 } from './1764100000001-SchemaGaps';
import { RegistrationSupport1764100000100 } from './1764100000100-RegistrationSupport';
import { ConversationIndexes1764100000150 } from './1764100000150-ConversationIndexes';
import { LinkupMatching1764100000300 } from './1764100000300-LinkupMatching';
import { SweepRuns1764101400000 } from './1764101400000-SweepRuns';

// Every migration in order, imported explicitly so the app, the CLI and jest load the same list.
export const migrations: Function[] = [
  InitialSchema1764100000000,
  SchemaGaps1764100000001,
  RegistrationSupport1764100000100,
  ConversationIndexes1764100000150,
  LinkupMatching1764100000300,
  SweepRuns1764101400000,
];
