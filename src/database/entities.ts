// Every TypeORM entity, one list for the app, the CLI and the drift check.
export const entities: Function[] = [];
