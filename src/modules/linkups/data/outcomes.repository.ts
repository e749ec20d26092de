import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { rows } from './sql';

export type Attendance = 'attended' | 'no_show' | 'unsure';

@Injectable()
export class OutcomesRepository {
  // Records (or corrects) a member's answer; returns what they had said before, if anything.
  async upsert(
    linkupId: string,
    userId: string,
    attendance: Attendance,
    doAgain: boolean | null,
    manager: EntityManager,
  ): Promise<{ previous: Attendance | null; existed: boolean }> {
    const [before] = await rows<{ attendance: Attendance | null }>(
      manager,
      `select attendance_response as attendance from linkup_outcomes where linkup_id = $1 and user_id = $2 for update`,
      [linkupId, userId],
    );
    await manager.query(
      `insert into linkup_outcomes (linkup_id, user_id, attendance_response, do_again) values ($1, $2, $3, $4)
       on conflict (linkup_id, user_id) do update set attendance_response = excluded.attendance_response, do_again = excluded.do_again`,
      [linkupId, userId, attendance, doAgain],
    );
    return { previous: before?.attendance ?? null, existed: Boolean(before) };
  }

  // Deleting a member: their free-text feedback goes (attendance stays, it is not about them only).
  async forgetFeedback(userId: string, manager: EntityManager): Promise<void> {
    await manager.query(`update linkup_outcomes set feedback = null where user_id = $1 and feedback is not null`, [userId]);
  }
}
