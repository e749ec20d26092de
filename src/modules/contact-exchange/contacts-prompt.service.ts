import { Injectable } from '@nestjs/common';
import { ConversationSessionsService, OutboundSmsService } from '../conversation';
import { MagicLinksService } from '../identity';
import type { AttendanceListener, AttendanceRecorded } from '../linkups';
import { ContactChoicesService } from './contact-choices.service';
import { contactsCopy } from './contacts-copy';

// When the outcome check records that a member attended: one SMS with the numbered list of the
// others and a magic link to the choices page, and (only if they are idle: never over a flow in
// progress) their conversation waits for the numbered answer (awaiting_invite_reply,
// `contacts:{linkupId}`). A member who was busy can still answer from idle (ContactsSmsService).
@Injectable()
export class ContactsPromptService implements AttendanceListener {
  constructor(
    private readonly choices: ContactChoicesService,
    private readonly magicLinks: MagicLinksService,
    private readonly sms: OutboundSmsService,
    private readonly sessions: ConversationSessionsService,
  ) {}

  async onAttendanceRecorded(e: AttendanceRecorded): Promise<void> {
    const state = await this.choices.state(e.linkupId, e.userId, e.manager);
    if (!state?.open || state.attendance.others.length === 0) return;
    const { url } = await this.magicLinks.issue({ userId: e.userId, purpose: 'contacts', linkupId: e.linkupId, manager: e.manager });
    const { created } = await this.sms.enqueue({
      userId: e.userId,
      body: contactsCopy.prompt(state.attendance.activity, state.attendance.others.map((o) => o.firstName), url),
      // After the reply to their outcome answer (priority), so "Thanks!" comes first.
      purpose: 'notice',
      idempotencyKey: `contacts:${e.linkupId}:${e.userId}`,
      correlationId: e.correlationId ?? undefined,
      manager: e.manager,
    });
    if (created) await this.sessions.setModeIfIdle(e.userId, 'awaiting_invite_reply', { stateToken: `contacts:${e.linkupId}` }, e.manager);
  }
}
