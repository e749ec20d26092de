export { SweepRunner, countsOf, type SweepResult } from './sweep-runner';
export { SweepsModule } from './sweeps.module';
