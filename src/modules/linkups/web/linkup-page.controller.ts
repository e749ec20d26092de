import { Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { currentCorrelationId } from '../../../common/context/request-context';
import { DomainError } from '../../../common/errors';
import { MemberPage, PageMember, type PageSessionInfo } from '../../identity';
import { LinkupPageService, type LinkupPageView } from './linkup-page.service';

const NOTICES: Record<string, { kind: 'ok' | 'warn'; text: string }> = {
  left: { kind: 'ok', text: "Done, you're out. We let the group know." },
  called_off: { kind: 'ok', text: "Done, it's called off and everyone has been told." },
  nothing: { kind: 'warn', text: 'There was nothing to cancel: this LinkUp is no longer open.' },
};

// /linkups/:id (participants only) and its cancel confirmation. Member pages: a live page
// session is required, every POST carries the session's CSRF token.
@ApiExcludeController()
@Controller('linkups')
@MemberPage()
export class LinkupPageController {
  constructor(private readonly pages: LinkupPageService) {}

  @Get(':id')
  async show(@Param('id') id: string, @Query('done') done: string | undefined, @PageMember() member: PageSessionInfo, @Res() res: Response) {
    const view = await this.mustView(id, member.userId);
    res.render('linkups/web/views/linkup', { linkup: view, notice: done ? NOTICES[done] : undefined, csrf: member.csrfToken });
  }

  // The confirmation step; the back button returns to the LinkUp page.
  @Get(':id/cancel')
  async confirmCancel(@Param('id') id: string, @PageMember() member: PageSessionInfo, @Res() res: Response) {
    const view = await this.mustView(id, member.userId);
    if (!view.canCancel) return res.redirect(303, `/linkups/${view.id}`);
    res.render('linkups/web/views/cancel', { linkup: view, csrf: member.csrfToken });
  }

  @Post(':id/cancel')
  async cancel(@Param('id') id: string, @PageMember() member: PageSessionInfo, @Res() res: Response) {
    const view = await this.mustView(id, member.userId);
    const done = await this.pages.cancel(view.id, member.userId, currentCorrelationId() ?? null);
    const notice = done === 'initiator' ? 'called_off' : done === 'participant' ? 'left' : 'nothing';
    res.redirect(303, `/linkups/${view.id}?done=${notice}`);
  }

  private async mustView(id: string, userId: string): Promise<LinkupPageView> {
    const view = await this.pages.view(id, userId);
    // The same answer for a LinkUp that does not exist and one the member is not in.
    if (!view) throw new DomainError('linkup_not_found', "We couldn't find that LinkUp. Text LINK to JOSH for a link to yours.", 404);
    return view;
  }
}
