import { Module } from '@nestjs/common';
import { EntitlementsRepository } from './entitlements.repository';
import { EntitlementsService } from './entitlements.service';

@Module({
  providers: [EntitlementsRepository, EntitlementsService],
  exports: [EntitlementsService],
})
export class BillingModule {}
