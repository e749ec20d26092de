import { Module } from '@nestjs/common';
import { AppConfig } from '../../config';
import { ConversationModule } from '../conversation';
import { IdentityModule } from '../identity';
import { DemoRegionSeeder } from './demo-region.seeder';
import { RegionsRepository } from './regions.repository';
import { RegionsService } from './regions.service';
import { RegionsSettings } from './regions.settings';

@Module({
  imports: [IdentityModule, ConversationModule],
  providers: [
    { provide: RegionsSettings, inject: [AppConfig], useFactory: (c: AppConfig) => c.section(RegionsSettings) },
    RegionsRepository,
    RegionsService,
    DemoRegionSeeder,
  ],
  exports: [RegionsService],
})
export class RegionsModule {}
