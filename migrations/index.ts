// Every migration in order, imported explicitly so the app, the CLI and jest load the same list.
export const migrations: Function[] = [];
