import { Body, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import { AdminController, AdminRoute, CurrentAdmin } from '../auth/admin-route.decorator';
import type { AdminPrincipal } from '../auth/admin-roles';
import { pageRequest, PageQueryDto, ReasonDto, UuidParam } from '../common/common.dto';
import { AdminRegionsService } from './admin-regions.service';
import { CreateRegionDto, RegionCloseResultDto, RegionDto, RegionOpenResultDto, RegionPageDto } from './regions.dto';

@AdminController('regions')
export class AdminRegionsController {
  constructor(private readonly regions: AdminRegionsService) {}

  @Get()
  @AdminRoute('ops', { summary: 'Regions, newest first (without their geometry)' })
  @ApiOkResponse({ type: RegionPageDto })
  list(@Query() q: PageQueryDto): Promise<RegionPageDto> {
    return this.regions.list(pageRequest(q));
  }

  @Post()
  @AdminRoute('ops', { summary: 'Create a region', audited: true, description: 'Rules and ZIP geometry are validated (422 with every problem); 409 when the slug is taken.' })
  @ApiCreatedResponse({ type: RegionDto })
  create(@CurrentAdmin() admin: AdminPrincipal, @Body() body: CreateRegionDto): Promise<RegionDto> {
    return this.regions.create(admin, body);
  }

  @Post(':id/open')
  @HttpCode(200)
  @AdminRoute('ops', { summary: 'Open a region', audited: true, description: 'Its waitlisted members become active and are each told once by SMS (re-opening never re-sends).' })
  @ApiOkResponse({ type: RegionOpenResultDto })
  open(@CurrentAdmin() admin: AdminPrincipal, @Param('id', UuidParam) id: string, @Body() body: ReasonDto): Promise<RegionOpenResultDto> {
    return this.regions.open(admin, id, body.reason);
  }

  @Post(':id/close')
  @HttpCode(200)
  @AdminRoute('ops', { summary: 'Close a region', audited: true, description: 'New members there are waitlisted; members already active stay active.' })
  @ApiOkResponse({ type: RegionCloseResultDto })
  close(@CurrentAdmin() admin: AdminPrincipal, @Param('id', UuidParam) id: string, @Body() body: ReasonDto): Promise<RegionCloseResultDto> {
    return this.regions.close(admin, id, body.reason);
  }
}
