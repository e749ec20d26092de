import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface AttendanceRecorded {
  linkupId: string;
  userId: string;
  correlationId: string | null;
  // The transaction that recorded it: a listener's writes commit (or roll back) with it.
  manager: EntityManager;
}

// Told when the outcome check records that a member attended a LinkUp (their answer A or B), once
// per change to `attended`. Called after the answer is handled (the member's conversation is back
// in idle if the answer came in the outcome mode), inside the same transaction.
export interface AttendanceListener {
  onAttendanceRecorded(event: AttendanceRecorded): Promise<void>;
}

// Modules that react to attendance (contact exchange) register here from their onModuleInit, so
// LinkUps never imports them.
@Injectable()
export class AttendanceListeners {
  private readonly listeners: AttendanceListener[] = [];

  register(listener: AttendanceListener): void {
    this.listeners.push(listener);
  }

  async announce(event: AttendanceRecorded): Promise<void> {
    for (const listener of this.listeners) await listener.onAttendanceRecorded(event);
  }
}
