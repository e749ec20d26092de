import type { ActivityCatalog } from '../activity-catalog';
import type { SignalSettings } from '../fingerprint/signal-math';
import type { ProfileData } from '../profile-data';
import { parseAnswer, type UnrecognisedReason } from './answer-parser';
import { applyStepAnswer } from './answer-mapping';
import { copy } from './interview-copy';
import {
  CORE_STEPS, isStepKey, OPTIONAL_STEPS, renderQuestion, STEP_KEYS, type StepDef, type StepKey,
} from './interview-steps';

// The interview as a pure state machine: position + answer text + profile data in,
// new position + profile data + one reply out. No I/O, no clock.

export const INTERVIEW_FLOWS = ['onboarding', 'optional', 'refresh'] as const;
export type InterviewFlow = (typeof INTERVIEW_FLOWS)[number];

// onboarding: every step (core first); optional: the non-core steps again ("profile" when complete);
// refresh: the short re-check for a stale profile.
export const FLOW_STEPS: Record<InterviewFlow, readonly StepKey[]> = {
  onboarding: STEP_KEYS,
  optional: OPTIONAL_STEPS,
  refresh: ['activities', 'times', 'group'],
};

export interface InterviewPosition {
  flow: InterviewFlow;
  step: StepKey;
  // Unrecognised answers so far at this step.
  reasks: number;
}

export interface EngineContext {
  steps: ReadonlyMap<StepKey, StepDef>;
  catalog: ActivityCatalog;
  signals: SignalSettings;
  // Unrecognised answers re-asked before the step is skipped.
  maxReasks: number;
}

export type TurnOutcome = 'answered' | 'skipped' | 'reasked' | 'repeated' | 'paused';

export interface TurnResult {
  outcome: TurnOutcome;
  step: StepKey;
  // Option keys picked (answered only).
  choice: string[];
  // Why an answer was not understood (reasked, or skipped after the re-asks).
  unrecognised?: UnrecognisedReason | 'empty';
  data: ProfileData;
  changed: string[];
  // Where the member is now; null when the flow is over or paused.
  next: InterviewPosition | null;
  // This turn moved past the last core step of the onboarding flow.
  passedCore: boolean;
  finished: boolean;
  reply: string;
}

// The conversation state token: `interview:{flow}:{step}:{reasks}`.
export function encodePosition(p: InterviewPosition): string {
  return `interview:${p.flow}:${p.step}:${p.reasks}`;
}

export function decodePosition(token: string | null | undefined): InterviewPosition | null {
  const m = /^interview:([a-z_]+):([a-z_]+):(\d{1,2})$/.exec(token ?? '');
  if (!m) return null;
  const [, flow, step, reasks] = m;
  if (!(INTERVIEW_FLOWS as readonly string[]).includes(flow) || !isStepKey(step)) return null;
  if (!FLOW_STEPS[flow as InterviewFlow].includes(step)) return null;
  return { flow: flow as InterviewFlow, step, reasks: Number(reasks) };
}

export function firstPosition(flow: InterviewFlow, from?: StepKey | null): InterviewPosition {
  const steps = FLOW_STEPS[flow];
  return { flow, step: from && steps.includes(from) ? from : steps[0], reasks: 0 };
}

// "(3/11) What group size feels best?\n1) ..."
export function questionText(p: InterviewPosition, ctx: Pick<EngineContext, 'steps'>): string {
  const steps = FLOW_STEPS[p.flow];
  return `(${steps.indexOf(p.step) + 1}/${steps.length}) ${renderQuestion(stepOf(ctx, p.step))}`;
}

function stepOf(ctx: Pick<EngineContext, 'steps'>, key: StepKey): StepDef {
  const def = ctx.steps.get(key);
  if (!def) throw new Error(`unknown interview step ${key}`);
  return def;
}

export function takeTurn(position: InterviewPosition, text: string, data: ProfileData, ctx: EngineContext): TurnResult {
  const def = stepOf(ctx, position.step);
  const parsed = parseAnswer(text, def.spec);
  const base = { step: position.step, choice: [] as string[], data, changed: [] as string[], passedCore: false, finished: false };
  switch (parsed.kind) {
    case 'pause':
      return { ...base, outcome: 'paused', next: null, reply: copy.paused };
    case 'repeat':
      return { ...base, outcome: 'repeated', next: position, reply: questionText(position, ctx) };
    case 'skip':
      return advance(position, base, 'skipped', copy.skipped, ctx);
    case 'choice': {
      const mapped = applyStepAnswer(def, parsed.keys, data, ctx);
      const result = { ...base, choice: parsed.keys, data: mapped.data, changed: mapped.changed };
      return advance(position, result, 'answered', copy.ack(FLOW_STEPS[position.flow].indexOf(position.step)), ctx);
    }
    case 'empty':
    case 'unrecognised': {
      const unrecognised = parsed.kind === 'empty' ? 'empty' : parsed.reason;
      if (position.reasks < ctx.maxReasks) {
        const next = { ...position, reasks: position.reasks + 1 };
        const reply = `${copy.reask(def.example, def.spec.multi)}\n${questionText(next, ctx)}`;
        return { ...base, outcome: 'reasked', unrecognised, next, reply };
      }
      return advance(position, { ...base, unrecognised }, 'skipped', copy.skippedAfterReask, ctx);
    }
  }
}

type TurnBase = Omit<TurnResult, 'outcome' | 'next' | 'reply'>;

function advance(position: InterviewPosition, result: TurnBase, outcome: 'answered' | 'skipped', lead: string, ctx: EngineContext): TurnResult {
  const steps = FLOW_STEPS[position.flow];
  const i = steps.indexOf(position.step);
  const passedCore = position.flow === 'onboarding' && position.step === CORE_STEPS[CORE_STEPS.length - 1];
  if (i === steps.length - 1) {
    const closing = position.flow === 'refresh' ? copy.finishedRefresh : copy.finishedFull;
    return { ...result, outcome, passedCore, finished: true, next: null, reply: `${lead} ${closing}` };
  }
  const next: InterviewPosition = { flow: position.flow, step: steps[i + 1], reasks: 0 };
  const intro = passedCore ? copy.optionalIntro : lead;
  return { ...result, outcome, passedCore, next, reply: `${intro}\n${questionText(next, ctx)}` };
}

export type OpeningKind = 'start' | 'resume' | 'restartOptional' | 'refresh';

// The first SMS of a session: a one-line intro and the question at `position`.
export function openingText(kind: OpeningKind, position: InterviewPosition, ctx: Pick<EngineContext, 'steps'>): string {
  return `${copy[kind]}\n${questionText(position, ctx)}`;
}
