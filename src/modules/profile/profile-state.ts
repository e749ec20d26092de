import type { ProfileState } from '../../database/enums';
import { FLOW_STEPS, firstPosition, type InterviewFlow, type InterviewPosition, type TurnResult } from './interview/interview-engine';
import { CORE_STEPS, STEP_KEYS, type StepKey } from './interview/interview-steps';

// Profile lifecycle: empty -> partial (first step passed) -> complete_mvp (core steps passed; the
// member becomes active) -> complete_full (every step passed). stale: no fresh signal for the
// configured days; a short refresh brings it back (complete_full when it had been full before).

export const MATCHABLE_STATES: readonly ProfileState[] = ['complete_mvp', 'complete_full', 'stale'];

export function isInterviewComplete(state: ProfileState): boolean {
  return MATCHABLE_STATES.includes(state);
}

export function stateAfterTurn(
  current: ProfileState,
  flow: InterviewFlow,
  turn: Pick<TurnResult, 'outcome' | 'passedCore' | 'finished'>,
  wasEverFull: boolean,
): ProfileState {
  if (turn.outcome !== 'answered' && turn.outcome !== 'skipped') return current;
  if (flow === 'refresh') return turn.finished ? (wasEverFull ? 'complete_full' : 'complete_mvp') : current;
  if (turn.finished) return 'complete_full';
  if (turn.passedCore && (current === 'empty' || current === 'partial')) return 'complete_mvp';
  return current === 'empty' ? 'partial' : current;
}

// Where "profile" (or any text while the interview is unfinished) picks up.
export function resumePosition(state: ProfileState, lastStep: StepKey | null): InterviewPosition {
  const flow: InterviewFlow =
    state === 'empty' || state === 'partial' ? 'onboarding' : state === 'stale' ? 'refresh' : 'optional';
  // A finished profile restarts the optional steps from the top.
  const from = state === 'complete_full' ? null : lastStep;
  // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent, firstPosition itself falls back to the flow's first step for a step not in the flow
  return firstPosition(flow, from && FLOW_STEPS[flow].includes(from) ? from : null);
}

// How much of the interview a member has done, for support: steps passed out of all of them.
// last_interview_step is the step to ask next, so the ones before it in the order are done.
export function completeness(state: ProfileState, lastStep: string | null): { stepsDone: number; stepsTotal: number } {
  const total = STEP_KEYS.length;
  const next = lastStep ? STEP_KEYS.indexOf(lastStep as StepKey) : -1;
  if (state === 'complete_full') return { stepsDone: total, stepsTotal: total };
  if (state === 'empty') return { stepsDone: 0, stepsTotal: total };
  if (isInterviewComplete(state)) return { stepsDone: Math.max(CORE_STEPS.length, next), stepsTotal: total };
  return { stepsDone: Math.max(0, next), stepsTotal: total };
}
