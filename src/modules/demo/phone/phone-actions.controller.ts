import { Body, CanActivate, Controller, ExecutionContext, HttpCode, Injectable, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Clock } from '../../../common/clock';
import { DevOnlyGuard, localOrigin } from '../../../common/dev-tools';
import { SweepRunner } from '../../../common/sweeps';
import { Page } from '../../../common/web';
import { DevSmsService } from '../../conversation';
import { DemoError, DemoErrorCode } from '../demo.errors';
import { ClockDto, idList, MemberParams, ShowField, TextDto } from './phone.dto';
import { PhoneFeedService } from './phone-feed.service';
import { PhoneMembersService } from './phone-members.service';
import { PhoneViewService } from './phone-view.service';

// The page's forms post here. Another site's page must not drive them (a form can post across
// origins): a browser names the origin, and it must be this one.
@Injectable()
export class SameOriginGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    const origin = req.header('origin');
    const site = req.header('sec-fetch-site');
    if (site === 'cross-site' || (origin && origin !== 'null' && hostOf(origin) !== req.header('host'))) {
      throw new DemoError(DemoErrorCode.CrossOrigin, 'Only the /dev/phone page itself can do this.');
    }
    return true;
  }
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

// Answers the script with JSON; a plain form post (no script) goes back to the page.
function done(req: Request, res: Response, body: Record<string, unknown>, show: string[]): void {
  if (req.accepts(['html', 'json']) === 'json') {
    res.status(200).json(body);
    return;
  }
  res.redirect(303, show.length ? `/dev/phone?members=${show.join(',')}` : '/dev/phone');
}

@ApiExcludeController()
@Controller('dev/phone')
@UseGuards(DevOnlyGuard, SameOriginGuard)
@Page()
export class PhoneActionsController {
  constructor(
    private readonly members: PhoneMembersService,
    private readonly views: PhoneViewService,
    private readonly devSms: DevSmsService,
    private readonly feed: PhoneFeedService,
    private readonly clock: Clock,
    private readonly sweeps: SweepRunner,
  ) {}

  // "Add a member": a new persona, registered and verified in the demo region.
  @Post('members')
  @HttpCode(200)
  async add(@Body() dto: ShowField, @Req() req: Request, @Res() res: Response): Promise<void> {
    const added = await this.members.add(localOrigin(req));
    this.feed.poke();
    done(req, res, { ...added }, [...idList(dto.show), added.userId]);
  }

  // The member texts JOSH: through the real, signed webhook.
  @Post('members/:id/texts')
  @HttpCode(200)
  async text(@Param() p: MemberParams, @Body() dto: TextDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    const member = await this.views.member(p.id);
    const result = await this.devSms.textAs(localOrigin(req), member.phoneE164, dto.body);
    this.feed.poke();
    done(req, res, { ...result }, idList(dto.show));
  }

  // Answers the pending interview questions with the persona's answers (core) and "later".
  @Post('members/:id/interview')
  @HttpCode(200)
  async interview(@Param() p: MemberParams, @Body() dto: ShowField, @Req() req: Request, @Res() res: Response): Promise<void> {
    const member = await this.views.member(p.id);
    const sent = await this.members.answerInterview(localOrigin(req), member.id, member.phoneE164);
    this.feed.poke();
    done(req, res, { sent }, idList(dto.show));
  }

  // The dev clock (this instance's): forward 0, 60 or 1440 minutes, then every sweep if asked.
  @Post('clock')
  @HttpCode(200)
  async moveClock(@Body() dto: ClockDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    this.clock.advance(dto.minutes * 60_000);
    const sweeps = dto.sweeps ? await this.sweeps.runAllNow() : [];
    this.feed.poke();
    const failed = sweeps.filter((s) => !s.ok).map((s) => s.name);
    done(req, res, { now: this.views.now(), sweeps: sweeps.map((s) => ({ name: s.name, ok: s.ok, ms: s.ms })), failed }, idList(dto.show));
  }
}
