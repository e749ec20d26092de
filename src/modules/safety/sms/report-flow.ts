import { Inject, Injectable } from '@nestjs/common';
import type { InboundContext } from '../../conversation';
import { UsersService } from '../../identity';
import { CompanionsService } from '../../linkups';
import { ReportsService } from '../reports/reports.service';
import { SafetySettings } from '../core/safety.settings';
import { FlowSupport } from './flow-support';
import type { Pick, SafetyFlow } from './flow-token';
import { hasWords, isLeave, parsePick } from './picker';
import { SafetyCopy } from './safety-copy';

// The most people a picker lists (one digit each, three SMS segments at most).
export const PICKER_SIZE = 9;

type ReportFlow = Extract<SafetyFlow, { kind: 'report' }>;

// REPORT: which person (from the member's LinkUps of the last SAFETY_REPORT_LOOKBACK_DAYS days),
// then what happened (one message), then one safety_reports row and a thank-you. The reported
// member hears nothing; a severe report also opens an incident and holds them (ReportsService).
@Injectable()
export class ReportFlowHandler {
  constructor(
    private readonly companions: CompanionsService,
    private readonly reports: ReportsService,
    private readonly users: UsersService,
    private readonly flows: FlowSupport,
    private readonly copy: SafetyCopy,
    @Inject(SafetySettings) private readonly settings: SafetySettings,
  ) {}

  async start(ctx: InboundContext, current: SafetyFlow | null): Promise<void> {
    const saved = await this.flows.saved(ctx, current);
    const people = await this.companions.recentCompanions(ctx.userId, this.settings.SAFETY_REPORT_LOOKBACK_DAYS, PICKER_SIZE, ctx.manager);
    if (people.length === 0) return this.flows.finish(ctx, this.copy.noOneToReport(), saved);
    await this.flows.enter(ctx, { kind: 'report', step: 'pick', people: people.map((p) => ({ u: p.userId, l: p.linkupId })), saved });
    await ctx.reply(this.copy.reportPicker(people.map((p) => ({ name: p.firstName, label: p.linkupLabel }))));
  }

  async continue(ctx: InboundContext, flow: ReportFlow): Promise<void> {
    if (flow.step === 'pick') return this.pick(ctx, flow);
    return this.describe(ctx, flow.person, flow);
  }

  private async pick(ctx: InboundContext, flow: Extract<ReportFlow, { step: 'pick' }>): Promise<void> {
    const names = await this.flows.names(flow.people, ctx);
    const answer = parsePick(ctx.text, names);
    if (answer.kind === 'leave') return this.flows.finish(ctx, this.copy.left(), flow.saved);
    if (answer.kind !== 'pick') return ctx.reply(this.copy.pickAgain(flow.people.length));
    await this.flows.enter(ctx, { kind: 'report', step: 'describe', person: flow.people[answer.index], saved: flow.saved });
    await ctx.reply(this.copy.askWhatHappened(names[answer.index]));
  }

  private async describe(ctx: InboundContext, person: Pick, flow: ReportFlow): Promise<void> {
    if (isLeave(ctx.text)) return this.flows.finish(ctx, this.copy.left(), flow.saved);
    if (!hasWords(ctx.text)) return ctx.reply(this.copy.describeAgain());
    const filed = await this.reports.file(
      {
        reporterUserId: ctx.userId, reporterPhoneHash: this.users.phoneHash(ctx.phoneE164), reportedUserId: person.u,
        linkupId: person.l!, text: ctx.text, correlationId: ctx.correlationId,
      },
      ctx.manager,
    );
    await this.flows.finish(ctx, this.copy.reportThanks(filed.severe), flow.saved);
  }
}
