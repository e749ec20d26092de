import type { ConversationMode } from '../../../database/enums';

// The router's own short flow: "You're in the middle of X. Leave it to do Y?" asked when a command
// that starts another flow would throw away state worth keeping (a half-filled LinkUp draft). It is
// mode `awaiting_invite_reply` (a reply to something we asked; the mode enum is fixed) with the
// token `switch:{json}`: the command's name and the flow it would leave, never message text.

export const SWITCH_MODE: ConversationMode = 'awaiting_invite_reply';
const PREFIX = 'switch:';

export interface SavedFlow {
  mode: ConversationMode;
  token: string;
  expiresAt: string | null; // ISO
}

export interface SwitchState {
  command: string;
  saved: SavedFlow;
}

export function encodeSwitch(state: SwitchState): string {
  return `${PREFIX}${JSON.stringify({ c: state.command, s: state.saved })}`;
}

export function decodeSwitch(mode: ConversationMode, token: string): SwitchState | null {
  if (mode !== SWITCH_MODE || !token.startsWith(PREFIX)) return null;
  try {
    const raw = JSON.parse(token.slice(PREFIX.length)) as { c?: unknown; s?: Partial<SavedFlow> };
    const saved = raw?.s;
    if (typeof raw?.c !== 'string' || !saved || typeof saved.mode !== 'string' || typeof saved.token !== 'string') return null;
    return { command: raw.c, saved: { mode: saved.mode, token: saved.token, expiresAt: typeof saved.expiresAt === 'string' ? saved.expiresAt : null } };
  } catch {
    return null;
  }
}

// Seconds the saved flow had left (null: no timeout; <= 0: it timed out meanwhile). Sessions time out
// on the database clock, which is wall time, so this is too.
export function secondsLeft(saved: SavedFlow, now = Date.now()): number | null {
  return saved.expiresAt ? Math.ceil((Date.parse(saved.expiresAt) - now) / 1000) : null;
}
