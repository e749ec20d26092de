export { DomainEventsService, type DomainEventInput, type DomainEventRecord } from './domain-events.service';
export { DomainEventsModule } from './domain-events.module';
