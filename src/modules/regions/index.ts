// What other modules may use of regions.
export { RegionsModule } from './regions.module';
export { RegionsService, type MembershipAssignment, type OpenRegionResult } from './regions.service';
export { RegionsError, RegionsErrorCode } from './regions.errors';
export { RegionMembersPort, type RegionMembers, type RegionNotice } from './ports/region-members.port';
export type { RegionRecord, RegionSummary, MembershipStatus, RegionUpsert } from './regions.repository';
export type { RegionGeometry, RegionRules } from './region-shapes';
export { DEMO_REGION, WAITLIST_REGION } from './demo-region';
