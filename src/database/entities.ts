import { DOMAIN_EVENTS_ENTITIES } from '../common/domain-events/entities';
import { RATE_LIMIT_ENTITIES } from '../common/rate-limit/entities';
import { ADMIN_ENTITIES } from '../modules/admin/entities';
import { BILLING_ENTITIES } from '../modules/billing/entities';
import { CONTACT_EXCHANGE_ENTITIES } from '../modules/contact-exchange/entities';
import { CONVERSATION_ENTITIES } from '../modules/conversation/entities';
import { IDENTITY_ENTITIES } from '../modules/identity/entities';
import { LINKUPS_ENTITIES } from '../modules/linkups/entities';
import { PROFILE_ENTITIES } from '../modules/profile/entities';
import { REGIONS_ENTITIES } from '../modules/regions/entities';
import { SAFETY_ENTITIES } from '../modules/safety/entities';
import { SWEEPS_ENTITIES } from '../common/sweeps/entities';

// Every entity, for the TypeORM CLI (migration:run / generate / check) and the test harness, which
// run without Nest. The app does not read this list: each module registers its own entities with
// TypeOrmModule.forFeature(<MODULE>_ENTITIES) and the root connection has autoLoadEntities.
//
// One line per module. A new entity of an existing module goes into that module's
// `entities/index.ts` only; a new module adds its list here and registers it in its Nest module.
// test/foundation/entities.test.ts fails when an entity class is in neither, or when the app's
// connection (full or 'core') and this list disagree.
export const entities: Function[] = [
  ...IDENTITY_ENTITIES,
  ...REGIONS_ENTITIES,
  ...CONVERSATION_ENTITIES,
  ...PROFILE_ENTITIES,
  ...LINKUPS_ENTITIES,
  ...CONTACT_EXCHANGE_ENTITIES,
  ...BILLING_ENTITIES,
  ...SAFETY_ENTITIES,
  ...ADMIN_ENTITIES,
  ...DOMAIN_EVENTS_ENTITIES,
  ...RATE_LIMIT_ENTITIES,
  ...SWEEPS_ENTITIES,
];
