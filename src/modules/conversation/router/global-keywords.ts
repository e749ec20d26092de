// Carrier keywords, checked before any mode handler. A keyword is the whole message (any case,
// surrounding spaces and trailing punctuation ignored), as Twilio matches them: "stop" opts out,
// "please stop texting" does not.
export type GlobalKeyword = 'stop' | 'start' | 'help' | 'yes';

// Twilio's default opt-out words on long codes (Messaging Services > Advanced Opt-Out, "By default,
// Twilio handles ... STOP, UNSUBSCRIBE, END, QUIT, STOPALL, REVOKE, OPTOUT, and CANCEL").
export const OPT_OUT_WORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'END', 'QUIT', 'CANCEL', 'REVOKE', 'OPTOUT'] as const;
// Twilio's opt-in words: START, YES, UNSTOP. YES opts back in only while opted out; otherwise it
// belongs to the mode handler (invite replies).
const OPT_IN_WORDS = ['START', 'UNSTOP'] as const;
const HELP_WORDS = ['HELP', 'INFO'] as const;

// Words a feature module may claim in its own context (registerKeywordInterceptor). DROP is the
// LinkUp "can't make it" word no carrier treats as an opt-out; CANCEL only when the provider does not
// treat it as one (SMS_CANCEL_IS_OPT_OUT=false). STOP and the rest always opt out.
export const INTERCEPTABLE_KEYWORDS = ['DROP', 'CANCEL'] as const;
export type InterceptableKeyword = (typeof INTERCEPTABLE_KEYWORDS)[number];

export interface ParsedKeyword {
  keyword: GlobalKeyword;
  word: string; // the keyword as matched, upper-case ("CANCEL", "STOPALL")
}

export interface KeywordOptions {
  // SMS_CANCEL_IS_OPT_OUT: false leaves a bare CANCEL to the interceptors and handlers.
  cancelIsOptOut: boolean;
}

const DEFAULTS: KeywordOptions = { cancelIsOptOut: true };

// The message as one upper-case word, or null when it is more than one word.
export function wholeWord(text: string): string | null {
  const word = text.trim().replace(/[\s.!?]+$/u, '').toUpperCase();
  return /^[A-Z]+$/.test(word) ? word : null;
}

export function parseKeyword(text: string, options: KeywordOptions = DEFAULTS): ParsedKeyword | null {
  const word = wholeWord(text);
  // Stryker disable next-line ConditionalExpression: equivalent, a null word matches none of the checks below and ends in `return null` too
  if (!word) return null;
  if (word === 'CANCEL' && !options.cancelIsOptOut) return null;
  if ((OPT_OUT_WORDS as readonly string[]).includes(word)) return { keyword: 'stop', word };
  if ((OPT_IN_WORDS as readonly string[]).includes(word)) return { keyword: 'start', word };
  if ((HELP_WORDS as readonly string[]).includes(word)) return { keyword: 'help', word };
  if (word === 'YES') return { keyword: 'yes', word };
  return null;
}

export function parseGlobalKeyword(text: string, options: KeywordOptions = DEFAULTS): GlobalKeyword | null {
  return parseKeyword(text, options)?.keyword ?? null;
}

export function isInterceptableKeyword(word: string): word is InterceptableKeyword {
  return (INTERCEPTABLE_KEYWORDS as readonly string[]).includes(word);
}

// The interceptable word a whole message is, if any. CANCEL counts only when it is not an opt-out.
export function interceptableWord(text: string, options: KeywordOptions = DEFAULTS): InterceptableKeyword | null {
  const word = wholeWord(text);
  if (!word || !isInterceptableKeyword(word)) return null;
  return word === 'CANCEL' && options.cancelIsOptOut ? null : word;
}
