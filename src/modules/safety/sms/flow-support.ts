import { Inject, Injectable } from '@nestjs/common';
import { ConversationSessionsService, type InboundContext } from '../../conversation';
import { UsersService } from '../../identity';
import { SafetySettings } from '../core/safety.settings';
import { encodeFlow, FLOW_MODE, type Pick, type SafetyFlow, type SavedFlow } from './flow-token';
import { SafetyCopy } from './safety-copy';

// Entering and leaving safety's SMS flows without losing the member's earlier one: starting a
// flow saves the mode and token they were in (a LinkUp draft, an invite answer, the interview ...),
// ending it gives them back with the time they had left and says so, or says the earlier flow timed
// out meanwhile. Sessions time out on the database clock, which is wall time, so this does too.
@Injectable()
export class FlowSupport {
  constructor(
    private readonly sessions: ConversationSessionsService,
    private readonly users: UsersService,
    private readonly copy: SafetyCopy,
    @Inject(SafetySettings) private readonly settings: SafetySettings,
  ) {}

  async saved(ctx: InboundContext, current: SafetyFlow | null): Promise<SavedFlow | null> {
    if (current) return current.saved;
    if (ctx.mode === 'idle' || ctx.mode === 'safety_hold') return null;
    const session = await this.sessions.getSession(ctx.userId, ctx.manager);
    return { mode: ctx.mode, token: ctx.stateToken, expiresAt: session?.expiresAt ? new Date(session.expiresAt).toISOString() : null };
  }

  async enter(ctx: InboundContext, flow: SafetyFlow, ttlSeconds = this.settings.SAFETY_FLOW_TIMEOUT_MINUTES * 60): Promise<void> {
    await ctx.setMode(FLOW_MODE, encodeFlow(flow), ttlSeconds);
  }

  // Ends the flow with `body` (one SMS), giving the earlier flow back.
  async finish(ctx: InboundContext, body: string, saved: SavedFlow | null): Promise<void> {
    if (!saved) {
      await ctx.setMode('idle', 'idle', null);
      return ctx.reply(body);
    }
    const left = saved.expiresAt ? Math.ceil((Date.parse(saved.expiresAt) - Date.now()) / 1000) : null;
    if (left !== null && left <= 0) {
      await ctx.setMode('idle', 'idle', null);
      return ctx.reply(`${body} ${this.copy.earlierTimedOut()}`);
    }
    await ctx.setMode(saved.mode, saved.token, left);
    await ctx.reply(`${body}\n${this.copy.backToEarlier()}`);
  }

  // First names of the people on a picker (null for a member who deleted their account).
  async names(people: Pick[], ctx: InboundContext): Promise<Array<string | null>> {
    const out: Array<string | null> = [];
    for (const p of people) {
      const user = await this.users.findById(p.u, ctx.manager);
      out.push(user && !user.deletedAt ? user.firstName : null);
    }
    return out;
  }
}
