import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainEventsService } from '../../../common/domain-events';
import { TransactionRunner } from '../../../database';
import type { SafetyCaseStatus } from '../entities/safety-incident.entity';
import { actorPayload, type SafetyActor } from '../core/safety-actor';
import { SafetyError, SafetyErrorCode } from '../safety.errors';
import { within } from '../within';
import { IncidentsRepository, type IncidentRecord } from './incidents.repository';

const STATUSES: readonly SafetyCaseStatus[] = ['open', 'reviewing', 'resolved'];

// Incidents are opened by severe reports and worked by support: open -> reviewing -> resolved (and
// reopened when needed). Clearing the reported member's hold is a separate, explicit step.
@Injectable()
export class IncidentsService {
  constructor(
    private readonly incidents: IncidentsRepository,
    private readonly events: DomainEventsService,
    private readonly tx: TransactionRunner,
  ) {}

  // Idempotent: the status it already has changes nothing.
  async setStatus(incidentId: string, status: SafetyCaseStatus, actor: SafetyActor, manager?: EntityManager): Promise<{ changed: boolean; incident: IncidentRecord }> {
    if (!STATUSES.includes(status)) throw new SafetyError(SafetyErrorCode.InvalidStatus, `Status must be one of ${STATUSES.join(', ')}.`);
    return within(this.tx, manager, async (m) => {
      const incident = await this.incidents.lock(incidentId, m);
      if (!incident) throw new SafetyError(SafetyErrorCode.IncidentNotFound, 'No such incident.');
      if (incident.status === status) return { changed: false, incident };
      await this.incidents.setStatus(incidentId, status, m);
      await this.events.record(
        { entityType: 'safety_incident', entityId: incidentId, eventType: 'safety_incident.status_changed', fromState: incident.status, toState: status, payload: actorPayload(actor) },
        m,
      );
      return { changed: true, incident: (await this.incidents.find(incidentId, m))! };
    });
  }
}
