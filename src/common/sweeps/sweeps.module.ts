import { Global, Module } from '@nestjs/common';
import { SweepRunner } from './sweep-runner';
import { SweepRunsCron } from './sweep-runs.cron';
import { SweepRunsRepository } from './sweep-runs.repository';

@Global()
@Module({ providers: [SweepRunner, SweepRunsRepository, SweepRunsCron], exports: [SweepRunner] })
export class SweepsModule {}
