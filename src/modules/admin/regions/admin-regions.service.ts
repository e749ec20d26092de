import { Injectable } from '@nestjs/common';
import { currentCorrelationId } from '../../../common/context/request-context';
import type { PageRequest } from '../../../common/pagination';
import { RegionsService, type RegionGeometry, type RegionRules } from '../../regions';
import { AdminAuditService } from '../audit/admin-audit.service';
import type { AdminPrincipal } from '../auth/admin-roles';
import type { CreateRegionDto, RegionCloseResultDto, RegionDto, RegionOpenResultDto } from './regions.dto';

// Regions for ops, through RegionsService: rules and geometry are checked by its validators (422
// listing every problem), opening tells each waitlisted member once, in the audited transaction.
@Injectable()
export class AdminRegionsService {
  constructor(
    private readonly regions: RegionsService,
    private readonly audit: AdminAuditService,
  ) {}

  list(page: PageRequest) {
    return this.regions.list(page);
  }

  async create(admin: AdminPrincipal, req: CreateRegionDto): Promise<RegionDto> {
    const created = await this.audit.audited(
      admin,
      { action: 'region.created', targetType: 'region', targetId: (r: { id: string }) => r.id, reason: req.reason },
      (m) => this.regions.createRegion(
        { slug: req.slug, displayName: req.displayName, state: req.state ?? 'waitlisted', geometry: req.geometry as unknown as RegionGeometry, rules: req.rules as unknown as RegionRules },
        m,
      ),
      (r) => ({ slug: r.slug, state: r.state, zipCount: r.geometry.zips.length, rules: r.rules }),
    );
    const { geometry, ...rest } = created;
    return { ...rest, zipCount: geometry.zips.length };
  }

  open(admin: AdminPrincipal, regionId: string, reason: string): Promise<RegionOpenResultDto> {
    return this.audit.audited(
      admin,
      { action: 'region.opened', targetType: 'region', targetId: regionId, reason },
      (m) => this.regions.openRegion(regionId, currentCorrelationId() ?? crypto.randomUUID(), m),
      (r) => ({ ...r }),
    );
  }

  async close(admin: AdminPrincipal, regionId: string, reason: string): Promise<RegionCloseResultDto> {
    const r = await this.audit.audited(
      admin,
      { action: 'region.closed', targetType: 'region', targetId: regionId, reason },
      (m) => this.regions.closeRegion(regionId, m),
      (res) => ({ changed: res.changed }),
    );
    return { changed: r.changed, region: r.region };
  }
}
