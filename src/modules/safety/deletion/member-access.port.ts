import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

// What a member can still sign in with besides SMS: magic links and page sessions (identity, issue
// 9). Member deletion revokes them all in its transaction through this port.
export abstract class MemberAccessRevoker {
  abstract revokeAllForUser(userId: string, manager: EntityManager): Promise<void>;
}

// INTEGRATION POINT (issue 9): this branch has no magic links or page sessions yet, so the binding
// in safety-actions.module.ts is this placeholder, which revokes nothing. When identity's
// MagicLinksService lands, bind MemberAccessRevoker to it there:
//   { provide: MemberAccessRevoker, inject: [MagicLinksService],
//     useFactory: (links: MagicLinksService) => ({ revokeAllForUser: (id, m) => links.revokeAllForUser(id, m) }) }
@Injectable()
export class NoMemberAccessYet extends MemberAccessRevoker {
  private readonly log = new Logger('MemberAccessRevoker');

  async revokeAllForUser(): Promise<void> {
    this.log.warn({ msg: 'member deleted: no magic-link/page-session revoker is bound yet (issue 9)' });
  }
}
