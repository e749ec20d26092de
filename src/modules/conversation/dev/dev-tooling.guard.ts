import { CanActivate, Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config';
import { ConversationError, ConversationErrorCode } from '../conversation.errors';

// /dev/* exists only with the console provider outside production: anywhere else it is a 404.
@Injectable()
export class DevToolingGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(): boolean {
    if (!this.config.isDevelopmentTooling) {
      throw new ConversationError(ConversationErrorCode.DevToolingDisabled, 'Not found.');
    }
    return true;
  }
}
