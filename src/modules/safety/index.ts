// What other modules may use of safety. LinkUps import the core through ./core/index.ts (it sits below
// them); this door is for the modules above LinkUps (admin): SafetyActionsModule and the services
// support calls, built on LinkUps.
export { SafetyModule } from './core/safety.module';
export { SafetyActionsModule } from './safety-actions.module';
export { SafetyService, type StrikeRequest, type StrikeResult, type StrikeType } from './core/safety.service';
export { HoldsService, type ApplyHoldRequest, type ClearHoldRequest, type HoldResult } from './holds/holds.service';
export { HoldsSweepService } from './holds/holds-sweep.service';
export type { HoldChange } from './core/hold-rules';
export type { HoldKind, HoldRecord } from './core/holds.repository';
export { ReportsService, type ReportDecision, type FiledReport } from './reports/reports.service';
export type { ReportRecord } from './reports/reports.repository';
export { IncidentsService } from './incidents/incidents.service';
export type { IncidentRecord } from './incidents/incidents.repository';
export { BlocksService } from './blocks/blocks.service';
export { MemberDeletionService, type DeletionResult } from './deletion/member-deletion.service';
export type { SafetyActor } from './core/safety-actor';
export { SafetyError, SafetyErrorCode } from './safety.errors';
