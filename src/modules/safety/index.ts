// What other modules may use of safety.
export { SafetyModule } from './safety.module';
export { SafetyService, type StrikeRequest, type StrikeResult, type StrikeType } from './safety.service';
