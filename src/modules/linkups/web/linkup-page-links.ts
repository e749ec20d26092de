import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface LinkupPageLink {
  href: string;
  label: string;
}

// Shows another module's link on a member's LinkUp page (contact exchange: "Choose who to swap
// numbers with"). Returns null when it has nothing for this member and LinkUp.
export type LinkupPageLinkProvider = (q: { linkupId: string; userId: string; manager?: EntityManager }) => Promise<LinkupPageLink | null>;

// Registered from the other module's onModuleInit, so the LinkUp page never imports it.
@Injectable()
export class LinkupPageLinks {
  private readonly providers: LinkupPageLinkProvider[] = [];

  register(provider: LinkupPageLinkProvider): void {
    this.providers.push(provider);
  }

  async for(linkupId: string, userId: string, manager?: EntityManager): Promise<LinkupPageLink[]> {
    const links: LinkupPageLink[] = [];
    for (const provider of this.providers) {
      const link = await provider({ linkupId, userId, manager });
      if (link) links.push(link);
    }
    return links;
  }
}
