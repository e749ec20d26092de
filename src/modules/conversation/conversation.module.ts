import { Module } from '@nestjs/common';
import { AppConfig, ConfigValidationError } from '../../config';
import { MetricsService } from '../../common/metrics';
import { instrumentProvider } from './metrics/instrumented-provider';
import { PipelineMetrics } from './metrics/pipeline-metrics';
import { IdentityModule } from '../identity';
import { ConversationSettings } from './conversation.settings';
import { DevSmsController } from './dev/dev-sms.controller';
import { DevSmsRepository } from './dev/dev-sms.repository';
import { DevSmsService } from './dev/dev-sms.service';
import { DevToolingGuard } from './dev/dev-tooling.guard';
import { MessageEventsRepository } from './events/message-events.repository';
import { DeliveryStatusService } from './inbound/delivery-status.service';
import { InboundHandlingRepository } from './inbound/inbound-handling.repository';
import { InboundBatchRepository } from './inbound/inbound-batch.repository';
import { InboundHandler } from './inbound/inbound-handler.service';
import { InboundSpool } from './inbound/inbound-spool';
import { InboundStore } from './inbound/inbound-store';
import { InboundWorker } from './inbound/inbound-worker';
import { InboundSmsService } from './inbound/inbound-sms.service';
import { TwilioSignatureGuard } from './inbound/twilio-signature.guard';
import { TwilioWebhookController } from './inbound/twilio-webhook.controller';
import { TwilioWebhookSigner } from './inbound/twilio-webhook-signer';
import { SmsReencryptionRepository } from './keys/sms-reencryption.repository';
import { SmsReencryptionService } from './keys/sms-reencryption.service';
import { EarlyStatusCallbacksRepository } from './messages/early-status-callbacks.repository';
import { SmsMessagesRepository } from './messages/sms-messages.repository';
import { MessageHistoryRepository } from './messages/message-history.repository';
import { MessageHistoryService } from './messages/message-history.service';
import { CarrierOutcomesService } from './outbound/carrier-outcomes.service';
import { SenderStateRepository } from './outbound/sender-state.repository';
import { SmsSendersService } from './outbound/sms-senders.service';
import { OutboundJobsRepository } from './outbound/outbound-jobs.repository';
import { OutboundSmsService } from './outbound/outbound-sms.service';
import { SmsDispatchCron } from './outbound/sms-dispatch.cron';
import { SmsDispatcher } from './outbound/sms-dispatcher.service';
import { ConversationPrivacyService } from './privacy/conversation-privacy.service';
import { MemberErasureRepository } from './privacy/member-erasure.repository';
import { SmsProvider } from './providers/sms-provider';
import { createSmsProvider } from './providers/sms-provider.factory';
import { SmsRetentionCron } from './retention/sms-retention.cron';
import { SmsRetentionRepository } from './retention/sms-retention.repository';
import { SmsRetentionService } from './retention/sms-retention.service';
import { CarrierKeywordsService } from './inbound/carrier-keywords.service';
import { CarrierReplies } from './router/carrier-replies';
import { ConversationRouter } from './router/conversation-router';
import { RouterRegistry } from './router/router-registry';
import { TurnDispatcher } from './router/turn-dispatcher';
import { SmsCopy } from './router/sms-copy';
import { ConversationSessionsRepository } from './sessions/conversation-sessions.repository';
import { ConversationSessionsService } from './sessions/conversation-sessions.service';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CONVERSATION_ENTITIES } from './entities';

function loadSettings(config: AppConfig): ConversationSettings {
  const s = config.section(ConversationSettings);
  const problems: string[] = [];
  if (s.SMS_PROVIDER_TIMEOUT_MS >= s.SMS_DISPATCH_LEASE_SECONDS * 1000) {
    problems.push('SMS_PROVIDER_TIMEOUT_MS: must be shorter than SMS_DISPATCH_LEASE_SECONDS, or a slow send could outlive its lease');
  }
  if (s.SMS_BACKOFF_BASE_SECONDS > s.SMS_BACKOFF_MAX_SECONDS) {
    problems.push('SMS_BACKOFF_BASE_SECONDS: must not exceed SMS_BACKOFF_MAX_SECONDS');
  }
  if (s.SMS_SENDER_RATE_PER_SECOND !== undefined) {
    problems.push(
      'SMS_SENDER_RATE_PER_SECOND: replaced by SMS_SENDER_SEGMENTS_PER_SECOND, which counts segments, not messages ' +
        '(US long code 1, toll-free 3, short code 100); rename it and set it to what the sender carries',
    );
  }
  if (problems.length) throw new ConfigValidationError(problems);
  return s;
}

@Module({
  imports: [TypeOrmModule.forFeature(CONVERSATION_ENTITIES), IdentityModule],
  controllers: [TwilioWebhookController, DevSmsController],
  providers: [
    { provide: ConversationSettings, inject: [AppConfig], useFactory: loadSettings },
    {
      provide: SmsProvider,
      inject: [AppConfig, ConversationSettings, MetricsService],
      useFactory: (config: AppConfig, settings: ConversationSettings, metrics: MetricsService) =>
        instrumentProvider(createSmsProvider(config, settings), metrics),
    },
    PipelineMetrics,
    SmsCopy,
    CarrierReplies,
    CarrierKeywordsService,
    EarlyStatusCallbacksRepository,
    SenderStateRepository,
    SmsSendersService,
    CarrierOutcomesService,
    MessageEventsRepository,
    SmsMessagesRepository,
    OutboundJobsRepository,
    OutboundSmsService,
    ConversationSessionsRepository,
    ConversationSessionsService,
    RouterRegistry,
    TurnDispatcher,
    ConversationRouter,
    TwilioWebhookSigner,
    TwilioSignatureGuard,
    InboundSmsService,
    InboundHandlingRepository,
    InboundBatchRepository,
    InboundHandler,
    InboundStore,
    InboundSpool,
    InboundWorker,
    DeliveryStatusService,
    SmsDispatcher,
    SmsDispatchCron,
    SmsRetentionRepository,
    SmsRetentionService,
    SmsRetentionCron,
    SmsReencryptionRepository,
    SmsReencryptionService,
    DevToolingGuard,
    DevSmsRepository,
    DevSmsService,
    MemberErasureRepository,
    ConversationPrivacyService,
    MessageHistoryRepository,
    MessageHistoryService,
  ],
  exports: [
    OutboundSmsService, ConversationSessionsService, ConversationRouter, SmsSendersService, ConversationPrivacyService, MessageHistoryService,
    DevSmsService,
  ],
})
export class ConversationModule {}
