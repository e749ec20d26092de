// TypeScript mirrors of the Postgres enums in migrations/1764100000000-InitialSchema.ts.
// Same labels, same order; entities pass these with the Postgres enumName.

export const USER_STATES = ['unverified', 'verified', 'interviewing', 'active', 'suspended', 'deleted'] as const;
export type UserState = (typeof USER_STATES)[number];

export const PROFILE_STATES = ['empty', 'partial', 'complete_mvp', 'complete_full', 'stale'] as const;
export type ProfileState = (typeof PROFILE_STATES)[number];

export const CONVERSATION_MODES = [
  'idle',
  'interviewing',
  'linkup_forming',
  'awaiting_invite_reply',
  'safety_hold',
] as const;
export type ConversationMode = (typeof CONVERSATION_MODES)[number];

export const LINKUP_STATES = ['draft', 'broadcasting', 'locked', 'completed', 'expired', 'canceled'] as const;
export type LinkUpState = (typeof LINKUP_STATES)[number];

export const INVITE_STATES = ['pending', 'accepted', 'declined', 'expired', 'closed'] as const;
export type InviteState = (typeof INVITE_STATES)[number];

export const SUBSCRIPTION_STATES = ['none', 'trialing', 'active', 'past_due', 'canceled', 'unpaid'] as const;
export type SubscriptionState = (typeof SUBSCRIPTION_STATES)[number];

export const SAFETY_HOLD_STATES = ['none', 'soft_hold', 'hard_hold'] as const;
export type SafetyHoldState = (typeof SAFETY_HOLD_STATES)[number];

export const REGION_STATES = ['open', 'waitlisted', 'closed'] as const;
export type RegionState = (typeof REGION_STATES)[number];
