import type { ConversationMode } from '../../../database/enums';

// Safety's SMS flows live in the conversation pointer: mode `awaiting_invite_reply` (the mode of
// "a reply to something we asked", the enum being fixed) with a state token `{kind}:{json}`. The
// token holds ids only, never names or text, and the flow the member was in when they started
// (`saved`), which is given back when this one ends.

export interface SavedFlow {
  mode: ConversationMode;
  token: string;
  expiresAt: string | null; // ISO
}

export interface Pick {
  u: string; // the person
  l: string | null; // the LinkUp they were met in (REPORT, BLOCK)
}

export type SafetyFlow =
  | { kind: 'report'; step: 'pick'; people: Pick[]; saved: SavedFlow | null }
  | { kind: 'report'; step: 'describe'; person: Pick; saved: SavedFlow | null }
  | { kind: 'block'; step: 'pick'; people: Pick[]; saved: SavedFlow | null }
  | { kind: 'unblock'; step: 'pick'; people: Pick[]; saved: SavedFlow | null }
  | { kind: 'delete'; step: 'confirm'; saved: SavedFlow | null };

export const FLOW_MODE: ConversationMode = 'awaiting_invite_reply';
const KINDS = new Set(['report', 'block', 'unblock', 'delete']);

export function encodeFlow(flow: SafetyFlow): string {
  const { kind, ...rest } = flow;
  return `${kind}:${JSON.stringify(rest)}`;
}

// Null for any token that is not one of ours (LinkUps' `invite`, `cancel:{id}` ...) or is damaged.
export function decodeFlow(mode: ConversationMode, token: string): SafetyFlow | null {
  if (mode !== FLOW_MODE) return null;
  const at = token.indexOf(':');
  const kind = at > 0 ? token.slice(0, at) : '';
  if (!KINDS.has(kind)) return null;
  try {
    const rest = JSON.parse(token.slice(at + 1)) as Record<string, unknown>;
    if (!rest || typeof rest !== 'object' || typeof rest.step !== 'string') return null;
    return { kind, ...rest } as SafetyFlow;
  } catch {
    return null;
  }
}
