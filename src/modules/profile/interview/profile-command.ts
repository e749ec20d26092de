import { normaliseAnswer, typoDistance } from '../../../common/text';

const PHRASES = new Set([
  'profile', 'my profile', 'update profile', 'update my profile', 'edit profile', 'edit my profile', 'change profile',
  'profile update', 'refresh', 'refresh profile', 'interview', 'questions', 'finish profile', 'finish my profile',
]);

// The idle command that (re)starts the interview: "profile", and near misses ("Profile!", "profil").
export function isProfileCommand(text: string): boolean {
  const { tokens, text: normalised } = normaliseAnswer(text.slice(0, 200));
  if (PHRASES.has(normalised)) return true;
  return tokens.length === 1 && typoDistance(tokens[0], 'profile', 1) <= 1;
}
