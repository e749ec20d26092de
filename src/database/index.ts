export { DatabaseModule, resolveDatabaseUrl } from './database.module';
export { TransactionRunner } from './transaction-runner';
export { buildDataSourceOptions } from './data-source-options';
export { isDatabaseUnavailable } from './availability';
export { PrefetchedPerTransaction } from './prefetched';
