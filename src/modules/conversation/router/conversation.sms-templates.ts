import type { AppConfig } from '../../../config';
import { CONVERSATION_MODES } from '../../../database/enums';
import { copyMethodNames, type SmsTemplateCatalog } from '../../../common/sms-templates';
import { ConversationSettings } from '../conversation.settings';
import { CarrierReplies } from './carrier-replies';
import { SmsCopy, type HelpContext } from './sms-copy';

const settings = new ConversationSettings();
const copy = new SmsCopy({ publicBaseUrl: 'https://josh.example' } as AppConfig, settings);
const carrier = new CarrierReplies(settings);
const WHERE: HelpContext[] = [...CONVERSATION_MODES, 'unknown', 'unverified', 'suspended'];

export const smsTemplates: SmsTemplateCatalog = {
  module: 'conversation',
  templates: copyMethodNames(SmsCopy),
  render: () => ({
    helpContext: WHERE.map((w) => copy.helpContext(w)),
    registrationLink: copy.registrationLink(),
    finishRegistration: copy.finishRegistration(),
    suspended: copy.suspended(),
    idleHelp: copy.idleHelp('Bartholomew'),
    timedOut: copy.timedOut(),
    handlerFailed: copy.handlerFailed(),
  }),
};

// SMS_KEYWORD_MODE=app only: the replies the carrier would otherwise send.
export const carrierReplyTemplates: SmsTemplateCatalog = {
  module: 'conversation (carrier replies)',
  templates: copyMethodNames(CarrierReplies),
  carrierReplies: true,
  render: () => ({ help: carrier.help(), optedOut: carrier.optedOut(), optedIn: carrier.optedIn() }),
};
