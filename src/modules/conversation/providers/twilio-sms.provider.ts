import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import { SmsProvider, SmsSendRequest, SmsSendResult } from './sms-provider';
import { classifyTwilioError } from './twilio-errors';

export interface TwilioProviderOptions {
  accountSid: string;
  authToken: string;
  // One of the two: a Messaging Service (MessagingServiceSid) is used instead of the from number.
  fromNumber?: string;
  messagingServiceSid?: string;
  timeoutMs: number;
  // Another origin for the REST API (a local fake in tests); unset = api.twilio.com.
  apiBaseUrl?: string;
}

// The SDK's own HTTP client, with every request's origin swapped for `apiBaseUrl`. Region and
// edge cannot do this (they only rewrite the twilio.com host name); httpClient is the SDK's hook.
class BaseUrlRequestClient extends twilio.RequestClient {
  constructor(
    private readonly base: URL,
    opts: RequestClient.RequestClientOptions,
  ) {
    super(opts);
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const target = new URL(opts.uri);
    const basePath = this.base.pathname.replace(/\/+$/, '');
    const rewritten = new URL(`${basePath}${target.pathname}${target.search}`, this.base.origin);
    return super.request<TData>({ ...opts, uri: rewritten.toString() });
  }
}

// Messages to one number looked at after a send whose outcome is unknown (newest first).
const LOOKBACK_LIMIT = 20;

export class TwilioSmsProvider extends SmsProvider {
  readonly name = 'twilio' as const;
  readonly fromNumber: string;
  readonly senderKey: string;
  private readonly client: twilio.Twilio;

  constructor(private readonly options: TwilioProviderOptions) {
    super();
    this.senderKey = options.messagingServiceSid ?? options.fromNumber!;
    this.fromNumber = options.fromNumber ?? this.senderKey;
    const clientOpts = { timeout: options.timeoutMs, autoRetry: false };
    this.client = twilio(options.accountSid, options.authToken, {
      ...clientOpts,
      ...(options.apiBaseUrl ? { httpClient: new BaseUrlRequestClient(new URL(options.apiBaseUrl), clientOpts) } : {}),
    });
  }

  async send(request: SmsSendRequest): Promise<SmsSendResult> {
    try {
      const message = await this.client.messages.create({
        to: request.to,
        ...(this.options.messagingServiceSid ? { messagingServiceSid: this.options.messagingServiceSid } : { from: this.options.fromNumber }),
        body: request.body,
        statusCallback: request.statusCallbackUrl,
        validityPeriod: request.validityPeriodSeconds,
      });
      return { sid: message.sid, status: message.status, from: message.from };
    } catch (err) {
      throw classifyTwilioError(err);
    }
  }

  // Twilio has no idempotency key: after a timeout or a 5xx, the Messages list (newest first) says
  // whether the message was created anyway.
  async findSent(query: { to: string; body: string; since: Date }): Promise<SmsSendResult | null> {
    let messages;
    try {
      messages = await this.client.messages.list({ to: query.to, limit: LOOKBACK_LIMIT });
    } catch (err) {
      throw classifyTwilioError(err);
    }
    const sender = (m: { from: string; messagingServiceSid: string }) =>
      this.options.messagingServiceSid ? m.messagingServiceSid === this.options.messagingServiceSid : m.from === this.options.fromNumber;
    const found = messages.find(
      (m) => m.direction === 'outbound-api' && sender(m) && m.body === query.body && m.dateCreated >= new Date(query.since.getTime() - 1000),
    );
    return found ? { sid: found.sid, status: found.status, from: found.from } : null;
  }
}
