import type { ProfileState } from '../../database/enums';
import { FLOW_STEPS, firstPosition, type InterviewFlow, type InterviewPosition, type TurnResult } from './interview/interview-engine';
import type { StepKey } from './interview/interview-steps';

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
  return firstPosition(flow, from && FLOW_STEPS[flow].includes(from) ? from : null);
}
