import { AppConfig } from '../../../config';
import { ConversationSettings } from '../conversation.settings';
import { ConsoleSmsProvider } from './console-sms.provider';
import { SmsProvider } from './sms-provider';
import { TwilioSmsProvider } from './twilio-sms.provider';

// The console provider's sender when no Twilio number is configured.
export const DEV_FROM_NUMBER = '+15550000000';

export function createSmsProvider(config: AppConfig, settings: ConversationSettings): SmsProvider {
  const env = config.env;
  if (env.SMS_PROVIDER === 'twilio') {
    // env.schema guarantees the credentials and a from number or a Messaging Service.
    return new TwilioSmsProvider({
      accountSid: env.TWILIO_ACCOUNT_SID!,
      authToken: env.TWILIO_AUTH_TOKEN!,
      fromNumber: env.TWILIO_FROM_NUMBER,
      messagingServiceSid: env.TWILIO_MESSAGING_SERVICE_SID,
      timeoutMs: settings.SMS_PROVIDER_TIMEOUT_MS,
      apiBaseUrl: env.TWILIO_API_BASE_URL,
    });
  }
  return new ConsoleSmsProvider(env.TWILIO_FROM_NUMBER ?? DEV_FROM_NUMBER, env.LOG_LEVEL !== 'silent');
}
