// placeholder: replaced by the schema work
export type ConversationMode = 'idle' | 'interviewing' | 'linkup_forming' | 'awaiting_invite_reply' | 'safety_hold';
