import { Global, Module } from '@nestjs/common';
import { DomainEventsService } from './domain-events.service';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DOMAIN_EVENTS_ENTITIES } from './entities';

@Global()
@Module({ imports: [TypeOrmModule.forFeature(DOMAIN_EVENTS_ENTITIES)], providers: [DomainEventsService], exports: [DomainEventsService] })
export class DomainEventsModule {}
