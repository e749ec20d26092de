// Every interview SMS, GSM-7 only (no curly quotes, no emoji) and each under 320 characters
// (checked for every step by interview-copy.spec.ts).

const ACKS = ['Got it!', 'Thanks!', 'Nice.', 'Noted.', 'Great.'];

export const copy = {
  start: 'Welcome to JOSH! A few quick questions so we can find your people. Reply with numbers or words, or SKIP.',
  resume: 'Welcome back! Picking up where we left off.',
  restartOptional: 'Let us fine-tune your profile. SKIP keeps an answer as it is, LATER stops.',
  refresh: 'Quick refresh so your matches stay good:',
  ack: (n: number) => ACKS[n % ACKS.length],
  skipped: 'Skipped.',
  skippedAfterReask: 'No problem, we will skip that one.',
  reask: (example: string, multi: boolean) =>
    multi
      ? `Sorry, I did not get that. Reply with one or more numbers, e.g. ${example}, or SKIP.`
      : `Sorry, I did not get that. Reply with a number, e.g. ${example}, or SKIP.`,
  optionalIntro: 'A few optional ones to sharpen your matches. Reply LATER to stop.',
  paused: 'No problem. Text PROFILE any time to pick up where you left off.',
  finishedFull: 'All done, thanks! Your profile is complete. Text PROFILE any time to update it.',
  finishedRefresh: 'Thanks, your profile is up to date!',
  // Sent once, when the core steps are done and the member becomes active.
  youreIn: (firstName: string) =>
    `You're in, ${shortName(firstName)}! To start a LinkUp, text what you want to do and when, e.g. "coffee saturday morning". We will find 2-6 people who fit. Text HELP any time.`,
  // The same moment for a member whose area is not open yet: no LinkUps until it opens.
  youreInWaitlisted: (firstName: string) =>
    `Thanks, ${shortName(firstName)}, your profile is set! JOSH is not open in your area yet. We will text you the day it opens, and then you can start LinkUps.`,
  // HELP's line inside the interview.
  whereQuestion: (n: number, total: number, multi: boolean) =>
    `You're on question ${n} of ${total}. Reply with ${multi ? 'numbers' : 'a number'}, SKIP, or LATER to finish later.`,
  // Said when a LinkUp request (or another command) takes the member out of the optional questions.
  leftForNow: 'Your profile questions can wait: text PROFILE to pick them up.',
  staleRefresh: (firstName: string) =>
    `Hi ${shortName(firstName)}, it has been a while! Text PROFILE for a 3-question refresh so we keep finding the right people for you.`,
};

// Names are the member's own; long ones are cut so every message stays one length class.
export function shortName(firstName: string): string {
  const name = (firstName ?? '').trim() || 'there';
  return name.length > 20 ? name.slice(0, 20) : name;
}
