import { Injectable } from '@nestjs/common';
import { Clock } from '../../../common/clock';
import type { IdleCommand, InboundContext } from '../../conversation';
import { MagicLinksService } from '../../identity';
import { LinkupsRepository } from '../data/linkups.repository';
import { describeLocalTime } from '../forming/event-time';
import { LinkupActivities } from '../forming/linkup-activities';
import { normaliseReply } from '../lifecycle/replies';
import { RegionsPort } from '../ports/ports';

const LINK_WORDS = new Set(['link', 'my link', 'new link', 'page', 'my page']);

// LINK in idle: a fresh magic link to the member's next LinkUp (or, with none ahead, their latest).
@Injectable()
export class LinkCommand implements IdleCommand {
  constructor(
    private readonly linkups: LinkupsRepository,
    private readonly magicLinks: MagicLinksService,
    private readonly activities: LinkupActivities,
    private readonly regions: RegionsPort,
    private readonly clock: Clock,
  ) {}

  async tryHandle(ctx: InboundContext): Promise<boolean> {
    if (!LINK_WORDS.has(normaliseReply(ctx.text))) return false;
    const [next] = await this.linkups.findUpcomingForUser(ctx.userId, this.clock.now(), ctx.manager);
    const linkup = next ?? (await this.linkups.findLatestForUser(ctx.userId, ctx.manager));
    if (!linkup) {
      await ctx.reply(linkCopy.none());
      return true;
    }
    const { url } = await this.magicLinks.issue({ userId: ctx.userId, purpose: 'linkup', linkupId: linkup.id, manager: ctx.manager });
    const what = this.activities.catalog.describe(linkup.brief.activity_key).label;
    const when = describeLocalTime(new Date(linkup.eventTime), await this.regions.timeZoneOf(linkup.regionId, ctx.manager));
    await ctx.reply(linkCopy.link(`${what} on ${when}`, url));
    return true;
  }
}

// LINK's SMS copy (GSM-7).
export const linkCopy = {
  link: (what: string, url: string) => `Your page for ${what}: ${url}\nThe link works once; text LINK any time for a new one.`,
  none: () => "You don't have a LinkUp yet. Text LINKUP to plan one.",
};
