// Keyset pagination ({ items, nextCursor }, opaque cursors) for lists.
export {
  type Page, type PageRequest, type CursorKey, type KeyedRow, InvalidCursorError, encodeCursor, decodeCursor, pageOf, keysetBefore, cursorParams,
} from './cursor';
