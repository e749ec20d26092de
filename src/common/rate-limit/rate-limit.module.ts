import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../../config';
import { IpRateLimitGuard } from './ip-rate-limit.guard';
import { RateLimitSweepCron } from './rate-limit.cron';
import { RateLimitRepository } from './rate-limit.repository';
import { RateLimitSettings } from './rate-limit.settings';
import { RateLimiter } from './rate-limiter.service';

@Global()
@Module({
  providers: [
    { provide: RateLimitSettings, inject: [AppConfig], useFactory: (c: AppConfig) => c.section(RateLimitSettings) },
    RateLimitRepository,
    RateLimiter,
    IpRateLimitGuard,
    RateLimitSweepCron,
  ],
  exports: [RateLimiter, IpRateLimitGuard, RateLimitSettings],
})
export class RateLimitModule {}
