import type { InviteOption } from '../messages/linkup-copy';

// linkup_invites.offered_options as the SMS reads it: the options an invite offers, each answered by
// its letter. Stored as `[{ "key": "A", "label": "Sat 10am" }, ...]`; a plain list of labels is
// lettered A, B, C in order. Anything else (null, a damaged value) is a plain YES/NO invite.
export function inviteOptions(raw: unknown): InviteOption[] {
  if (!Array.isArray(raw)) return [];
  const out: InviteOption[] = [];
  for (const [i, item] of raw.slice(0, 6).entries()) {
    const fallback = String.fromCharCode(65 + i);
    if (typeof item === 'string' && item.trim()) out.push({ key: fallback, label: item.trim() });
    else if (item && typeof item === 'object' && typeof (item as { label?: unknown }).label === 'string') {
      const key = String((item as { key?: unknown }).key ?? fallback).toUpperCase();
      out.push({ key: /^[A-Z]$/.test(key) ? key : fallback, label: (item as { label: string }).label.trim() });
    }
  }
  return new Set(out.map((o) => o.key)).size === out.length ? out : [];
}
