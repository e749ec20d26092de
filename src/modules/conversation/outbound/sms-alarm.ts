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

// The one place an SMS sender alarm is logged: an ERROR line with a stable code (SmsSendersService
// also counts it in josh_sms_sender_alarms_total{code}; josh_sms_sender_paused is the state).
export function raiseSmsSenderAlarm(log: Logger, alarm: SmsSenderAlarm): void {
  log.error({ msg: 'sms sender alarm: sending paused until an operator resumes it (npm run sms:sender -- resume)', alarm: SMS_SENDER_ALARM, ...alarm });
}
