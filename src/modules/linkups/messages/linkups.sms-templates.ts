import type { LinkupBrief } from '../../../common/json-shapes';
import { copyMethodNames, type SmsTemplateCatalog } from '../../../common/sms-templates';
import { ActivityCatalog } from '../forming/activity-catalog';
import { LinkupCopy, type LinkupView } from './linkup-copy';

const copy = new LinkupCopy(new ActivityCatalog());
const key = new ActivityCatalog().entries[0].key;
const view: LinkupView = {
  brief: { activity_key: key, group_size: { min: 3, max: 5 } } as unknown as LinkupBrief,
  eventTime: new Date('2030-06-01T17:00:00Z'),
  timeZone: 'America/Los_Angeles',
  venue: 'Blue Bottle, 3rd St',
};
const expires = new Date('2030-05-31T20:00:00Z');

export const smsTemplates: SmsTemplateCatalog = {
  module: 'linkups',
  // what/when/size are helpers inside the templates.
  templates: copyMethodNames(LinkupCopy, ['what', 'when', 'size', 'shortLabel']),
  render: () => ({
    askActivity: copy.askActivity(),
    askDay: copy.askDay(key),
    confirm: copy.confirm(view),
    created: copy.created(view, expires),
    dropped: copy.dropped(),
    alreadyOpen: copy.alreadyOpen(view),
    cannotInitiate: (['on_hold', 'not_entitled', 'not_active', 'no_region'] as const).map((r) => copy.cannotInitiate(r)),
    invite: [copy.invite(view, ['likes coffee', 'nearby'], expires), copy.invite(view, [], expires)],
    inviteReask: copy.inviteReask(view),
    inviteCancelAsk: copy.inviteCancelAsk(view),
    accepted: copy.accepted(),
    declined: copy.declined(),
    alreadyIn: copy.alreadyIn(),
    filledUp: copy.filledUp(),
    passedAlready: copy.passedAlready(),
    gone: copy.gone(),
    inviteExpired: copy.inviteExpired(),
    noInvite: copy.noInvite(),
    lockConfirmation: [copy.lockConfirmation(view, ['Ana', 'Ben']), copy.lockConfirmation({ ...view, venue: null }, ['Ana'])],
    expired: copy.expired(view),
    canceled: copy.canceled(view),
    someoneLeft: [
      copy.someoneLeft(view, 3, 'none'),
      copy.someoneLeft(view, 3, 'filling'),
      copy.someoneLeft(view, 2, 'needed', new Date('2030-06-01T15:00:00Z')),
    ],
    spotOpened: copy.spotOpened(view),
    newcomer: copy.newcomer(view, 'Ana', 4),
    acceptedIntoLocked: copy.acceptedIntoLocked(),
    cannotJoinOnHold: copy.cannotJoinOnHold(),
    askCancel: [copy.askCancel(view, true, true), copy.askCancel(view, false, false)],
    cancelDone: [copy.cancelDone(true), copy.cancelDone(false)],
    cancelKept: copy.cancelKept(),
    nothingToCancel: copy.nothingToCancel(),
    dayBefore: copy.dayBefore(view),
    hoursBefore: copy.hoursBefore(view),
    outcomeCheck: copy.outcomeCheck(view),
    outcomeReask: copy.outcomeReask(),
    outcomeThanks: [copy.outcomeThanks(true), copy.outcomeThanks(false)],
    status: [copy.status([{ v: view, state: 'locked', confirmed: 4 }, { v: view, state: 'broadcasting', confirmed: 2 }], view), copy.status([], null)],
  }),
};
