import { normaliseAnswer } from '../../../common/text';

// SMS answers in safety's flows. Pure functions.

export type Command = 'report' | 'block' | 'unblock' | 'delete';

const COMMANDS: Record<string, Command> = {
  report: 'report', 'report someone': 'report', 'report a problem': 'report',
  block: 'block', 'block someone': 'block',
  unblock: 'unblock',
  delete: 'delete', 'delete account': 'delete', 'delete my account': 'delete', 'delete me': 'delete',
};

// The whole message is the command ("REPORT", "report.", "Delete my account"); a word inside a
// sentence is not, so an interview answer or a LinkUp brief is never taken for one.
export function parseCommand(text: string): Command | null {
  return COMMANDS[normaliseAnswer(text).text] ?? null;
}

const LEAVE = new Set(['nevermind', 'never mind', 'nvm', 'no', 'nope', 'no thanks', 'back', 'exit', 'forget it', 'none', 'nobody', 'no one']);

export type PickAnswer =
  | { kind: 'pick'; index: number } // 0-based
  | { kind: 'out_of_range' }
  | { kind: 'leave' }
  | { kind: 'unclear' };

// A number from the list ("2", "#2", "2️⃣", "number 2"), or a first name on it when only one
// person has it; NEVERMIND (and the like) leaves the flow.
export function parsePick(text: string, names: Array<string | null>): PickAnswer {
  const answer = normaliseAnswer(text);
  if (LEAVE.has(answer.text)) return { kind: 'leave' };
  const numbers = answer.tokens.filter((t) => /^\d+$/.test(t));
  if (numbers.length === 1) {
    const n = Number(numbers[0]);
    return n >= 1 && n <= names.length ? { kind: 'pick', index: n - 1 } : { kind: 'out_of_range' };
  }
  if (numbers.length > 1) return { kind: 'unclear' };
  const byName = names.flatMap((name, i) => (name && normaliseAnswer(name).text === answer.text && answer.text ? [i] : []));
  return byName.length === 1 ? { kind: 'pick', index: byName[0] } : { kind: 'unclear' };
}

export function isLeave(text: string): boolean {
  return LEAVE.has(normaliseAnswer(text).text);
}

// A description needs words: whitespace, punctuation or emoji alone is asked for again.
export function hasWords(text: string): boolean {
  return normaliseAnswer(text).tokens.length > 0;
}
