import { SweepRun } from './sweep-run.entity';

// The tables the sweep runner owns (sweep_runs). SweepsModule registers them (TypeOrmModule.forFeature)
// and src/database/entities.ts adds the list to the CLI's full list.
export const SWEEPS_ENTITIES: Function[] = [SweepRun];
