import { Module } from '@nestjs/common';
import { AppConfig } from '../../config';
import { DomainEventsModule } from '../../common/domain-events';
import { SafetyRepository } from './safety.repository';
import { SafetyService } from './safety.service';
import { SafetySettings } from './safety.settings';

@Module({
  imports: [DomainEventsModule],
  providers: [
    { provide: SafetySettings, inject: [AppConfig], useFactory: (config: AppConfig) => config.section(SafetySettings) },
    SafetyRepository,
    SafetyService,
  ],
  exports: [SafetyService],
})
export class SafetyModule {}
