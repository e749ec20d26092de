import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ProfileService } from '../../profile';
import { ProfileSignalsPort, type BehaviourKind } from './ports';

// Behaviour signals (invite accepted/declined, do again) into the profile, once per key.
@Injectable()
export class ProfileSignalsAdapter extends ProfileSignalsPort {
  constructor(private readonly profiles: ProfileService) {
    super();
  }

  async apply(
    userId: string,
    kind: BehaviourKind,
    activityKey: string,
    idempotencyKey: string,
    correlationId: string | null,
    manager: EntityManager,
  ): Promise<void> {
    await this.profiles.applyBehaviourSignal({ userId, kind, activityKey, idempotencyKey, correlationId }, manager);
  }
}
