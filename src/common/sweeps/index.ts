export { SweepRunner, SweepsModule, type RegisteredSweep, type SweepRunReport } from './sweep-runner';
