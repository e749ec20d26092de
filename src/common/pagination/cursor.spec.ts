import { decodeCursor, encodeCursor, InvalidCursorError, pageOf } from './cursor';

const ID = '9b2f0c3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';

describe('keyset cursors', () => {
  it('round-trip the key with its microseconds', () => {
    const key = { at: '2026-05-01 10:00:00.123456+00', id: ID };
    expect(decodeCursor(encodeCursor(key))).toEqual(key);
    expect(decodeCursor(undefined)).toBeNull();
    expect(decodeCursor('')).toBeNull();
  });

  it.each([
    ['not base64url', 'a+b/c='],
    ['not JSON', Buffer.from('{oops').toString('base64url')],
    ['not a pair', Buffer.from('[1]').toString('base64url')],
    ['no uuid', Buffer.from(JSON.stringify(['2026-05-01', 'x'])).toString('base64url')],
    ['no date', Buffer.from(JSON.stringify(['soon', ID])).toString('base64url')],
    ['too long', 'a'.repeat(201)],
  ])('refuse a cursor that is %s (422)', (_why, cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(InvalidCursorError);
  });

  it('page limit + 1 rows: the extra row only says a next page exists, from the last row shown', () => {
    const rows = [1, 2, 3].map((n) => ({ id: `${ID.slice(0, -1)}${n}`, cursorAt: `2026-05-0${n}`, n }));
    const page = pageOf(rows, 2);
    expect(page.items).toEqual([{ id: rows[0].id, n: 1 }, { id: rows[1].id, n: 2 }]);
    expect(decodeCursor(page.nextCursor)).toEqual({ at: '2026-05-02', id: rows[1].id });
    expect(pageOf(rows.slice(0, 2), 2).nextCursor).toBeNull();
  });
});
