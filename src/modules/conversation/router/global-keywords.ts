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

// Opt-out words a feature module may claim in its own context (PRODUCT.md section 6: CANCEL inside
// a LinkUp asks to confirm). Every other STOP-family word always opts out, as carriers require.
export const INTERCEPTABLE_KEYWORDS = ['CANCEL'] as const;
export type InterceptableKeyword = (typeof INTERCEPTABLE_KEYWORDS)[number];

export interface ParsedKeyword {
  keyword: GlobalKeyword;
  word: string; // the keyword as matched, upper-case ("CANCEL", "STOPALL")
}

export function parseKeyword(text: string): ParsedKeyword | null {
  const word = text.trim().replace(/[\s.!?]+$/u, '').toUpperCase();
  const keyword = KEYWORDS[word];
  return keyword ? { keyword, word } : null;
}

export function parseGlobalKeyword(text: string): GlobalKeyword | null {
  return parseKeyword(text)?.keyword ?? null;
}

export function isInterceptableKeyword(word: string): word is InterceptableKeyword {
  return (INTERCEPTABLE_KEYWORDS as readonly string[]).includes(word);
}
