import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { Clock } from '../clock';
import { SweepRunner } from '../sweeps';
import { DevOnlyGuard } from './dev-only.guard';

const MAX_ADVANCE_MINUTES = 366 * 24 * 60;

export class AdvanceClockDto {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_ADVANCE_MINUTES)
  advanceMinutes: number;
}

// Development only: move this instance's clock forward and run every sweep now, so a person can
// walk a LinkUp from invite to contact exchange in minutes (README, "Walk a LinkUp").
@ApiExcludeController()
@Controller('dev')
@UseGuards(DevOnlyGuard)
export class DevToolsController {
  constructor(
    private readonly clock: Clock,
    private readonly sweeps: SweepRunner,
  ) {}

  // The clock only moves forward (0 reads it). Rules that depend on time read it (expiries,
  // windows, reminders, page sessions); it is this instance's, not the database's.
  @Post('clock')
  @HttpCode(200)
  advance(@Body() dto: AdvanceClockDto): { now: string; advancedMinutes: number } {
    this.clock.advance(dto.advanceMinutes * 60_000);
    return { now: this.clock.now().toISOString(), advancedMinutes: dto.advanceMinutes };
  }

  // Every registered sweep once, in order, outbound dispatch last: answers what each did.
  @Post('sweeps/run')
  @HttpCode(200)
  async runSweeps() {
    const sweeps = await this.sweeps.runAllNow();
    return { now: this.clock.now().toISOString(), sweeps };
  }
}
