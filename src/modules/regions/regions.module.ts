import { Module } from '@nestjs/common';
import { AppConfig } from '../../config';
import { DemoRegionSeeder } from './demo-region.seeder';
import { RegionMembersPort } from './ports/region-members.port';
import { RegionsRepository } from './regions.repository';
import { RegionsService } from './regions.service';
import { RegionsSettings } from './regions.settings';
import { TypeOrmModule } from '@nestjs/typeorm';
import { REGIONS_ENTITIES } from './entities';

@Module({
  imports: [TypeOrmModule.forFeature(REGIONS_ENTITIES)],
  providers: [
    { provide: RegionsSettings, inject: [AppConfig], useFactory: (c: AppConfig) => c.section(RegionsSettings) },
    RegionsRepository,
    RegionMembersPort,
    RegionsService,
    DemoRegionSeeder,
  ],
  exports: [RegionsService, RegionMembersPort],
})
export class RegionsModule {}
