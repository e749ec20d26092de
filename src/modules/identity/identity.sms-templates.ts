import type { SmsTemplateCatalog } from '../../common/sms-templates';
import { otpCodeText } from './otp.service';
import { ALREADY_REGISTERED_TEXT } from './registration/registration.service';

export const smsTemplates: SmsTemplateCatalog = {
  module: 'identity',
  templates: ['otpCodeText', 'alreadyRegistered'],
  render: () => ({ otpCodeText: otpCodeText('123456', 600, 'https://josh.example'), alreadyRegistered: ALREADY_REGISTERED_TEXT }),
};
