import { Controller, Get, Param, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DevOnlyGuard, localOrigin } from '../../../common/dev-tools';
import { Page } from '../../../common/web';
import { DemoError, DemoErrorCode } from '../demo.errors';
import { idList, MemberParams, PhoneListQuery } from './phone.dto';
import { PhoneFeedService } from './phone-feed.service';
import { PhoneViewService } from './phone-view.service';

const VIEWS = 'demo/phone/views';
// The page's own script and styles (same origin only; nothing inline).
export const DEV_PHONE_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const asset = (name: string) => readFileSync(join(__dirname, 'public', name), 'utf8');

// /dev/phone (development with the console provider only; 404 anywhere else): member phones side
// by side, their threads and state, a side panel with LinkUps, invites, scores and reasons, and the
// clock. Server-rendered; phone.client.js swaps in fragments when the live stream says a phone changed.
@ApiExcludeController()
@Controller('dev/phone')
@UseGuards(DevOnlyGuard)
export class PhonePageController {
  private readonly script = asset('phone.client.js');
  private readonly styles = asset('phone.css');

  constructor(
    private readonly views: PhoneViewService,
    private readonly feed: PhoneFeedService,
  ) {}

  @Get()
  @Page()
  async page(@Query() query: PhoneListQuery, @Res() res: Response): Promise<void> {
    const named = idList(query.members);
    const ids = query.members === undefined ? await this.views.defaultMemberIds() : named;
    const shown = [];
    for (const id of ids) {
      // A member named in an old URL may be gone (deleted): the page shows the others.
      const card = await this.views.card(id).catch((err: unknown) => {
        if (err instanceof DemoError && err.code === DemoErrorCode.MemberNotFound) return null;
        throw err;
      });
      if (card) shown.push(card);
    }
    res.set('Content-Security-Policy', DEV_PHONE_CSP).render(`${VIEWS}/phone`, {
      title: 'Phone simulator',
      cards: shown,
      show: shown.map((c) => c.userId).join(','),
      clock: this.views.now(),
    });
  }

  // The live part of one phone (state and thread), or the whole phone with ?whole=1.
  @Get('members/:id/card')
  @Page()
  async card(@Param() p: MemberParams, @Query('whole') whole: string | undefined, @Res() res: Response): Promise<void> {
    const card = await this.views.card(p.id);
    res.render(`${VIEWS}/${whole === '1' ? 'card' : 'card-live'}`, { card });
  }

  @Get('members/:id/panel')
  @Page()
  async panel(@Param() p: MemberParams, @Res() res: Response): Promise<void> {
    res.render(`${VIEWS}/panel`, { panel: await this.views.panel(p.id), clock: this.views.now() });
  }

  // Server-Sent Events for the phones named (PhoneFeedService).
  @Get('events')
  events(@Query() query: PhoneListQuery, @Req() req: Request, @Res() res: Response): void {
    this.feed.open(res, idList(query.members), localOrigin(req));
  }

  @Get('assets/phone.js')
  scriptAsset(@Res() res: Response): void {
    res.type('application/javascript').set('Cache-Control', 'no-store').send(this.script);
  }

  @Get('assets/phone.css')
  stylesAsset(@Res() res: Response): void {
    res.type('text/css').set('Cache-Control', 'no-store').send(this.styles);
  }
}
