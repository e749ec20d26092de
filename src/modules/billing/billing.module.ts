import { Module, OnModuleInit } from '@nestjs/common';
import { DomainEventsModule } from '../../common/domain-events';
import { AppConfig } from '../../config';
import { ConversationModule, ConversationRouter } from '../conversation';
import { IdentityModule } from '../identity';
import { RegionsModule } from '../regions';
import { BillingService } from './account/billing.service';
import { BillingSettings } from './billing.settings';
import { StripeCustomersRepository } from './customers/stripe-customers.repository';
import { DevBillingController } from './dev/dev-billing.controller';
import { EntitlementsRepository } from './entitlements.repository';
import { EntitlementsService } from './entitlements.service';
import { StripeEventHandlers } from './events/stripe-event-handlers';
import { StripeEventsRepository } from './events/stripe-events.repository';
import { StripeEventsService } from './events/stripe-events.service';
import { StripeWebhookController } from './events/stripe-webhook.controller';
import { BillingNotifier } from './sms/billing-notifier';
import { BillingSmsCommand } from './sms/billing-sms.command';
import { StripeGateway } from './stripe/stripe-gateway';
import { createStripeGateway } from './stripe/stripe-gateway.factory';
import { SubscriptionSyncService } from './subscriptions/subscription-sync.service';
import { SubscriptionsRepository } from './subscriptions/subscriptions.repository';
import { BillingSweepsCron } from './sweeps/billing-sweeps.cron';
import { GraceSweepService } from './sweeps/grace-sweep.service';

@Module({
  imports: [DomainEventsModule, IdentityModule, ConversationModule, RegionsModule],
  controllers: [StripeWebhookController, DevBillingController],
  providers: [
    { provide: BillingSettings, inject: [AppConfig], useFactory: (c: AppConfig) => c.section(BillingSettings) },
    { provide: StripeGateway, inject: [AppConfig, BillingSettings], useFactory: createStripeGateway },
    EntitlementsRepository,
    EntitlementsService,
    SubscriptionsRepository,
    StripeCustomersRepository,
    StripeEventsRepository,
    StripeEventHandlers,
    StripeEventsService,
    SubscriptionSyncService,
    GraceSweepService,
    BillingSweepsCron,
    BillingNotifier,
    BillingService,
    BillingSmsCommand,
  ],
  exports: [EntitlementsService, BillingService, StripeEventsService, GraceSweepService],
})
export class BillingModule implements OnModuleInit {
  constructor(
    private readonly router: ConversationRouter,
    private readonly billingCommand: BillingSmsCommand,
  ) {}

  onModuleInit(): void {
    this.router.registerIdleCommand(this.billingCommand);
  }
}
