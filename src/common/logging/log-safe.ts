// What an error may put in a log line. Database errors carry the query's parameters (numbers,
// ciphertext) and a `detail` with key values: neither is logged.
export function errorSummary(err: unknown): Record<string, unknown> {
  // `errorCode`, not `code`: log redaction hides any `code` key (OTP codes).
  if (!(err instanceof Error)) return { message: String(err) };
  const code = (err as { code?: unknown }).code;
  return { type: err.name, message: err.message, ...(code !== undefined ? { errorCode: code } : {}), stack: err.stack };
}
