import type { EmbeddedPostgresHandle } from '../../src/database/embedded-postgres';

export default async function globalTeardown(): Promise<void> {
  const handle = (globalThis as Record<string, unknown>).__JOSH_EMBEDDED__ as EmbeddedPostgresHandle | undefined;
  await handle?.stop();
}
