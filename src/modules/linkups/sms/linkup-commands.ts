import { Injectable } from '@nestjs/common';
import type { ConversationCommand, InboundContext } from '../../conversation';
import { isStartWord, LinkupFormingService, readsAsLinkupRequest } from '../forming/linkup-forming.service';
import { LinkupActivities } from '../forming/linkup-activities';
import { normaliseReply } from '../lifecycle/replies';
import { LinkCommand } from './link-command';
import { LinkupStatusService } from './linkup-status.service';

const STATUS_WORDS = new Set(['status', 'my status', 'my linkups', 'linkups status', 'linkup status', 'plans', 'my plans', 'upcoming']);

// LinkUps' commands, which work in every mode (ConversationRouter.registerCommand): STATUS and LINK
// answer and leave the member where they were; LINKUP starts forming (the router asks first when
// a half-filled draft would be lost), also from a free-text request ("hike sunday") in the
// interview's optional steps.
@Injectable()
export class LinkupCommands {
  constructor(
    private readonly status: LinkupStatusService,
    private readonly forming: LinkupFormingService,
    private readonly activities: LinkupActivities,
    private readonly link: LinkCommand,
  ) {}

  all(): ConversationCommand[] {
    return [
      {
        name: 'LINKUP',
        effect: 'starts_flow',
        matches: isStartWord,
        readsAsRequest: (text) => readsAsLinkupRequest(text, this.activities.catalog),
        run: (ctx: InboundContext) => this.forming.tryStart(ctx),
        label: 'start a new LinkUp',
        menu: 'LINKUP - plan something',
        menuRank: 10,
      },
      {
        name: 'STATUS',
        effect: 'read_only',
        matches: (text) => STATUS_WORDS.has(normaliseReply(text)),
        run: async (ctx: InboundContext) => ctx.reply(await this.status.statusText(ctx.userId, ctx.manager)),
        menu: 'STATUS - your plans',
        menuRank: 20,
      },
      this.link,
    ];
  }
}
