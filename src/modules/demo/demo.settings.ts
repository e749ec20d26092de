import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

// The phone simulator's settings (documented in .env.example), validated at boot.
export class DemoSettings {
  // How often the one shared poller looks for changes of the members shown on /dev/phone (only
  // while a page is open); a change is pushed to every page showing that member.
  @Type(() => Number) @IsInt() @Min(50) @Max(10000)
  DEV_PHONE_POLL_MS = 500;

  // A comment line on every live stream this often, so proxies and browsers keep it open.
  @Type(() => Number) @IsInt() @Min(1) @Max(300)
  DEV_PHONE_HEARTBEAT_SECONDS = 15;

  // Live streams (open /dev/phone pages) one instance serves at once; more get 503.
  @Type(() => Number) @IsInt() @Min(1) @Max(200)
  DEV_PHONE_MAX_STREAMS = 20;
}
