import { Body, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { AdminController, AdminRoute, CurrentAdmin } from '../auth/admin-route.decorator';
import type { AdminPrincipal } from '../auth/admin-roles';
import { NoQueryDto, pageRequest, ReasonDto, UuidParam } from '../common/common.dto';
import { MemberActionsService } from './member-actions.service';
import { MemberMessagesService } from './member-messages.service';
import { MemberSummaryService } from './member-summary.service';
import {
  ApplyHoldDto, DeletionResultDto, EntitlementDto, GrantEntitlementsDto, HoldResultDto, MemberLookupQueryDto, MemberSummaryDto,
  MemberSummaryPageDto, MessagePageDto, MessagesQueryDto, SuspensionResultDto,
} from './members.dto';

@AdminController('users')
export class MembersController {
  constructor(
    private readonly summaries: MemberSummaryService,
    private readonly actions: MemberActionsService,
    private readonly messages: MemberMessagesService,
  ) {}

  @Get()
  @AdminRoute('support', { summary: 'Find a member by phone number', description: 'Looked up through the phone hash; the number may be written in any common format.' })
  @ApiOkResponse({ type: MemberSummaryPageDto })
  async lookup(@Query() q: MemberLookupQueryDto): Promise<MemberSummaryPageDto> {
    return { items: await this.summaries.lookupByPhone(q.phone), nextCursor: null };
  }

  @Get(':id')
  @AdminRoute('support', { summary: "A member's redacted summary" })
  @ApiOkResponse({ type: MemberSummaryDto })
  summary(@Param('id', UuidParam) id: string, @Query() _q: NoQueryDto): Promise<MemberSummaryDto> {
    return this.summaries.summary(id);
  }

  @Post(':id/holds')
  @HttpCode(200)
  @AdminRoute('support', { summary: 'Put a member on hold', audited: true, description: 'soft_hold: not invited, cannot start LinkUps. hard_hold: also leaves every LinkUp ahead and every text gets the hold notice.' })
  @ApiOkResponse({ type: HoldResultDto })
  applyHold(@CurrentAdmin() admin: AdminPrincipal, @Param('id', UuidParam) id: string, @Body() body: ApplyHoldDto): Promise<HoldResultDto> {
    return this.actions.applyHold(admin, id, body);
  }

  @Post(':id/holds/clear')
  @HttpCode(200)
  @AdminRoute('support', { summary: "Clear a member's hold", audited: true })
  @ApiOkResponse({ type: HoldResultDto })
  clearHold(@CurrentAdmin() admin: AdminPrincipal, @Param('id', UuidParam) id: string, @Body() body: ReasonDto): Promise<HoldResultDto> {
    return this.actions.clearHold(admin, id, body.reason);
  }

  @Post(':id/suspend')
  @HttpCode(200)
  @AdminRoute('ops', { summary: 'Suspend a member', audited: true, description: 'Their texts get the suspended notice (once a day), they leave every LinkUp ahead and are never invited.' })
  @ApiOkResponse({ type: SuspensionResultDto })
  suspend(@CurrentAdmin() admin: AdminPrincipal, @Param('id', UuidParam) id: string, @Body() body: ReasonDto): Promise<SuspensionResultDto> {
    return this.actions.suspend(admin, id, body.reason);
  }

  @Post(':id/unsuspend')
  @HttpCode(200)
  @AdminRoute('ops', { summary: 'Lift a suspension', audited: true, description: 'The member gets back the state they had.' })
  @ApiOkResponse({ type: SuspensionResultDto })
  unsuspend(@CurrentAdmin() admin: AdminPrincipal, @Param('id', UuidParam) id: string, @Body() body: ReasonDto): Promise<SuspensionResultDto> {
    return this.actions.unsuspend(admin, id, body.reason);
  }

  @Post(':id/delete')
  @HttpCode(200)
  @AdminRoute('ops', { summary: 'Delete a member', audited: true, description: 'Soft delete and scrub, as the member\'s own DELETE (src/modules/safety/README.md).' })
  @ApiOkResponse({ type: DeletionResultDto })
  delete(@CurrentAdmin() admin: AdminPrincipal, @Param('id', UuidParam) id: string, @Body() body: ReasonDto): Promise<DeletionResultDto> {
    return this.actions.delete(admin, id, body.reason);
  }

  @Post(':id/entitlements')
  @HttpCode(200)
  @AdminRoute('ops', { summary: 'Grant entitlements (source admin)', audited: true, description: 'Stripe events never overwrite an admin grant until it expires.' })
  @ApiOkResponse({ type: EntitlementDto })
  grant(@CurrentAdmin() admin: AdminPrincipal, @Param('id', UuidParam) id: string, @Body() body: GrantEntitlementsDto): Promise<EntitlementDto> {
    return this.actions.grantEntitlements(admin, id, body);
  }

  @Get(':id/messages')
  @AdminRoute('support', {
    summary: "A member's SMS, newest first",
    description: 'Metadata: direction, time, status, purpose, segments. includeBodies=true (with a reason) needs the engineering role; the decrypted read is written to the audit log.',
  })
  @ApiOkResponse({ type: MessagePageDto })
  listMessages(@CurrentAdmin() admin: AdminPrincipal, @Param('id', UuidParam) id: string, @Query() q: MessagesQueryDto): Promise<MessagePageDto> {
    return this.messages.list(admin, id, pageRequest(q), { include: q.includeBodies === true, reason: q.reason });
  }
}
