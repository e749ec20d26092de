import { Body, Controller, Get, HttpCode, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { localOrigin } from '../../../common/dev-tools';
import { DevOutboxQuery, DevSendSmsDto } from './dev-sms.dto';
import { DevSmsService } from './dev-sms.service';
import { DevToolingGuard } from './dev-tooling.guard';

// Development only (console provider, never production): text the service as a member through the
// real, signed webhook, and read back what it sent.
@ApiExcludeController()
@Controller('dev')
@UseGuards(DevToolingGuard)
export class DevSmsController {
  constructor(private readonly devSms: DevSmsService) {}

  @Post('sms')
  @HttpCode(200)
  send(@Body() dto: DevSendSmsDto, @Req() req: Request) {
    return this.devSms.textAs(localOrigin(req), dto.from, dto.body);
  }

  @Get('outbox')
  outbox(@Query() query: DevOutboxQuery) {
    return this.devSms.outboxTo(query.to, Number(query.limit ?? 100));
  }
}
