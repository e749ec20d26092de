// What other modules may use of LinkUps.
export { LinkupsModule } from './linkups.module';
export { LinkupSweepsService, type SweepReport } from './sweeps/linkup-sweeps.service';
export { WaveChooser, type LinkupForMatching } from './matching/wave-chooser';
export { AttendanceListeners, type AttendanceListener, type AttendanceRecorded } from './ports/attendance-listeners';
export { LinkupAttendanceService, type LinkupAttendance, type GroupMember } from './attendance/linkup-attendance.service';
export { LinkupPageLinks, type LinkupPageLink, type LinkupPageLinkProvider } from './web/linkup-page-links';
export { MemberDepartureService, type DepartureReason, type DepartureResult } from './members/member-departure.service';
export { CompanionsService, type Companion } from './members/companions.service';
