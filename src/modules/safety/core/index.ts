// The safety core: what LinkUps (which the rest of safety builds on) may use. Strikes, and the hold
// and block checks of the invite and accept paths. Everything else is in ../index.ts.
export { SafetyModule } from './safety.module';
export { SafetyService, type StrikeRequest, type StrikeResult, type StrikeType } from './safety.service';
