import { copyMethodNames, type SmsTemplateCatalog } from '../../../common/sms-templates';
import { ConversationSettings } from '../../conversation';
import { SafetySettings } from '../core/safety.settings';
import { SafetyCopy } from './safety-copy';

const copy = new SafetyCopy(new ConversationSettings(), new SafetySettings());
const people = [{ name: 'Maya', label: 'coffee Sat' }, { name: null, label: 'hike Sun' }];

// Every SMS of safety's flows (safety-copy.spec.ts also checks their length and alphabet).
export const smsTemplates: SmsTemplateCatalog = {
  module: 'safety',
  templates: copyMethodNames(SafetyCopy),
  render: () => ({
    reportPicker: copy.reportPicker(people),
    blockPicker: copy.blockPicker(people),
    unblockPicker: copy.unblockPicker([{ name: 'Maya' }]),
    pickAgain: [copy.pickAgain(1), copy.pickAgain(9)],
    noOneToReport: copy.noOneToReport(),
    noOneToBlock: copy.noOneToBlock(),
    noBlocks: copy.noBlocks(),
    askWhatHappened: [copy.askWhatHappened('Maya'), copy.askWhatHappened(null)],
    describeAgain: copy.describeAgain(),
    reportThanks: [copy.reportThanks(false), copy.reportThanks(true)],
    blocked: [copy.blocked('Maya', true), copy.blocked(null, false)],
    alreadyBlocked: copy.alreadyBlocked('Maya'),
    unblocked: copy.unblocked('Maya'),
    left: copy.left(),
    deleteAsk: copy.deleteAsk(),
    deleteKept: copy.deleteKept(),
    deleted: copy.deleted(),
    holdNotice: copy.holdNotice(),
    holdCleared: copy.holdCleared(),
    accountActive: copy.accountActive(),
    backToEarlier: [copy.backToEarlier(), copy.backToEarlier(true)],
    earlierTimedOut: copy.earlierTimedOut(),
    wherePick: (['report', 'block', 'unblock'] as const).map((k) => copy.wherePick(k)),
    whereDescribe: copy.whereDescribe(),
    whereDelete: copy.whereDelete(),
    unsavedReport: copy.unsavedReport(),
    notUnderstood: copy.notUnderstood(),
  }),
};
