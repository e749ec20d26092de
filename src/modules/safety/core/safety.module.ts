import { Module } from '@nestjs/common';
import { AppConfig } from '../../../config';
import { DomainEventsModule } from '../../../common/domain-events';
import { HoldsRepository } from './holds.repository';
import { SafetyRepository } from './safety.repository';
import { SafetyService } from './safety.service';
import { SafetySettings } from './safety.settings';

// The safety core LinkUps depend on (strikes, hold and block checks). SafetyActionsModule builds the
// rest on it (and on LinkUps).
@Module({
  imports: [DomainEventsModule],
  providers: [
    { provide: SafetySettings, inject: [AppConfig], useFactory: (config: AppConfig) => config.section(SafetySettings) },
    SafetyRepository,
    HoldsRepository,
    SafetyService,
  ],
  // The repositories and settings are for SafetyActionsModule (same folder), not for other modules.
  exports: [SafetyService, SafetyRepository, HoldsRepository, SafetySettings],
})
export class SafetyModule {}
