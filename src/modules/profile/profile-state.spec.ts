import type { ProfileState } from '../../database/enums';
import type { InterviewFlow, TurnOutcome } from './interview/interview-engine';
import { resumePosition, stateAfterTurn } from './profile-state';

describe('profile state', () => {
  type Row = [ProfileState, InterviewFlow, TurnOutcome, { passedCore?: boolean; finished?: boolean }, boolean, ProfileState];
  it.each<Row>([
    ['empty', 'onboarding', 'answered', {}, false, 'partial'],
    ['empty', 'onboarding', 'skipped', {}, false, 'partial'],
    ['empty', 'onboarding', 'reasked', {}, false, 'empty'],
    ['empty', 'onboarding', 'paused', {}, false, 'empty'],
    ['partial', 'onboarding', 'answered', {}, false, 'partial'],
    ['partial', 'onboarding', 'answered', { passedCore: true }, false, 'complete_mvp'],
    ['partial', 'onboarding', 'skipped', { passedCore: true }, false, 'complete_mvp'],
    ['partial', 'onboarding', 'repeated', { passedCore: true }, false, 'partial'],
    ['complete_mvp', 'onboarding', 'answered', {}, false, 'complete_mvp'],
    ['complete_mvp', 'onboarding', 'answered', { finished: true }, false, 'complete_full'],
    ['complete_mvp', 'optional', 'skipped', { finished: true }, false, 'complete_full'],
    ['complete_full', 'optional', 'answered', {}, true, 'complete_full'],
    ['complete_full', 'optional', 'answered', { finished: true }, true, 'complete_full'],
    ['stale', 'refresh', 'answered', {}, true, 'stale'],
    ['stale', 'refresh', 'answered', { finished: true }, true, 'complete_full'],
    ['stale', 'refresh', 'skipped', { finished: true }, false, 'complete_mvp'],
  ])('%s + %s %s %j (ever full: %s) -> %s', (state, flow, outcome, flags, everFull, expected) => {
    expect(stateAfterTurn(state, flow, { outcome, passedCore: !!flags.passedCore, finished: !!flags.finished }, everFull)).toBe(expected);
  });

  it.each<[ProfileState, string | null, string, string]>([
    ['empty', null, 'onboarding', 'activities'],
    ['partial', 'friendship', 'onboarding', 'friendship'],
    ['partial', null, 'onboarding', 'activities'],
    ['complete_mvp', 'humor', 'optional', 'humor'],
    ['complete_mvp', 'boundaries', 'optional', 'plans'],
    ['complete_full', 'humor', 'optional', 'plans'],
    ['stale', 'times', 'refresh', 'times'],
    ['stale', 'humor', 'refresh', 'activities'],
  ])('resumes %s at %s in %s/%s', (state, last, flow, step) => {
    expect(resumePosition(state, last as never)).toEqual({ flow, step, reasks: 0 });
  });
});
