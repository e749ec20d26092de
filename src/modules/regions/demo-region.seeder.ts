import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../../config';
import { RegionsService } from './regions.service';

// Development convenience: the demo region exists (and is open) as soon as the app starts.
// Idempotent (upsert by slug), so every instance may run it.
@Injectable()
export class DemoRegionSeeder implements OnApplicationBootstrap {
  private readonly log = new Logger('DemoRegionSeeder');

  constructor(
    private readonly regions: RegionsService,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.env.SEED_DEMO_REGION !== 'true') return;
    if (this.config.isProduction) {
      this.log.warn('SEED_DEMO_REGION=true is ignored in production');
      return;
    }
    const region = await this.regions.seedDemoRegion();
    this.log.log({ msg: 'demo region ready', slug: region.slug, state: region.state });
  }
}
