import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';
import { ConversationError, ConversationErrorCode } from '../conversation.errors';
import { TwilioWebhookSigner, WebhookParams } from './twilio-webhook-signer';

// 403 unless X-Twilio-Signature matches the public URL and the form parameters.
@Injectable()
export class TwilioSignatureGuard implements CanActivate {
  private readonly log = new Logger(TwilioSignatureGuard.name);

  constructor(private readonly signer: TwilioWebhookSigner) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    const params = (req.body && typeof req.body === 'object' ? req.body : {}) as WebhookParams;
    if (!this.signer.isValid(req.header('x-twilio-signature'), req.originalUrl, params)) {
      this.log.warn({ msg: 'rejected unsigned or mis-signed Twilio webhook', path: req.path, signed: Boolean(req.header('x-twilio-signature')) });
      throw new ConversationError(ConversationErrorCode.InvalidSignature, 'Invalid Twilio signature.');
    }
    return true;
  }
}
