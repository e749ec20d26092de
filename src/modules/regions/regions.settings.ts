import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

// The regions module's settings (documented in .env.example), validated at boot.
export class RegionsSettings {
  // Opening a region activates its waitlist in transactions of this many members.
  @Type(() => Number) @IsInt() @Min(1) @Max(10000)
  REGION_OPEN_BATCH_SIZE = 500;
}
