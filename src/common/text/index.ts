// Text normalisation and typo-tolerant word matching for SMS (interview answers, safety keywords,
// LinkUp briefs).
export {
  MAX_ANSWER_CHARS, normaliseAnswer, phraseWords, typoAllowance, typoAllowanceFor, typoDistance, Vocabulary,
  type NormalisedAnswer, type ResolvedWord,
} from './text-match';
