import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../../common/clock';
import { ConversationSessionsService, OutboundSmsService, type FlowView, type InboundContext } from '../../conversation';
import { UsersService } from '../../identity';
import { RegionsService } from '../../regions';
import { activityCatalog } from '../activity-catalog';
import { ProfileSettings } from '../profile.settings';
import { isInterviewComplete, resumePosition, stateAfterTurn } from '../profile-state';
import { ProfileRepository } from '../profile.repository';
import { ProfileWriter, type LoadedProfile, type ProfileChange } from '../profile-writer';
import { copy } from './interview-copy';
import {
  decodePosition, encodePosition, FLOW_STEPS, openingText, questionText, takeTurn, type EngineContext, type InterviewPosition, type OpeningKind,
  type TurnResult,
} from './interview-engine';
import { CORE_STEPS, STEPS, type StepKey } from './interview-steps';
import { isProfileCommand } from './profile-command';

const DAY_MS = 86_400_000;
// The question after a "you're in" SMS waits this long, so the two arrive in order.
const FOLLOW_UP_DELAY_MS = 5_000;

// The SMS interview: starts it at verification, handles each answer in `interviewing` mode, and
// resumes it from idle ("profile", or any text while the core steps are unfinished).
@Injectable()
export class InterviewService {
  readonly engine: EngineContext;

  constructor(
    private readonly writer: ProfileWriter,
    private readonly profiles: ProfileRepository,
    private readonly users: UsersService,
    private readonly regions: RegionsService,
    private readonly sessions: ConversationSessionsService,
    private readonly sms: OutboundSmsService,
    private readonly clock: Clock,
    @Inject(ProfileSettings) private readonly settings: ProfileSettings,
  ) {
    this.engine = {
      steps: STEPS,
      catalog: activityCatalog,
      signals: { halfLifeDays: settings.PROFILE_FRESHNESS_HALF_LIFE_DAYS, maxConfidence: settings.PROFILE_MAX_CONFIDENCE },
      maxReasks: settings.PROFILE_INTERVIEW_MAX_REASKS,
    };
  }

  // Right after verification: `interviewing` mode and the first question, once per member.
  async start(userId: string, correlationId: string, manager: EntityManager): Promise<void> {
    let position: InterviewPosition | undefined;
    const key = `interview-start:${userId}`;
    const { applied } = await this.writer.apply(
      { userId, idempotencyKey: key, eventType: 'interview_started', source: 'interview', correlationId, manager, createIfMissing: true },
      (p) => {
        position = resumePosition(p.state, stepOrNull(p.lastInterviewStep));
        return { lastInterviewStep: position.step, payload: { flow: position.flow, step: position.step } };
      },
    );
    if (!applied || !position) return;
    await this.sessions.setMode(userId, 'interviewing', { stateToken: encodePosition(position) }, manager);
    await this.sms.enqueue({
      userId, body: openingText('start', position, this.engine), purpose: 'interview', idempotencyKey: key, correlationId, manager,
    });
  }

  // `interviewing` mode: one answer, one turn of the engine.
  async answer(ctx: InboundContext): Promise<void> {
    let turn: TurnResult | undefined;
    const request = { ...this.request(ctx, 'interview_answered'), createIfMissing: true };
    const { applied, before, after } = await this.writer.apply(request, (p) => {
      const position = decodePosition(ctx.stateToken) ?? resumePosition(p.state, stepOrNull(p.lastInterviewStep));
      turn = takeTurn(position, ctx.text, p.data, this.engine);
      return this.changeFor(p, position, turn);
    });
    if (!applied || !turn) return;
    // Not an answer (re-asked, or skipped after the re-ask): the router counts misses in a row.
    if (turn.outcome === 'reasked' || (turn.outcome === 'skipped' && turn.unrecognised)) ctx.missed();
    const becameComplete = !isInterviewComplete(before.state) && isInterviewComplete(after.state);
    if (becameComplete) {
      await this.users.setState(ctx.userId, ['verified', 'interviewing'], 'active', ctx.manager);
      const waitlisted = (await this.regions.membershipStatus(ctx.userId, ctx.manager)) === 'waitlisted';
      await ctx.reply(waitlisted ? copy.youreInWaitlisted(ctx.firstName) : copy.youreIn(ctx.firstName));
      await this.sms.enqueue({
        userId: ctx.userId, body: turn.reply, purpose: 'interview', idempotencyKey: `reply:${ctx.messageSid}:next`,
        correlationId: ctx.correlationId, notBefore: new Date(this.clock.now().getTime() + FOLLOW_UP_DELAY_MS), manager: ctx.manager,
      });
    } else {
      await ctx.reply(turn.reply);
    }
    if (turn.next) await ctx.setMode('interviewing', encodePosition(turn.next));
    else await ctx.setMode('idle', 'idle', null);
  }

  // Before an inbound batch is routed: tryResume's profile read for all of its members at once.
  prefetch(userIds: string[], manager: EntityManager): Promise<void> {
    return this.profiles.prefetchStates(userIds, manager);
  }

  // Idle mode: "profile" (re)starts the right flow; while the core steps are unfinished any text
  // picks the interview up where it stopped. Returns false for texts that are not ours.
  async tryResume(ctx: InboundContext): Promise<boolean> {
    const state = await this.profiles.findState(ctx.userId, ctx.manager);
    if (!state) return false;
    const asked = isProfileCommand(ctx.text);
    if (!asked && isInterviewComplete(state)) return false;
    let position: InterviewPosition | undefined;
    let kind: OpeningKind = 'resume';
    const { applied } = await this.writer.apply(this.request(ctx, 'interview_resumed'), (p) => {
      position = resumePosition(p.state, stepOrNull(p.lastInterviewStep));
      kind = openingKind(p, position);
      return { lastInterviewStep: position.step, payload: { flow: position.flow, step: position.step, trigger: asked ? 'profile' : 'text' } };
    });
    if (!applied || !position) return true;
    await ctx.reply(openingText(kind, position, this.engine));
    await ctx.setMode('interviewing', encodePosition(position));
    return true;
  }

  // Where the member is in the interview: the question, HELP's line, and whether the step is
  // optional (steps 7-11: a LinkUp request leaves them, to be picked up with PROFILE).
  async describe(ctx: InboundContext): Promise<FlowView> {
    let position = decodePosition(ctx.stateToken);
    if (!position) {
      const p = await this.profiles.findState(ctx.userId, ctx.manager);
      position = resumePosition(p ?? 'empty', null);
    }
    const steps = FLOW_STEPS[position.flow];
    const def = this.engine.steps.get(position.step)!;
    return {
      where: copy.whereQuestion(steps.indexOf(position.step) + 1, steps.length, def.spec.multi),
      question: questionText(position, this.engine),
      optional: !CORE_STEPS.includes(position.step),
      leaveNote: copy.leftForNow,
      // PROFILE inside the interview repeats the question (the answer parser's "repeat").
      ownCommands: ['PROFILE'],
    };
  }

  private request(ctx: InboundContext, eventType: string) {
    return {
      userId: ctx.userId, idempotencyKey: `interview:${ctx.messageSid}`, eventType, source: 'interview',
      correlationId: ctx.correlationId, manager: ctx.manager,
    };
  }

  private changeFor(p: LoadedProfile, position: InterviewPosition, turn: TurnResult): ProfileChange {
    const state = stateAfterTurn(p.state, position.flow, turn, p.completedAt !== null);
    const now = this.clock.now();
    const fresh = turn.outcome === 'answered';
    return {
      eventType: `interview_${turn.outcome}`,
      data: fresh ? turn.data : undefined,
      state,
      lastInterviewStep: turn.next?.step ?? (turn.outcome === 'paused' ? position.step : null),
      completedAt: state === 'complete_full' && !p.completedAt ? now : undefined,
      // A fresh signal (or a finished refresh) restarts the stale countdown.
      staleAt: fresh || state !== p.state ? new Date(now.getTime() + this.settings.PROFILE_STALE_AFTER_DAYS * DAY_MS) : undefined,
      payload: {
        flow: position.flow,
        step: position.step,
        outcome: turn.outcome,
        ...(turn.choice.length ? { choice: turn.choice } : {}),
        ...(turn.unrecognised ? { unrecognised: turn.unrecognised } : {}),
        ...(turn.changed.length ? { changed: turn.changed } : {}),
        next_step: turn.next?.step ?? null,
      },
    };
  }
}

function stepOrNull(step: string | null): StepKey | null {
  return STEPS.has(step as StepKey) ? (step as StepKey) : null;
}

function openingKind(p: LoadedProfile, position: InterviewPosition): OpeningKind {
  if (position.flow === 'refresh') return 'refresh';
  if (position.flow === 'optional') return p.state === 'complete_full' ? 'restartOptional' : 'resume';
  return p.state === 'empty' && !p.lastInterviewStep ? 'start' : 'resume';
}
