import type { ProfileState } from '../../database/enums';
import type { InterviewFlow, TurnOutcome } from './interview/interview-engine';
import { completeness, isInterviewComplete, resumePosition, stateAfterTurn } from './profile-state';

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
    ['empty', 'onboarding', 'answered', { passedCore: true }, false, 'complete_mvp'],
    ['complete_full', 'onboarding', 'answered', { passedCore: true }, true, 'complete_full'],
    ['stale', 'onboarding', 'answered', { passedCore: true }, false, 'stale'],
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

  it.each<[ProfileState, boolean]>([
    ['empty', false], ['partial', false], ['complete_mvp', true], ['complete_full', true], ['stale', true],
  ])('%s has finished the core interview: %s', (state, done) => {
    expect(isInterviewComplete(state)).toBe(done);
  });

  // 11 steps: activities times group friendship conversation boundaries | plans new_things energy humor distance.
  it.each<[ProfileState, string | null, number]>([
    ['empty', 'humor', 0],
    ['partial', null, 0],
    ['partial', 'activities', 0],
    ['partial', 'friendship', 3], // activities, times, group done
    ['partial', 'not_a_step', 0],
    ['complete_mvp', null, 6],
    ['complete_mvp', 'activities', 6], // never fewer than the six core steps
    ['complete_mvp', 'humor', 9],
    ['stale', 'distance', 10],
    ['complete_full', null, 11],
    ['complete_full', 'times', 11],
  ])('%s asking %s next has done %i of 11 steps', (state, last, done) => {
    expect(completeness(state, last)).toEqual({ stepsDone: done, stepsTotal: 11 });
  });
});
