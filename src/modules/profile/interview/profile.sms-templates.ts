import type { SmsTemplateCatalog } from '../../../common/sms-templates';
import { activityCatalog } from '../activity-catalog';
import { emptyProfileData } from '../profile-data';
import { copy } from './interview-copy';
import { FLOW_STEPS, INTERVIEW_FLOWS, openingText, takeTurn, type EngineContext, type OpeningKind } from './interview-engine';
import { listedOptions, STEPS } from './interview-steps';

const ctx: EngineContext = { steps: STEPS, catalog: activityCatalog, signals: { halfLifeDays: 180, maxConfidence: 0.95 }, maxReasks: 1 };

// Every question of every flow, and the replies to every kind of answer (the engine composes them
// from `copy` and the steps).
function interviewTurns(): string[] {
  const out: string[] = [];
  for (const flow of INTERVIEW_FLOWS) {
    for (const step of FLOW_STEPS[flow]) {
      const position = { flow, step, reasks: 0 };
      for (const kind of ['start', 'resume', 'restartOptional', 'refresh'] as OpeningKind[]) out.push(openingText(kind, position, ctx));
      for (const text of [...listedOptions(STEPS.get(step)!).map((_, i) => String(i + 1)), 'skip', 'later', 'repeat', '??', '']) {
        out.push(takeTurn(position, text, emptyProfileData(), ctx).reply, takeTurn({ ...position, reasks: 1 }, text, emptyProfileData(), ctx).reply);
      }
    }
  }
  return out;
}

// `ack` takes a counter, the others a first name (a long one and none).
const render = (name: string, v: unknown): string[] => {
  if (typeof v !== 'function') return [String(v)];
  return (name === 'ack' ? [0, 1, 2, 3, 4] : ['Bartholomew-Maximilian Alexander', '']).map((arg) => String(v(arg)));
};

export const smsTemplates: SmsTemplateCatalog = {
  module: 'profile',
  templates: [...Object.keys(copy), 'interviewTurns'],
  render: () => ({
    ...Object.fromEntries(Object.entries(copy).map(([name, v]) => [name, name === 'reask' ? [copy.reask('1, 3', true), copy.reask('2', false)] : render(name, v)])),
    interviewTurns: interviewTurns(),
  }),
};
