// Paths that carry a secret (magic-link tokens: /m/<token>) are logged without it.
const SECRET_PATHS: RegExp[] = [/^(\/m\/)[^/?#]+/];

export function redactPath(path: string): string {
  for (const re of SECRET_PATHS) if (re.test(path)) return path.replace(re, '$1[redacted]');
  return path;
}
