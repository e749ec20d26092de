import type { Logger } from '@nestjs/common';

// The stable code of the operator alarm: alert on log lines with `alarm: "sms_sender_alarm"`.
export const SMS_SENDER_ALARM = 'sms_sender_alarm';

export interface SmsSenderAlarm {
  // The Twilio error: 30002 (account suspended), 30007 (carrier filtering), 30034 (unregistered sender).
  code: string;
  sender: string;
  via: 'api' | 'callback';
  messageSid?: string;
  // False when the sender was already paused by an earlier alarm.
  paused: boolean;
}

// The one place an SMS sender alarm is raised: an ERROR log line with a stable code.
export function raiseSmsSenderAlarm(log: Logger, alarm: SmsSenderAlarm): void {
  log.error({ msg: 'sms sender alarm: sending paused until an operator resumes it (npm run sms:sender -- resume)', alarm: SMS_SENDER_ALARM, ...alarm });
  // Issue 14's /metrics: increment the sms sender alarm counter (labelled by code) here.
}
