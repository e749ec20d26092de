import { activityCatalog } from '../activity-catalog';
import { emptyProfileData } from '../profile-data';
import { copy } from './interview-copy';
import {
  FLOW_STEPS, INTERVIEW_FLOWS, openingText, takeTurn, type EngineContext, type InterviewPosition, type OpeningKind,
} from './interview-engine';
import { listedOptions, STEPS, type StepKey } from './interview-steps';

// GSM-7 basic character set: anything else turns the whole SMS into UCS-2 (70 characters a segment).
const GSM7 =
  '@\u00a3$\u00a5\u00e8\u00e9\u00f9\u00ec\u00f2\u00c7\n\u00d8\u00f8\r\u00c5\u00e5\u0394_\u03a6\u0393\u039b\u03a9\u03a0\u03a8\u03a3\u0398\u039e\u00c6\u00e6\u00df\u00c9 !"#\u00a4%&\'()*+,-./0123456789:;<=>?\u00a1ABCDEFGHIJKLMNOPQRSTUVWXYZ\u00c4\u00d6\u00d1\u00dc\u00a7\u00bfabcdefghijklmnopqrstuvwxyz\u00e4\u00f6\u00f1\u00fc\u00e0';
const isGsm7 = (s: string) => [...s].every((ch) => GSM7.includes(ch));

const ctx: EngineContext = { steps: STEPS, catalog: activityCatalog, signals: { halfLifeDays: 180, maxConfidence: 0.95 }, maxReasks: 1 };

// Every SMS the interview can send: openings, and every reply to every kind of answer at every step,
// each under the flow/step that sent it ('' for the ones outside any step).
function everyMessageByStep(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (key: string, text: string) => out.set(key, [...(out.get(key) ?? []), text]);
  const name = 'Bartholomew-Maximilian Alexander';
  for (const m of [copy.youreIn(name), copy.youreIn(''), copy.staleRefresh(name)]) add('', m);
  for (const flow of INTERVIEW_FLOWS) {
    for (const step of FLOW_STEPS[flow]) {
      const key = `${flow}/${step}`;
      const position: InterviewPosition = { flow, step, reasks: 0 };
      for (const kind of ['start', 'resume', 'restartOptional', 'refresh'] as OpeningKind[]) add(key, openingText(kind, position, ctx));
      const answers = [...listedOptions(STEPS.get(step)!).map((_, i) => String(i + 1)), 'skip', 'later', 'repeat', '??', ''];
      for (const text of answers) {
        add(key, takeTurn(position, text, emptyProfileData(), ctx).reply);
        add(key, takeTurn({ ...position, reasks: 1 }, text, emptyProfileData(), ctx).reply);
      }
    }
  }
  return out;
}

// Written out by hand, not read from FLOW_STEPS: a step dropped from a flow must fail here.
const EXPECTED_STEPS: Record<string, string[]> = {
  onboarding: ['activities', 'times', 'group', 'friendship', 'conversation', 'boundaries', 'plans', 'new_things', 'energy', 'humor', 'distance'],
  optional: ['plans', 'new_things', 'energy', 'humor', 'distance'],
  refresh: ['activities', 'times', 'group'],
};

describe('interview copy', () => {
  const byStep = everyMessageByStep();
  const messages = [...byStep.values()].flat();

  it('covers every step of every flow', () => {
    const expectedKeys = Object.entries(EXPECTED_STEPS).flatMap(([flow, steps]) => steps.map((step) => `${flow}/${step}`));
    expect([...byStep.keys()].filter((k) => k !== '')).toEqual(expectedKeys);
    for (const [flow, steps] of Object.entries(EXPECTED_STEPS)) {
      steps.forEach((step, i) => {
        // Each step's own messages ask its own question, numbered by its place in the flow.
        const question = `(${i + 1}/${steps.length}) ${STEPS.get(step as StepKey)!.question}`;
        const asking = byStep.get(`${flow}/${step}`)!.filter((m) => m.includes(question));
        // The four openings at least; a failure names the step.
        expect({ step: `${flow}/${step}`, asksItsQuestion: asking.length >= 4 }).toEqual({ step: `${flow}/${step}`, asksItsQuestion: true });
      });
    }
  });

  it('keeps every message under 320 characters', () => {
    const long = messages.filter((m) => m.length >= 320).map((m) => `${m.length}: ${m.slice(0, 60)}`);
    expect(long).toEqual([]);
  });

  it('writes every message in the GSM-7 basic character set', () => {
    const bad = messages.filter((m) => !isGsm7(m)).map((m) => [...m].filter((ch) => !GSM7.includes(ch)).join(''));
    expect(bad).toEqual([]);
  });

  it('numbers every step, about 10 of them, the six core ones first', () => {
    expect(FLOW_STEPS.onboarding).toHaveLength(11);
    expect(openingText('start', { flow: 'onboarding', step: 'activities', reasks: 0 }, ctx)).toMatch(/\(1\/11\) Which of these sound fun\?[\s\S]*\n1\) Coffee\n2\) Walk[\s\S]*\n12\) Concert$/);
    for (const def of STEPS.values()) {
      const listed = listedOptions(def);
      expect(listed.length).toBeGreaterThanOrEqual(3);
      expect(listed.length).toBeLessThanOrEqual(12);
    }
  });
});
