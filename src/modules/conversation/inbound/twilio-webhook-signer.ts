import { Injectable } from '@nestjs/common';
import twilio from 'twilio';
import { AppConfig } from '../../../config';

// Without TWILIO_AUTH_TOKEN (only possible with the console provider: twilio requires one),
// webhooks from the /dev tools and tests are signed and checked with this well-known token.
export const DEV_TWILIO_AUTH_TOKEN = 'dev-only-twilio-auth-token';

export type WebhookParams = Record<string, string | string[]>;

// Twilio's request signature (HMAC-SHA1 of the public URL and the sorted POST parameters),
// computed and checked by the twilio package itself.
@Injectable()
export class TwilioWebhookSigner {
  private readonly authToken: string;

  constructor(private readonly config: AppConfig) {
    this.authToken = config.env.TWILIO_AUTH_TOKEN ?? DEV_TWILIO_AUTH_TOKEN;
  }

  // The URL Twilio called: the deployment's public base URL, not the internal one behind a proxy.
  publicUrl(pathWithQuery: string): string {
    return `${this.config.publicBaseUrl}${pathWithQuery}`;
  }

  isValid(signature: string | undefined, pathWithQuery: string, params: WebhookParams): boolean {
    if (!signature) return false;
    return twilio.validateRequest(this.authToken, signature, this.publicUrl(pathWithQuery), params);
  }

  sign(pathWithQuery: string, params: WebhookParams): string {
    return twilio.getExpectedTwilioSignature(this.authToken, this.publicUrl(pathWithQuery), params);
  }
}
