import type { ConversationMode } from '../../../database/enums';
import type { OutboundPurpose } from '../conversation.contracts';
import type { InterceptableKeyword } from './global-keywords';

// Where a message went, recorded on its message_events row.
export type Route =
  | 'unknown_sender' | 'unknown_stop' | 'unknown_start' | 'unverified' | 'opt_out' | 'opt_in' | 'help' | 'opted_out_ignored'
  | 'suspended' | `mode:${ConversationMode}` | `idle_command:${number}` | 'idle_default' | `claimed:${InterceptableKeyword}`
  | `gate:${number}` | `command:${string}` | `request:${string}` | `switch_asked:${string}` | 'switch:yes' | 'switch:no';

export interface PendingReply {
  body: string;
  purpose: OutboundPurpose;
  suffix?: string;
}

// One message's handling as the router sees it. Replies wait here until the routing is done, so the
// router can put a note in front of the first one (a timeout, leaving the interview) and repeat the
// open question or add MENU after them; they are queued together when the turn ends.
export class Turn {
  readonly replies: PendingReply[] = [];
  readonly notes: string[] = [];
  // setMode calls so far: a command that made none left the member where they were.
  moves = 0;
  missed = false;
  menuSent = false;
  // The session's expiry as it is now (kept up to date by setMode): a flow set aside keeps what it had left.
  expiresAt: Date | null;
  readonly details: Record<string, unknown> = {};

  // lastMissStreak: the member's miss streak before this text, when it was read with the session.
  constructor(expiresAt: Date | null, readonly lastMissStreak?: number) {
    this.expiresAt = expiresAt;
  }

  // The replies as they go out: the notes ride on the first one, or go alone if nothing else was said.
  outgoing(): PendingReply[] {
    if (this.notes.length === 0) return this.replies;
    if (this.replies.length === 0) return [{ body: this.notes.join('\n'), purpose: 'reply' }];
    const [first, ...rest] = this.replies;
    return [{ ...first, body: [...this.notes, first.body].join('\n') }, ...rest];
  }
}
