import { Module, OnModuleInit } from '@nestjs/common';
import { DomainEventsModule } from '../../common/domain-events';
import { AppConfig } from '../../config';
import { ConversationModule, ConversationRouter } from '../conversation';
import { IdentityModule } from '../identity';
import { RegionsModule } from '../regions';
import { BillingService } from './account/billing.service';
import { BillingSettings } from './billing.settings';
import { StripeCustomersRepository } from './customers/stripe-customers.repository';
import { EntitlementsRepository } from './entitlements.repository';
import { EntitlementsService } from './entitlements.service';
import { StripeEventHandlers } from './events/stripe-event-handlers';
import { StripeEventsRepository } from './events/stripe-events.repository';
import { StripeEventsService } from './events/stripe-events.service';
import { StripeWebhookController } from './events/stripe-webhook.controller';
import { BillingLinks } from './sms/billing-links';
import { BillingNotifier } from './sms/billing-notifier';
import { BillingSmsCommand } from './sms/billing-sms.command';
import { StripeGateway } from './stripe/stripe-gateway';
import { createStripeGateway } from './stripe/stripe-gateway.factory';
import { SubscriptionSyncService } from './subscriptions/subscription-sync.service';
import { SubscriptionsRepository } from './subscriptions/subscriptions.repository';
import { BillingSweepsCron } from './sweeps/billing-sweeps.cron';
import { GraceSweepService } from './sweeps/grace-sweep.service';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BILLING_ENTITIES } from './entities';
import { BillingPageController } from './web/billing-page.controller';

@Module({
  imports: [TypeOrmModule.forFeature(BILLING_ENTITIES), DomainEventsModule, IdentityModule, ConversationModule, RegionsModule],
  controllers: [StripeWebhookController, BillingPageController],
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
    BillingLinks,
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
    private readonly links: BillingLinks,
  ) {}

  onModuleInit(): void {
    // BILLING works in every mode and leaves the member where they were (the router repeats any open
    // question after it); the command itself says which texts are its own.
    this.router.registerCommand({
      name: 'BILLING', effect: 'read_only', run: (ctx) => this.billingCommand.tryHandle(ctx), menu: 'BILLING - your membership', menuRank: 50,
    });
    this.links.register();
  }
}
