export { SweepRunner, countsOf, type SweepResult, type RegisteredSweep, type SweepRunReport } from './sweep-runner';
export { SweepsModule } from './sweeps.module';
