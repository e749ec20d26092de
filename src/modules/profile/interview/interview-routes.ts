import { Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { ConversationRouter } from '../../conversation';
import { InterviewService } from './interview.service';

// Plugs the interview into the SMS router: the `interviewing` mode, and the idle command that
// resumes it. The idle command registers at bootstrap, after every module's onModuleInit, so it is
// tried last: other modules' commands (STATUS, REPORT ...) keep their words even for a member whose
// interview is unfinished.
@Injectable()
export class InterviewRoutes implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly router: ConversationRouter,
    private readonly interview: InterviewService,
  ) {}

  onModuleInit(): void {
    this.router.registerModeHandler('interviewing', { handle: (ctx) => this.interview.answer(ctx) });
  }

  onApplicationBootstrap(): void {
    this.router.registerIdleCommand({ tryHandle: (ctx) => this.interview.tryResume(ctx) });
  }
}
