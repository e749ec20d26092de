export { SweepRunner, SweepsModule } from './sweep-runner';
