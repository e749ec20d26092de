import { DomainEvent } from './domain-event.entity';

// domain_events, registered by DomainEventsModule.
export const DOMAIN_EVENTS_ENTITIES: Function[] = [DomainEvent];
