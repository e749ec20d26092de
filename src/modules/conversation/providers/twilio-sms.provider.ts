import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import { SmsProvider, SmsSendRequest, SmsSendResult } from './sms-provider';
import { classifyTwilioError } from './twilio-errors';

export interface TwilioProviderOptions {
  accountSid: string;
  authToken: string;
  fromNumber: string;
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

export class TwilioSmsProvider extends SmsProvider {
  readonly name = 'twilio' as const;
  readonly fromNumber: string;
  private readonly client: twilio.Twilio;

  constructor(options: TwilioProviderOptions) {
    super();
    this.fromNumber = options.fromNumber;
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
        from: request.from,
        body: request.body,
        statusCallback: request.statusCallbackUrl,
      });
      return { sid: message.sid, status: message.status };
    } catch (err) {
      throw classifyTwilioError(err);
    }
  }
}
