import type { AppConfig } from '../../../config';
import { CONVERSATION_MODES } from '../../../database/enums';
import { copyMethodNames, type SmsTemplateCatalog } from '../../../common/sms-templates';
import { ConversationSettings } from '../conversation.settings';
import { CarrierReplies } from './carrier-replies';
import { SmsCopy } from './sms-copy';

const settings = new ConversationSettings();
const copy = new SmsCopy({ publicBaseUrl: 'https://josh.example' } as AppConfig, settings);
const carrier = new CarrierReplies(settings);
const MENU_LINES = ['LINKUP - plan something', 'STATUS - your plans', 'PROFILE - update your profile', 'HELP - where you are'];

export const smsTemplates: SmsTemplateCatalog = {
  module: 'conversation',
  templates: copyMethodNames(SmsCopy),
  render: () => ({
    helpLine: [...CONVERSATION_MODES, 'suspended' as const].map((m) => copy.helpLine(copy.modeWhere(m))),
    helpWithCarrier: copy.helpWithCarrier(copy.modeWhere('idle'), '(the carrier help)'),
    strangerWhere: copy.helpLine(copy.strangerWhere()),
    unverifiedWhere: copy.helpLine(copy.unverifiedWhere()),
    modeWhere: [...CONVERSATION_MODES, 'suspended' as const].map((m) => copy.modeWhere(m)),
    menu: [copy.menu(MENU_LINES, false), copy.menu(MENU_LINES, true)],
    switchAsk: copy.switchAsk('your coffee plan', 'update your profile'),
    switchWhere: copy.switchWhere('your coffee plan', 'update your profile'),
    switchKept: copy.switchKept(),
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
