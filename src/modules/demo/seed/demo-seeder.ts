import { PhoneHasher } from '../../../common/crypto';
import { DEMO_REGION } from '../../regions';
import { MAX_SEEDED_MEMBERS } from '../personas';
import { demoMember } from './demo-crowd';
import { DemoSeedRepository } from './demo-seed.repository';

export interface SeedOptions {
  members: number;
  batchSize?: number;
  // BILLING_MODE=free grants what the app would (source free); otherwise the crowd gets a support
  // grant (source admin), so it can be invited without subscriptions.
  billingMode: 'free' | 'stripe';
  onBatch?: (done: number, total: number) => void;
}

export interface SeedSummary {
  requested: number;
  inserted: number;
  existing: number;
  regionMembers: number;
}

const DEFAULT_BATCH = 250;

// Seeds members #0..#members-1 of the demo crowd into the demo region. Rerun-safe: members already
// there are recognised by their number and left alone, so the same command twice changes nothing.
export class DemoSeeder {
  constructor(
    private readonly repo: DemoSeedRepository,
    private readonly hasher: PhoneHasher,
  ) {}

  async seed(options: SeedOptions): Promise<SeedSummary> {
    if (!Number.isInteger(options.members) || options.members < 1 || options.members > MAX_SEEDED_MEMBERS) {
      throw new RangeError(`--members must be a whole number from 1 to ${MAX_SEEDED_MEMBERS}`);
    }
    const regionId = await this.repo.ensureRegion(DEMO_REGION);
    const batch = options.batchSize ?? DEFAULT_BATCH;
    const source = options.billingMode === 'free' ? 'free' : 'admin';
    const summary: SeedSummary = { requested: options.members, inserted: 0, existing: 0, regionMembers: 0 };
    for (let start = 0; start < options.members; start += batch) {
      const members = Array.from({ length: Math.min(batch, options.members - start) }, (_, i) => demoMember(start + i));
      const result = await this.repo.insertBatch(members, members.map((m) => this.hasher.hash(m.phone)), regionId, source);
      summary.inserted += result.inserted;
      summary.existing += result.existing;
      options.onBatch?.(start + members.length, options.members);
    }
    summary.regionMembers = await this.repo.countMembers(regionId);
    return summary;
  }
}
