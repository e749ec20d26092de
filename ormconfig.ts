import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { AppConfig } from './src/config/app-config';
import { buildDataSourceOptions } from './src/database/data-source-options';

// The TypeORM CLI's data source (migration:run / revert / generate --check).
// It needs DATABASE_URL; the embedded server's URL is printed by `npm start`.
const config = AppConfig.fromEnvironment(process.env);
const url = config.env.DATABASE_URL ?? `postgres://postgres:josh-embedded@127.0.0.1:${config.env.EMBEDDED_PG_PORT}/josh`;

export default new DataSource(buildDataSourceOptions(url));
