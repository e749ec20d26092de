import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SWEEPS_ENTITIES } from './entities';
import { SweepRunner } from './sweep-runner';
import { SweepRunsCron } from './sweep-runs.cron';
import { SweepRunsRepository } from './sweep-runs.repository';

@Global()
@Module({ imports: [TypeOrmModule.forFeature(SWEEPS_ENTITIES)], providers: [SweepRunner, SweepRunsRepository, SweepRunsCron], exports: [SweepRunner] })
export class SweepsModule {}
