import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { currentCorrelationId } from '../../../common/context/request-context';
import { MemberPage, PageMember, type PageSessionInfo } from '../../identity';
import { ContactsPageService } from './contacts-page.service';

const NOTICES: Record<string, { kind: 'ok' | 'warn'; text: string }> = {
  saved: { kind: 'ok', text: "Saved. If someone you chose says yes too, we'll text you both each other's number." },
  empty: { kind: 'warn', text: 'Nothing to save: choose yes or no for someone first.' },
};

// /linkups/:id/contacts: yes/no per fellow attendee, changeable until the window closes.
@ApiExcludeController()
@Controller('linkups')
@MemberPage()
export class ContactsPageController {
  constructor(private readonly pages: ContactsPageService) {}

  @Get(':id/contacts')
  async show(@Param('id') id: string, @Query('done') done: string | undefined, @PageMember() member: PageSessionInfo, @Res() res: Response) {
    const view = await this.pages.view(id, member.userId);
    res.render('contact-exchange/web/views/contacts', { contacts: view, notice: done ? NOTICES[done] : undefined, csrf: member.csrfToken });
  }

  // Post/redirect/get: reloading or going back never posts twice.
  @Post(':id/contacts')
  async save(@Param('id') id: string, @Body() body: Record<string, unknown>, @PageMember() member: PageSessionInfo, @Res() res: Response) {
    const saved = await this.pages.save(id, member.userId, body, currentCorrelationId() ?? null);
    res.redirect(303, `/linkups/${id}/contacts?done=${saved > 0 ? 'saved' : 'empty'}`);
  }
}
