// Carrier keywords, checked before any mode handler. A keyword is the whole message (any case,
// surrounding spaces and trailing punctuation ignored): "stop" opts out, "please stop texting" does not.
export type GlobalKeyword = 'stop' | 'start' | 'help' | 'yes';

const KEYWORDS: Record<string, GlobalKeyword> = {
  STOP: 'stop', STOPALL: 'stop', UNSUBSCRIBE: 'stop', CANCEL: 'stop', END: 'stop', QUIT: 'stop', OPTOUT: 'stop', REVOKE: 'stop',
  START: 'start', UNSTOP: 'start',
  HELP: 'help', INFO: 'help',
  // Opts back in only while opted out; otherwise it belongs to the mode handler (invite replies).
  YES: 'yes',
};

export function parseGlobalKeyword(text: string): GlobalKeyword | null {
  const word = text.trim().replace(/[\s.!?]+$/u, '').toUpperCase();
  return KEYWORDS[word] ?? null;
}
