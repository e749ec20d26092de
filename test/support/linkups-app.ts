import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../../src/common/clock';
import { decryptedJobs, type QueuedJob } from './outbound-jobs';
import { LinkupSweepsService } from '../../src/modules/linkups';

// Reading what LinkUps queued and moving time, for test/linkups.

export type Job = QueuedJob;

// Every outbound job queued for the member (sent or not), oldest first, bodies decrypted.
export function jobsFor(app: INestApplication, userId: string): Promise<Job[]> {
  return decryptedJobs(app, { userId });
}

export async function lastJob(app: INestApplication, userId: string): Promise<Job | undefined> {
  const jobs = await jobsFor(app, userId);
  return jobs[jobs.length - 1];
}

// Moves the app's Clock to `at` (never backwards past what already happened in the test).
export function setClock(app: INestApplication, at: Date): void {
  app.get(Clock).set(at);
}

export function now(app: INestApplication): Date {
  return app.get(Clock).now();
}

export function sweeps(app: INestApplication): LinkupSweepsService {
  return app.get(LinkupSweepsService);
}

export async function linkupRow(app: INestApplication, id: string): Promise<Record<string, any>> {
  const [row] = await app.get(DataSource).query(`select * from linkups where id = $1`, [id]);
  return row;
}

export async function eventsFor(app: INestApplication, entityId: string): Promise<Array<Record<string, any>>> {
  return app.get(DataSource).query(
    `select entity_type, event_type, from_state, to_state, payload from domain_events where entity_id = $1 order by created_at, id`,
    [entityId],
  );
}
