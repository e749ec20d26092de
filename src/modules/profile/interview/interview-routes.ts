import { Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { ConversationRouter } from '../../conversation';
import { InterviewService } from './interview.service';
import { isProfileCommand } from './profile-command';

// Plugs the interview into the SMS router: the `interviewing` mode (with where the member is, for
// HELP and for repeating the question), the PROFILE command (every mode: it starts or resumes the
// interview; inside it, it repeats the question), and the idle command that resumes an unfinished
// interview on any text. That one registers at bootstrap, after every module's onModuleInit, so it
// is tried last: other modules' idle answers keep their words even for a member whose interview is
// unfinished.
@Injectable()
export class InterviewRoutes implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly router: ConversationRouter,
    private readonly interview: InterviewService,
  ) {}

  onModuleInit(): void {
    this.router.registerModeHandler('interviewing', {
      handle: (ctx) => this.interview.answer(ctx),
      describe: (ctx) => this.interview.describe(ctx),
    });
    this.router.registerCommand({
      name: 'PROFILE',
      effect: 'starts_flow',
      matches: isProfileCommand,
      run: (ctx) => this.interview.tryResume(ctx),
      label: 'update your profile',
      menu: 'PROFILE - update your profile',
      menuRank: 40,
    });
  }

  onApplicationBootstrap(): void {
    this.router.registerIdleCommand({
      tryHandle: (ctx) => this.interview.tryResume(ctx),
      prefetch: (userIds, manager) => this.interview.prefetch(userIds, manager),
    });
  }
}
