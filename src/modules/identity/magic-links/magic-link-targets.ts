import { Injectable } from '@nestjs/common';

// Purposes named by the product; a module may register others.
export type MagicLinkPurpose = 'linkup' | 'contacts' | 'billing' | (string & {});

export interface MagicLinkTarget {
  // The one button of the confirm page (GET /m/<token>), e.g. "Open my LinkUp".
  buttonLabel: string;
  // Where POST /m/<token> sends the member once the link is consumed (a path on this site).
  path(link: { userId: string; linkupId: string | null }): string;
}

// Where a link of each purpose leads. The module that serves the page registers its purpose from
// its onModuleInit (linkups: 'linkup', contact-exchange: 'contacts', billing: 'billing'), so
// identity never knows other modules' routes. Links can only be issued for registered purposes.
@Injectable()
export class MagicLinkTargets {
  private readonly targets = new Map<string, MagicLinkTarget>();

  register(purpose: MagicLinkPurpose, target: MagicLinkTarget): void {
    if (!/^[a-z][a-z0-9_]{0,31}$/.test(purpose)) throw new Error(`invalid magic link purpose: ${purpose}`);
    if (this.targets.has(purpose)) throw new Error(`a target for magic link purpose ${purpose} is already registered`);
    this.targets.set(purpose, target);
  }

  get(purpose: string): MagicLinkTarget | undefined {
    return this.targets.get(purpose);
  }
}
