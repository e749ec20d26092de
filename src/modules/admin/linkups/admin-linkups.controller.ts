import { Body, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { AdminController, AdminRoute, CurrentAdmin } from '../auth/admin-route.decorator';
import type { AdminPrincipal } from '../auth/admin-roles';
import { NoQueryDto, pageRequest, ReasonDto, UuidParam } from '../common/common.dto';
import { AdminLinkupsService } from './admin-linkups.service';
import { LinkupCancelResultDto, LinkupDetailDto, LinkupListQueryDto, LinkupPageDto } from './linkups.dto';

@AdminController('linkups')
export class AdminLinkupsController {
  constructor(private readonly linkups: AdminLinkupsService) {}

  @Get()
  @AdminRoute('support', { summary: 'LinkUps, newest first, by region and state' })
  @ApiOkResponse({ type: LinkupPageDto })
  list(@Query() q: LinkupListQueryDto): Promise<LinkupPageDto> {
    return this.linkups.list({ regionId: q.regionId, state: q.state }, pageRequest(q));
  }

  @Get(':id')
  @AdminRoute('support', { summary: 'A LinkUp: participants, invites with their explainability, events' })
  @ApiOkResponse({ type: LinkupDetailDto })
  detail(@Param('id', UuidParam) id: string, @Query() _q: NoQueryDto): Promise<LinkupDetailDto> {
    return this.linkups.detail(id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @AdminRoute('support', { summary: 'Call a LinkUp off', audited: true, description: 'Pending invites close; every confirmed member is told by SMS, once.' })
  @ApiOkResponse({ type: LinkupCancelResultDto })
  cancel(@CurrentAdmin() admin: AdminPrincipal, @Param('id', UuidParam) id: string, @Body() body: ReasonDto): Promise<LinkupCancelResultDto> {
    return this.linkups.cancel(admin, id, body.reason);
  }
}
