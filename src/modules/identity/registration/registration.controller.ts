import { Body, Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiBody, ApiExcludeEndpoint, ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { currentCorrelationId } from '../../../common/context/request-context';
import { DomainError, ValidationFailedError, type FieldProblem } from '../../../common/errors';
import { PhoneHasher } from '../../../common/crypto';
import { clientIpDigest, IpRateLimit } from '../../../common/rate-limit';
import { applyPageHeaders, PageErrorFilter } from '../../../common/web';
import { RegistrationErrorCode } from './registration.errors';
import { RegistrationService } from './registration.service';
import { VerificationService } from './verification.service';

// OpenAPI only: the bodies are parsed by registration-input.ts (per-field codes), not by the global pipe.
class RegistrationRequestDoc {
  @ApiProperty({ example: '(415) 555-0100', description: 'Any common format; normalised to E.164.' }) phone: string;
  @ApiProperty({ example: 'Ada' }) firstName: string;
  @ApiProperty({ example: 'Lovelace' }) lastName: string;
  @ApiProperty({ example: '1990-12-10', description: 'YYYY-MM-DD; 18 or older.' }) birthday: string;
  @ApiPropertyOptional({ example: 'ada@example.com' }) email?: string;
  @ApiProperty({ example: '94110', description: 'ZIP/postal code; selects the region.' }) zip: string;
  @ApiProperty({ example: true }) smsConsent: boolean;
  @ApiProperty({ example: true }) ageConsent: boolean;
  @ApiProperty({ example: true }) termsConsent: boolean;
  @ApiProperty({ example: true }) privacyConsent: boolean;
}

class VerificationRequestDoc {
  @ApiProperty({ example: '0b0e6a52-3d7f-4a59-9a51-2a3b1f0c9d11', description: 'The verificationId of the registration answer.' }) verificationId: string;
  @ApiProperty({ example: '123456' }) code: string;
}

// JSON clients get JSON; the /join page's form posts get HTML back.
function isFormPost(req: Request): boolean {
  return Boolean(req.is('application/x-www-form-urlencoded'));
}

type FormValues = Partial<Record<string, string>>;
type Notice = { kind: 'ok' | 'warn'; text: string };

const FORM_FIELDS = ['phone', 'firstName', 'lastName', 'birthday', 'email', 'zip', 'smsConsent', 'ageConsent', 'termsConsent', 'privacyConsent'];
const VIEWS = 'identity/registration/views';
// Refusals a registration form shows above the form, with what was typed kept.
const FORM_REFUSALS: ReadonlySet<string> = new Set([RegistrationErrorCode.Throttled, RegistrationErrorCode.OptedOut, RegistrationErrorCode.Paused]);

// The /join pages (server-rendered, no script; the forms post to the JSON API's own routes).
function page(res: Response, status: number, view: 'join' | 'verify' | 'verified', model: Record<string, unknown>): void {
  applyPageHeaders(res).status(status).render(`${VIEWS}/${view}`, model);
}

function joinForm(res: Response, status: number, values: FormValues = {}, errors: FieldProblem[] = []): void {
  page(res, status, 'join', { values, errors, generalErrors: errors.filter((e) => !FORM_FIELDS.includes(e.field)) });
}

function verifyForm(res: Response, status: number, verificationId: string, notice: Notice): void {
  page(res, status, 'verify', { verificationId, notice });
}

function formValues(body: unknown, keys = ['phone', 'firstName', 'lastName', 'birthday', 'email', 'zip']): FormValues {
  if (typeof body !== 'object' || body === null) return {};
  const out: FormValues = {};
  for (const key of keys) {
    const v = (body as Record<string, unknown>)[key];
    if (typeof v === 'string') out[key] = v;
  }
  return out;
}

// Throttles and budgets say when to come back.
function retryAfter(res: Response, err: unknown): void {
  const wait = err instanceof DomainError ? err.details?.retryAfterSeconds : undefined;
  if (typeof wait === 'number') res.set('Retry-After', String(wait));
}

// A form post gets its errors as a page (the rate limit's 429 included); JSON gets JSON.
@ApiTags('registration')
@Controller()
@UseFilters(PageErrorFilter)
export class RegistrationController {
  constructor(
    private readonly registration: RegistrationService,
    private readonly verification: VerificationService,
    private readonly hasher: PhoneHasher,
  ) {}

  @Get('join')
  @ApiExcludeEndpoint()
  joinPage(@Res() res: Response): void {
    joinForm(res, 200);
  }

  @Post('v1/registrations')
  @IpRateLimit('registration')
  @ApiOperation({ summary: 'Register a member and text them a verification code' })
  @ApiBody({ type: RegistrationRequestDoc })
  @ApiResponse({ status: 202, description: 'Same answer for new, unverified and verified numbers: { status: "code_sent", message, verificationId }' })
  @ApiResponse({ status: 409, description: '{ code: "sms_opted_out" }: the number opted out of texts; it must text START first. No SMS is sent.' })
  @ApiResponse({ status: 422, description: '{ code: "validation_failed", fields: [{ field, code, message }] } (phone: unsupported_country outside REGISTRATION_COUNTRIES)' })
  @ApiResponse({ status: 429, description: '{ code: "otp_throttled" | "rate_limited", retryAfterSeconds }, with Retry-After' })
  @ApiResponse({ status: 503, description: '{ code: "registrations_paused", retryAfterSeconds }: the daily SMS budget is spent' })
  async register(@Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const correlationId = currentCorrelationId() ?? randomUUID();
    if (!isFormPost(req)) {
      try {
        const result = await this.registration.register(this.registration.parseRegistration(body, 'json'), correlationId);
        res.status(202).json(result);
      } catch (err) {
        retryAfter(res, err);
        throw err;
      }
      return;
    }
    try {
      const result = await this.registration.register(this.registration.parseRegistration(body, 'form'), correlationId);
      verifyForm(res, 200, result.verificationId, { kind: 'ok', text: result.message });
    } catch (err) {
      if (err instanceof ValidationFailedError) {
        joinForm(res, 422, formValues(body), err.fields);
      } else if (err instanceof DomainError && FORM_REFUSALS.has(err.code)) {
        retryAfter(res, err);
        const wait = err.details?.retryAfterSeconds;
        const text = err.code === RegistrationErrorCode.Throttled
          ? `A code was sent to this number recently. Wait ${String(wait ?? 30)} seconds, then send the form again for a new one.`
          : err.message;
        joinForm(res, err.status, formValues(body), [{ field: 'form', code: err.code, message: text }]);
      } else {
        throw err;
      }
    }
  }

  @Post('v1/registrations/verify')
  @IpRateLimit('verification')
  @ApiOperation({ summary: 'Verify the code of a registration; onboards the member (region, profile, interview)' })
  @ApiBody({ type: VerificationRequestDoc })
  @ApiResponse({ status: 200, description: '{ status: "verified", membership: { status: "active" | "waitlisted", region } }' })
  @ApiResponse({ status: 400, description: '{ code: "invalid_code" } for any wrong, expired, used or exhausted code, or unknown verificationId' })
  @ApiResponse({ status: 422, description: '{ code: "validation_failed", fields } (phone: use_verification_id for clients that still send the number)' })
  @ApiResponse({ status: 429, description: '{ code: "rate_limited", retryAfterSeconds }: too many wrong codes from this client, with Retry-After' })
  async verify(@Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const correlationId = currentCorrelationId() ?? randomUUID();
    const client = clientIpDigest(this.hasher, req);
    if (!isFormPost(req)) {
      try {
        res.status(200).json(await this.verification.verify(this.registration.parseVerification(body), client, correlationId));
      } catch (err) {
        retryAfter(res, err);
        throw err;
      }
      return;
    }
    const verificationId = formValues(body, ['verificationId']).verificationId ?? '';
    try {
      const result = await this.verification.verify(this.registration.parseVerification(body), client, correlationId);
      page(res, 200, 'verified', { membership: result.membership });
    } catch (err) {
      if (!(err instanceof DomainError) || err.status >= 500) throw err;
      retryAfter(res, err);
      const text = err instanceof ValidationFailedError ? 'Enter the 6-digit code from the text we sent.' : err.message;
      verifyForm(res, err.status, verificationId, { kind: 'warn', text });
    }
  }
}
