// Who changed a safety record: recorded on every domain event of a hold, report, incident or deletion.
export type SafetyActor =
  | { type: 'system' } // automatic: strikes reaching the threshold, a severe report
  | { type: 'sweep' } // the hourly holds sweep
  | { type: 'member'; userId: string } // by SMS (REPORT, BLOCK, DELETE)
  | { type: 'admin'; adminId: string }; // support, through the admin API

export const SYSTEM: SafetyActor = { type: 'system' };
export const SWEEP: SafetyActor = { type: 'sweep' };

export function actorPayload(actor: SafetyActor): Record<string, string> {
  if (actor.type === 'admin') return { actor: 'admin', adminId: actor.adminId };
  if (actor.type === 'member') return { actor: 'member', memberId: actor.userId };
  return { actor: actor.type };
}

export function adminIdOf(actor: SafetyActor): string | null {
  return actor.type === 'admin' ? actor.adminId : null;
}
