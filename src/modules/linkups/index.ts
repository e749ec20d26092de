// What other modules may use of LinkUps.
export { LinkupsModule } from './linkups.module';
export { LinkupSweepsService, type SweepReport } from './sweeps/linkup-sweeps.service';
export { WaveChooser, type LinkupForMatching } from './matching/wave-chooser';
