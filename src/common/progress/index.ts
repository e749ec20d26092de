export { Progress, progressMode, formatDuration, type ProgressMode, type ProgressOptions, type ProgressStream } from './progress';
