import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { normaliseAnswer, phraseWords, Vocabulary } from '../../../common/text';

// Whether a word is in the English word list of the `word-list` package (one lower-case word per
// line). The list (2.9 MB) is read on first use and searched as one string: only tokens typo
// matching took for a keyword are ever looked up, a few per report, each well under a millisecond
// of scanning, without holding 275,000 strings in memory.
let wordListText: string | null = null;

export function isEnglishWord(word: string): boolean {
  // The package is ESM-only and exports just this file's path: resolve it instead of importing it.
  wordListText ??= `\n${readFileSync(join(dirname(require.resolve('word-list')), 'words.txt'), 'utf8')}\n`;
  return wordListText.includes(`\n${word}\n`);
}

// Marks a report severe when its text holds one of the configured keywords or phrases, with typos
// tolerated as in the interview and LinkUp briefs (src/common/text: one typo for words of 5+
// letters, two for 8+). A real English word is never read as a typo of a keyword: "talked" is one
// letter from "stalked", "treat" from "threat", "attached" from "attacked", and a hard hold must not
// follow from "we talked a lot".
export class SeverityMatcher {
  private readonly vocabulary: Vocabulary;
  private readonly phrases: string[][];
  constructor(
    keywords: string[],
    private readonly isRealWord: (word: string) => boolean = isEnglishWord,
  ) {
    const clean = keywords.map((k) => normaliseAnswer(k).tokens).filter((t) => t.length > 0);
    this.phrases = clean;
    this.vocabulary = new Vocabulary(phraseWords(clean.map((t) => t.join(' '))));
  }

  // The keywords (or phrases) found, as configured; empty when the text is not severe.
  match(text: string): string[] {
    const words = normaliseAnswer(text).tokens.map((t) => this.resolve(t));
    const found = this.phrases.filter((p) => occurs(p, words)).map((p) => p.join(' '));
    return [...new Set(found)];
  }

  private resolve(token: string): string | null {
    const r = this.vocabulary.resolve(token);
    if (!r) return null;
    return r.exact || !this.isRealWord(token) ? r.word : null;
  }
}

function occurs(phrase: string[], words: Array<string | null>): boolean {
  for (let i = 0; i + phrase.length <= words.length; i++) {
    if (phrase.every((p, j) => words[i + j] === p)) return true;
  }
  return false;
}
