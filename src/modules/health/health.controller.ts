import { Controller, Get, HttpException, HttpStatus, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { MigrationsHealthIndicator } from './migrations.health';
import { ShutdownState } from '../../common/lifecycle/shutdown-state';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly migrations: MigrationsHealthIndicator,
    private readonly shutdown: ShutdownState,
  ) {}

  // Liveness: the process answers.
  @Get()
  live() {
    return { status: 'ok' };
  }

  // Readiness: the database answers, every migration is applied, and the process is not shutting
  // down. While the database is unreachable this says 503 (inbound webhooks still answer 200 from
  // the spool: route Twilio's traffic on /health, not on this).
  @Get('ready')
  @HealthCheck()
  async ready() {
    try {
      return await this.checks();
    } catch (err) {
      if (!(err instanceof ServiceUnavailableException)) throw err;
      const r = err.getResponse() as { error?: Record<string, unknown> };
      const failing = Object.keys(r.error ?? {});
      throw new HttpException({ code: 'not_ready', message: `Not ready: ${failing.join(', ') || 'unknown'}.` }, HttpStatus.SERVICE_UNAVAILABLE);
    }
  }

  private checks() {
    return this.health.check([
      async () => ({ lifecycle: { status: this.shutdown.shuttingDown ? 'down' : 'up' } }),
      () => this.db.pingCheck('database', { timeout: 2000 }),
      () => this.migrations.isCurrent('migrations'),
    ]);
  }
}
