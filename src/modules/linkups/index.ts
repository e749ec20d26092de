// What other modules may use of LinkUps.
export { LinkupsModule } from './linkups.module';
export { LinkupSweepsService, type SweepReport } from './sweeps/linkup-sweeps.service';
export { WaveChooser, type LinkupForMatching } from './matching/wave-chooser';
export { MemberDepartureService, type DepartureReason, type DepartureResult } from './members/member-departure.service';
export { CompanionsService, type Companion } from './members/companions.service';
