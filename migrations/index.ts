import { InitialSchema1764100000000 } from './1764100000000-InitialSchema';
import { SchemaGaps1764100000001 } from './1764100000001-SchemaGaps';
import { RegistrationSupport1764100000100 } from './1764100000100-RegistrationSupport';
import { ConversationIndexes1764100000150 } from './1764100000150-ConversationIndexes';
import { LinkupMatching1764100000300 } from './1764100000300-LinkupMatching';
import { MemberWeb1764100900000 } from './1764100900000-MemberWeb';
import { BillingStripeEvents1764101000000 } from './1764101000000-BillingStripeEvents';
import { SafetyAndRefill1764101100000 } from './1764101100000-SafetyAndRefill';
import { SweepRuns1764101400000 } from './1764101400000-SweepRuns';
import { CarrierFidelity1764101700000 } from './1764101700000-CarrierFidelity';
import { MemberAccessLeastPrivilege1764101800000 } from './1764101800000-MemberAccessLeastPrivilege';
import { AdminApi1764111200000 } from './1764111200000-AdminApi';
import { RegistrationVerifications1764111800000 } from './1764111800000-RegistrationVerifications';
import { MatchingCacheIndexes1764121600000 } from './1764121600000-MatchingCacheIndexes';
import { MessageEventsRoutedIndex1764121700000 } from './1764121700000-MessageEventsRoutedIndex';

// Every migration in order, imported explicitly so the app, the CLI and jest load the same list.
export const migrations: Function[] = [
  InitialSchema1764100000000,
  SchemaGaps1764100000001,
  RegistrationSupport1764100000100,
  ConversationIndexes1764100000150,
  LinkupMatching1764100000300,
  MemberWeb1764100900000,
  BillingStripeEvents1764101000000,
  SafetyAndRefill1764101100000,
  SweepRuns1764101400000,
  CarrierFidelity1764101700000,
  MemberAccessLeastPrivilege1764101800000,
  AdminApi1764111200000,
  RegistrationVerifications1764111800000,
  MatchingCacheIndexes1764121600000,
  MessageEventsRoutedIndex1764121700000,
];
