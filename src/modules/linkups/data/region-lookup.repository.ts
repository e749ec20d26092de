import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { RegionRules } from '../../regions';
import type { MemberRegion } from '../ports/ports';

// Read-only: a member's active region and a region's rules (time zone, venues). RegionsService
// exposes neither yet; these two reads move there when it does.
@Injectable()
export class RegionLookupRepository {
  constructor(private readonly dataSource: DataSource) {}

  async activeRegionOf(userId: string, manager?: EntityManager): Promise<MemberRegion | null> {
    const rows: Array<{ regionId: string; state: string; rules: RegionRules }> = await (manager ?? this.dataSource.manager).query(
      `select r.id as "regionId", r.state, r.rules from region_memberships m join regions r on r.id = m.region_id
        where m.user_id = $1 and m.status = 'active' and m.released_at is null limit 1`,
      [userId],
    );
    const row = rows[0];
    return row ? { regionId: row.regionId, open: row.state === 'open', timeZone: row.rules?.timezone ?? 'UTC' } : null;
  }

  async rulesOf(regionId: string, manager?: EntityManager): Promise<RegionRules | null> {
    const rows: Array<{ rules: RegionRules }> = await (manager ?? this.dataSource.manager).query(`select rules from regions where id = $1`, [regionId]);
    return rows[0]?.rules ?? null;
  }
}
