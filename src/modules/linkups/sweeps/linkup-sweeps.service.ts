import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../../common/clock';
import { currentCorrelationId, runWithCorrelation } from '../../../common/context/request-context';
import { TransactionRunner } from '../../../database';
import { InvitesRepository } from '../data/invites.repository';
import { LinkupsRepository } from '../data/linkups.repository';
import { RemindersRepository, type ReminderRecord } from '../data/reminders.repository';
import { WaveService } from '../invites/wave.service';
import { LinkupsSettings } from '../linkups.settings';
import { LinkupLockService } from '../lock/linkup-lock.service';
import { RemindersService } from '../reminders/reminders.service';

export interface SweepReport {
  invitesExpired: number;
  wavesSent: number;
  invitesSent: number;
  locked: number;
  expired: number;
  remindersSent: number;
  remindersSkipped: number;
}

// The time-driven LinkUp work (PRODUCT.md section 12). Each unit of work is claimed in its own
// short transaction with FOR UPDATE SKIP LOCKED (a LinkUp row or a reminder row), so any number of
// instances can run these at once: a claimed row is invisible to the others until its transaction
// commits, and once committed it is no longer due. Batches are bounded by LINKUP_SWEEP_BATCH_SIZE.
@Injectable()
export class LinkupSweepsService {
  private readonly log = new Logger('LinkupSweeps');

  constructor(
    private readonly tx: TransactionRunner,
    private readonly linkups: LinkupsRepository,
    private readonly invites: InvitesRepository,
    private readonly reminders: RemindersRepository,
    private readonly lock: LinkupLockService,
    private readonly waves: WaveService,
    private readonly reminderSender: RemindersService,
    private readonly clock: Clock,
    @Inject(LinkupsSettings) private readonly settings: LinkupsSettings,
  ) {}

  // Invite expiry and next waves, then window close, then reminders: one minute's work.
  async runAll(): Promise<SweepReport> {
    const expiredInvites = await this.expireInvites();
    const waves = await this.sendDueWaves();
    const windows = await this.closeWindows();
    const reminders = await this.sendDueReminders();
    return { invitesExpired: expiredInvites, ...waves, ...windows, ...reminders };
  }

  async expireInvites(): Promise<number> {
    const now = this.clock.now();
    const ids = await this.invites.linkupsWithExpiredInvites(now, this.settings.LINKUP_SWEEP_BATCH_SIZE, this.tx.manager);
    let expired = 0;
    for (const id of ids) {
      const r = await this.step('invite-expiry', (m) => this.linkups.claimByIds([id], m), (linkupId, m, cid) => this.lock.expireDueInvites(linkupId, cid, m), []);
      if (r.kind === 'done') expired += r.value;
    }
    return expired;
  }

  // Waves of broadcasting LinkUps, then refill waves of locked LinkUps that lost someone.
  async sendDueWaves(): Promise<{ wavesSent: number; invitesSent: number }> {
    let wavesSent = 0;
    let invitesSent = 0;
    const claims = [
      (m: EntityManager, failed: string[]) => this.linkups.claimWavesDue(this.clock.now(), 1, failed, m),
      (m: EntityManager, failed: string[]) => this.linkups.claimRefillsDue(this.clock.now(), 1, failed, m),
    ];
    for (const claim of claims) {
      const failed: string[] = [];
      for (let i = 0; i < this.settings.LINKUP_SWEEP_BATCH_SIZE; i++) {
        const r = await this.step(
          'waves',
          (m) => claim(m, failed),
          async (id, m, cid) => this.waves.sendWave(await this.lock.mustLock(id, m), cid, m),
          failed,
        );
        if (r.kind === 'idle') break;
        if (r.kind === 'done' && r.value > 0) {
          wavesSent += 1;
          invitesSent += r.value;
        }
      }
    }
    return { wavesSent, invitesSent };
  }

  async closeWindows(): Promise<{ locked: number; expired: number }> {
    let locked = 0;
    let expired = 0;
    const failed: string[] = [];
    for (let i = 0; i < this.settings.LINKUP_SWEEP_BATCH_SIZE; i++) {
      const r = await this.step(
        'window-close',
        (m) => this.linkups.claimWindowsDue(this.clock.now(), 1, failed, m),
        (id, m, cid) => this.lock.closeWindow(id, cid, m),
        failed,
      );
      if (r.kind === 'idle') break;
      if (r.kind === 'done' && r.value === 'locked') locked += 1;
      if (r.kind === 'done' && r.value === 'expired') expired += 1;
    }
    return { locked, expired };
  }

  async sendDueReminders(): Promise<{ remindersSent: number; remindersSkipped: number }> {
    let remindersSent = 0;
    let remindersSkipped = 0;
    const failed: string[] = [];
    for (let i = 0; i < this.settings.LINKUP_SWEEP_BATCH_SIZE; i++) {
      let claimed: ReminderRecord | undefined;
      const r = await this.step(
        'reminders',
        async (m) => {
          [claimed] = await this.reminders.claimDue(this.clock.now(), 1, failed, m);
          return claimed ? [claimed.id] : [];
        },
        (_id, m) => this.reminderSender.send(claimed!, m),
        failed,
      );
      if (r.kind === 'idle') break;
      if (r.kind === 'done' && r.value === 'sent') remindersSent += 1;
      if (r.kind === 'done' && r.value === 'skipped') remindersSkipped += 1;
    }
    return { remindersSent, remindersSkipped };
  }

  // One unit of work: claim a row and do `work` on it in the same transaction, under a fresh
  // correlation id. A failure is logged and its id skipped for the rest of this run, so one bad
  // row cannot stall the others (it is tried again next run).
  private async step<T>(
    sweep: string,
    claim: (m: EntityManager) => Promise<string[]>,
    work: (id: string, m: EntityManager, correlationId: string | null) => Promise<T>,
    failed: string[],
  ): Promise<StepResult<T>> {
    let current: string | undefined;
    try {
      return await runWithCorrelation(undefined, () =>
        this.tx.run(async (m): Promise<StepResult<T>> => {
          [current] = await claim(m);
          if (!current) return { kind: 'idle' };
          return { kind: 'done', value: await work(current, m, currentCorrelationId() ?? null) };
        }),
      );
    } catch (err) {
      if (!current) throw err;
      this.log.error({ msg: 'LinkUp sweep step failed', sweep, id: current, err });
      failed.push(current);
      return { kind: 'failed' };
    }
  }
}

type StepResult<T> = { kind: 'idle' } | { kind: 'done'; value: T } | { kind: 'failed' };
