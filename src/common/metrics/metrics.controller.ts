import { Controller, Get, Header, Headers, Res, UnauthorizedException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../../config';
import { MetricsService } from './metrics.service';

const sha256 = (s: string) => createHash('sha256').update(s).digest();

// Prometheus text exposition. Scrape it from inside the deployment's network: counts and
// latencies only, never numbers or bodies, but still not for the public internet. With
// METRICS_TOKEN set, only a scraper that sends it as a bearer token is answered.
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() res: Response): Promise<void> {
    const token = this.config.env.METRICS_TOKEN;
    // Hashes of equal length, so the comparison takes the same time whatever was sent.
    if (token && !timingSafeEqual(sha256(authorization ?? ''), sha256(`Bearer ${token}`))) {
      throw new UnauthorizedException({ code: 'metrics_unauthorized', message: 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>.' });
    }
    res.setHeader('Content-Type', this.metrics.contentType());
    res.send(await this.metrics.text());
  }
}
