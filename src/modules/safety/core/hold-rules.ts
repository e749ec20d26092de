import { inForce, type HoldKind, type HoldRecord } from './holds.repository';

export interface HoldRequest {
  kind: HoldKind;
  reason: string;
  expiresAt: Date | null;
}

// What applying a hold does to the member's current one:
// - applied: none in force (or a soft hold raised to hard);
// - changed: the same kind in force, with another expiry or reason;
// - unchanged: exactly this hold is already in force (a retry);
// - kept_stronger: a hard hold is in force and a soft one was asked (never downgraded).
export type HoldChange = 'applied' | 'changed' | 'unchanged' | 'kept_stronger';

export function decideApply(current: HoldRecord | null, req: HoldRequest, now: Date): HoldChange {
  if (!inForce(current, now)) return 'applied';
  if (current.state === 'hard_hold' && req.kind === 'soft_hold') return 'kept_stronger';
  if (current.state !== req.kind) return 'applied';
  const sameExpiry = (current.expiresAt ? new Date(current.expiresAt).getTime() : null) === (req.expiresAt?.getTime() ?? null);
  return sameExpiry && current.reason === req.reason ? 'unchanged' : 'changed';
}
