import { DomainError } from '../errors';

// Keyset pagination shared by every list of the admin API: newest first on (timestamp, id), the
// cursor an opaque base64url of the last row's key. The timestamp travels as PostgreSQL's own text
// (microseconds kept: a JavaScript Date would round them off and skip or repeat rows).

export interface PageRequest {
  limit: number;
  cursor?: string | null;
}

export interface Page<T> {
  items: T[];
  // Pass as ?cursor= for the next page; null on the last page.
  nextCursor: string | null;
}

export interface CursorKey {
  at: string; // a timestamptz as text, e.g. created_at::text
  id: string;
}

// Rows a repository fetched with `limit + 1`, each with its key.
export interface KeyedRow {
  id: string;
  cursorAt: string;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_CURSOR_LENGTH = 200;

export class InvalidCursorError extends DomainError {
  constructor() {
    super('invalid_cursor', 'The cursor is not one this list gave out.', 422);
  }
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.at, key.id]), 'utf8').toString('base64url');
}

// Null for the first page; 422 for anything this API did not hand out.
export function decodeCursor(cursor?: string | null): CursorKey | null {
  if (cursor === undefined || cursor === null || cursor === '') return null;
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new InvalidCursorError();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw new InvalidCursorError();
  const [at, id] = parsed as unknown[];
  if (typeof at !== 'string' || typeof id !== 'string' || !UUID_RE.test(id) || Number.isNaN(Date.parse(at))) throw new InvalidCursorError();
  return { at, id };
}

// The page out of `limit + 1` rows: the extra row only says there is a next page.
export function pageOf<T extends KeyedRow>(rows: T[], limit: number): Page<Omit<T, 'cursorAt'>> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor = rows.length > limit && last ? encodeCursor({ at: last.cursorAt, id: last.id }) : null;
  return { items: items.map(({ cursorAt: _omit, ...rest }) => rest), nextCursor };
}

// The SQL side, for repositories: `${keysetBefore('created_at', 'id', 2)}` with params [..., at, id]
// (both null on the first page), ordered `created_at desc, id desc`.
export function keysetBefore(atColumn: string, idColumn: string, firstParam: number): string {
  const at = `$${firstParam}::timestamptz`;
  const id = `$${firstParam + 1}::uuid`;
  return `(${at} is null or (${atColumn}, ${idColumn}) < (${at}, ${id}))`;
}

export function cursorParams(key: CursorKey | null): [string | null, string | null] {
  return key ? [key.at, key.id] : [null, null];
}
