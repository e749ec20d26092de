export { DomainEventsService, type DomainEventInput } from './domain-events.service';
export { DomainEventsModule } from './domain-events.module';
