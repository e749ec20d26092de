import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../../common/clock';
import { DomainEventsService } from '../../../common/domain-events';
import type { FlowView, InboundContext } from '../../conversation';
import { SafetyService } from '../../safety/core';
import { LinkupsRepository } from '../data/linkups.repository';
import { ParticipantsRepository } from '../data/participants.repository';
import { WaveService } from '../invites/wave.service';
import { acceptanceWindowEnd } from '../lifecycle/linkup-state';
import { normaliseReply, parseConfirmation } from '../lifecycle/replies';
import { LinkupsSettings } from '../linkups.settings';
import { linkupEvent } from '../lock/linkup-lock.service';
import { LinkupNotifier } from '../messages/linkup-notifier';
import { MembersPort, RegionsPort, type MemberRegion } from '../ports/ports';
import { completeBrief, mergeDraft, missingFields, parseBriefText, type DraftBrief, type ParseContext } from './brief-parser';
import { resolveEventTime } from './event-time';
import { LinkupActivities } from './linkup-activities';

// What the forming conversation remembers between messages (in the session's state token).
interface FormingState {
  draft: DraftBrief;
  // Set once the summary went out: the event time it showed, so YES creates exactly that.
  confirming?: string;
}

const TOKEN_PREFIX = 'forming:';
export const START_WORDS = new Set(['linkup', 'link up', 'linkups', 'new linkup', 'plan', 'plan something', 'start linkup', 'hang out']);
const STOP_WORDS = new Set(['nevermind', 'never mind', 'nvm', 'forget it', 'stop linkup', 'cancel linkup', 'no thanks']);

// "linkup", "plan something": the LINKUP command.
export function isStartWord(text: string): boolean {
  return START_WORDS.has(normaliseReply(text));
}

// A LinkUp request in free text: an activity and a day or a time ("hike sunday", "coffee at 10").
export function readsAsLinkupRequest(text: string, catalog: ParseContext['catalog']): boolean {
  const { draft } = parseBriefText(text.slice(0, 300), { now: new Date(), timeZone: 'UTC', catalog });
  return Boolean(draft.activity_key && (draft.day || draft.part || draft.clock));
}

export type CannotInitiate = 'on_hold' | 'not_entitled' | 'not_active' | 'no_region';

// LinkUp forming over SMS (PRODUCT.md section 6): fill the brief from free text, ask only for what
// is missing, confirm once, create the LinkUp idempotently and send its first wave.
@Injectable()
export class LinkupFormingService {
  constructor(
    private readonly linkups: LinkupsRepository,
    private readonly participants: ParticipantsRepository,
    private readonly waves: WaveService,
    private readonly events: DomainEventsService,
    private readonly notifier: LinkupNotifier,
    private readonly activities: LinkupActivities,
    private readonly members: MembersPort,
    private readonly regions: RegionsPort,
    private readonly safety: SafetyService,
    private readonly clock: Clock,
    @Inject(LinkupsSettings) private readonly settings: LinkupsSettings,
  ) {}

  // Idle mode: "linkup", or a text naming an activity ("coffee saturday morning"), starts forming.
  async tryStart(ctx: InboundContext): Promise<boolean> {
    const isStart = START_WORDS.has(normaliseReply(ctx.text));
    // Whether the text names an activity does not depend on the time zone: most idle texts are no
    // request, and learn so without a read of the member's region.
    const catalog = this.activities.catalog;
    if (!isStart && !parseBriefText(ctx.text, { now: this.clock.now(), timeZone: 'UTC', catalog }).draft.activity_key) return false;
    const region = await this.regions.activeRegionOf(ctx.userId, ctx.manager);
    const parsed = parseBriefText(ctx.text, { now: this.clock.now(), timeZone: region?.timeZone ?? 'UTC', catalog });
    const refusal = await this.cannotInitiate(ctx.userId, region, ctx.manager);
    if (refusal) {
      await ctx.reply(await this.refusalText(refusal, ctx));
      return true;
    }
    const open = await this.linkups.findOpenByInitiator(ctx.userId, this.clock.now(), ctx.manager);
    if (open) {
      await ctx.reply(this.notifier.copy.alreadyOpen(await this.notifier.view(open, ctx.manager)));
      return true;
    }
    await this.advance(ctx, region!, { draft: isStart ? {} : parsed.draft });
    return true;
  }

  // linkup_forming mode.
  async handle(ctx: InboundContext): Promise<void> {
    const state = decodeState(ctx.stateToken);
    const text = normaliseReply(ctx.text);
    if (STOP_WORDS.has(text)) return this.drop(ctx);
    const region = await this.regions.activeRegionOf(ctx.userId, ctx.manager);
    if (!region) return this.drop(ctx, this.notifier.copy.cannotInitiate('no_region'));
    if (state.confirming) {
      const answer = parseConfirmation(ctx.text);
      if (answer === 'yes') return this.create(ctx, region, state);
      if (answer === 'no') return this.drop(ctx);
    }
    const parsed = parseBriefText(ctx.text, { now: this.clock.now(), timeZone: region.timeZone, catalog: this.activities.catalog });
    // Nothing of a brief in it (and no command): say so gently, then the question again.
    if (!parsed.recognised) ctx.missed();
    await this.advance(ctx, region, { draft: mergeDraft(state.draft, parsed.draft) }, parsed.recognised ? undefined : this.notifier.copy.notUnderstood());
  }

  // Where the member is in forming (HELP, the question repeated after a command, the router's
  // "leave your plan?" when a draft names an activity).
  async describe(ctx: InboundContext): Promise<FlowView> {
    const { draft, confirming } = decodeState(ctx.stateToken);
    const copy = this.notifier.copy;
    const unsaved = draft.activity_key ? copy.unsavedPlan(draft.activity_key) : null;
    const done = confirming ? completeBrief(draft, this.activities.catalog, this.settings.defaultGroupSize()) : null;
    if (done) {
      const region = await this.regions.activeRegionOf(ctx.userId, ctx.manager);
      const view = { brief: done.brief, eventTime: new Date(confirming!), timeZone: region?.timeZone ?? 'UTC' };
      return { where: copy.whereForming(draft.activity_key, view), question: copy.confirm(view), unsaved };
    }
    const question = draft.activity_key ? copy.askDay(draft.activity_key) : copy.askActivity();
    return { where: copy.whereForming(draft.activity_key, null), question, unsaved };
  }

  async cannotInitiate(userId: string, region: MemberRegion | null, manager: EntityManager): Promise<CannotInitiate | null> {
    const member = await this.members.find(userId, manager);
    if (!member || member.state !== 'active') return 'not_active';
    if (await this.safety.isOnHold(userId, this.clock.now(), manager)) return 'on_hold';
    if (!region || !region.open) return 'no_region';
    if (!(await this.members.canInitiate(userId, this.clock.now(), manager))) return 'not_entitled';
    return null;
  }

  // Without a membership the member also learns how to get one.
  private async refusalText(refusal: CannotInitiate, ctx: InboundContext): Promise<string> {
    const text = this.notifier.copy.cannotInitiate(refusal);
    return refusal === 'not_entitled' ? `${text} ${await this.members.howToSubscribe(ctx.userId, ctx.manager)}` : text;
  }

  // Asks for the first missing part, or sums the brief up for one YES.
  private async advance(ctx: InboundContext, region: MemberRegion, state: FormingState, lead?: string): Promise<void> {
    const copy = this.notifier.copy;
    const missing = missingFields(state.draft);
    const reply = (body: string) => ctx.reply(lead ? `${lead} ${body}` : body);
    if (missing.includes('activity')) {
      await reply(copy.askActivity());
    } else if (missing.includes('day')) {
      await reply(copy.askDay(state.draft.activity_key!));
    } else {
      const done = completeBrief(state.draft, this.activities.catalog, this.settings.defaultGroupSize())!;
      const eventTime = resolveEventTime(
        { day: state.draft.day!, minutes: done.minutes },
        this.clock.now(),
        region.timeZone,
        this.settings.LINKUP_MIN_LEAD_MINUTES,
      );
      state = { ...state, confirming: eventTime.toISOString() };
      await reply(copy.confirm({ brief: done.brief, eventTime, timeZone: region.timeZone }));
    }
    await ctx.setMode('linkup_forming', encodeState(state));
  }

  private async create(ctx: InboundContext, region: MemberRegion, state: FormingState): Promise<void> {
    const refusal = await this.cannotInitiate(ctx.userId, region, ctx.manager);
    if (refusal) return this.drop(ctx, await this.refusalText(refusal, ctx));
    const now = this.clock.now();
    const done = completeBrief(state.draft, this.activities.catalog, this.settings.defaultGroupSize())!;
    const eventTime = new Date(state.confirming!);
    const windowEnd = acceptanceWindowEnd(now, eventTime, this.settings.LINKUP_ACCEPTANCE_WINDOW_HOURS, this.settings.LINKUP_LOCK_LEAD_MINUTES);
    if (windowEnd.getTime() - now.getTime() < 30 * 60_000) {
      // Confirmed too late for the time shown: offer the next occurrence instead.
      return this.advance(ctx, region, { draft: state.draft });
    }
    const { linkup, created } = await this.linkups.insertOnce(
      {
        initiatorUserId: ctx.userId,
        regionId: region.regionId,
        brief: done.brief,
        eventTime,
        acceptanceWindowEndsAt: windowEnd,
        minSize: done.brief.group_size.min,
        maxSize: done.brief.group_size.max,
        createKey: `linkup:${ctx.messageSid}`,
        correlationId: ctx.correlationId,
      },
      ctx.manager,
    );
    if (created) {
      await this.participants.insert(linkup.id, ctx.userId, 'initiator', now, ctx.manager);
      await this.events.record(
        linkupEvent(linkup.id, 'linkup.created', null, 'broadcasting', ctx.correlationId, { activity: done.brief.activity_key }),
        ctx.manager,
      );
      await this.waves.sendWave(linkup, ctx.correlationId, ctx.manager);
    }
    await ctx.reply(this.notifier.copy.created(await this.notifier.view(linkup, ctx.manager), windowEnd));
    await ctx.setMode('idle', 'idle', null);
  }

  // A bare DROP while forming (the router's keyword interceptor): drop the draft, no confirmation,
  // since nothing exists yet and LINKUP starts again.
  abandon(ctx: InboundContext): Promise<void> {
    return this.drop(ctx, this.notifier.copy.dropped());
  }

  private async drop(ctx: InboundContext, message?: string): Promise<void> {
    await ctx.reply(message ?? this.notifier.copy.dropped());
    await ctx.setMode('idle', 'idle', null);
  }
}

function encodeState(state: FormingState): string {
  return `${TOKEN_PREFIX}${JSON.stringify(state)}`;
}

function decodeState(token: string): FormingState {
  if (!token.startsWith(TOKEN_PREFIX)) return { draft: {} };
  try {
    const parsed = JSON.parse(token.slice(TOKEN_PREFIX.length)) as FormingState;
    return parsed && typeof parsed === 'object' && parsed.draft ? parsed : { draft: {} };
  } catch {
    return { draft: {} };
  }
}
