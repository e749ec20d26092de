import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';

@Injectable()
export class MigrationsHealthIndicator {
  constructor(
    private readonly dataSource: DataSource,
    private readonly indicator: HealthIndicatorService,
  ) {}

  async isCurrent(key: string) {
    const check = this.indicator.check(key);
    try {
      const pending = await this.dataSource.showMigrations();
      return pending ? check.down({ pending: true }) : check.up();
    } catch {
      return check.down({ error: 'cannot read migrations table' });
    }
  }
}
