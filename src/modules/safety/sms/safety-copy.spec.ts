import { ConversationSettings } from '../../conversation';
import { SafetySettings } from '../core/safety.settings';
import { SafetyCopy } from './safety-copy';

// Carriers reserve these words for opting out; our copy must never ask a member to send one.
const OPT_OUT = /\b(text|reply|send|txt)\s+(STOP|STOPALL|UNSUBSCRIBE|CANCEL|END|QUIT|OPTOUT|REVOKE)\b/i;

describe('SafetyCopy', () => {
  const copy = new SafetyCopy(new ConversationSettings(), new SafetySettings());
  const people = Array.from({ length: 9 }, (_, i) => ({ name: i === 3 ? null : `Alexandria${i}`, label: 'board games Sat' }));
  const all: Array<[string, string]> = [
    ['reportPicker', copy.reportPicker(people)],
    ['blockPicker', copy.blockPicker(people)],
    ['unblockPicker', copy.unblockPicker(people)],
    ['pickAgain', copy.pickAgain(9)],
    ['pickAgain1', copy.pickAgain(1)],
    ['noOneToReport', copy.noOneToReport()],
    ['noOneToBlock', copy.noOneToBlock()],
    ['noBlocks', copy.noBlocks()],
    ['askWhatHappened', copy.askWhatHappened('Maya')],
    ['describeAgain', copy.describeAgain()],
    ['reportThanks', copy.reportThanks(false)],
    ['reportThanksSevere', copy.reportThanks(true)],
    ['blocked', copy.blocked('Maya', true)],
    ['alreadyBlocked', copy.alreadyBlocked(null)],
    ['unblocked', copy.unblocked('Maya')],
    ['left', copy.left()],
    ['deleteAsk', copy.deleteAsk()],
    ['deleteKept', copy.deleteKept()],
    ['deleted', copy.deleted()],
    ['holdNotice', copy.holdNotice()],
    ['holdCleared', copy.holdCleared()],
    ['accountActive', copy.accountActive()],
    ['backToEarlier', copy.backToEarlier()],
    ['earlierTimedOut', copy.earlierTimedOut()],
  ];

  it.each(all)('%s never asks for an opt-out word, is GSM-7 and at most 3 segments', (_name, body) => {
    expect(body).not.toMatch(OPT_OUT);
    expect(body).toMatch(/^[A-Za-z0-9 \n.,:;!?'"()#@+\-/&%*=<>_$]*$/);
    expect(body.length).toBeLessThanOrEqual(459);
  });

  it('the opt-out check catches what it must', () => {
    expect('Text STOP to stop').toMatch(OPT_OUT);
    expect('reply cancel to leave').toMatch(OPT_OUT);
  });

  it('lists people by number, first name and LinkUp', () => {
    expect(copy.reportPicker([{ name: 'Maya', label: 'coffee Sat' }, { name: null, label: 'hike Sun' }])).toContain('1 Maya (coffee Sat)\n2 Former member (hike Sun)');
  });

  it('asks for DELETE again within the configured minutes', () => {
    expect(copy.deleteAsk()).toContain('Reply DELETE again within 10 minutes');
  });
});
