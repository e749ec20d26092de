import { Body, Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiBody, ApiExcludeEndpoint, ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { currentCorrelationId } from '../../../common/context/request-context';
import { DomainError, ValidationFailedError, type FieldProblem } from '../../../common/errors';
import { IpRateLimit } from '../../../common/rate-limit';
import { applyPageHeaders, PageErrorFilter } from '../../../common/web';
import { RegistrationErrorCode } from './registration.errors';
import { RegistrationService } from './registration.service';

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
  @ApiProperty({ example: '+14155550100' }) phone: string;
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

// The /join pages (server-rendered, no script; the forms post to the JSON API's own routes).
function page(res: Response, status: number, view: 'join' | 'verify' | 'verified', model: Record<string, unknown>): void {
  applyPageHeaders(res).status(status).render(`${VIEWS}/${view}`, model);
}

function joinForm(res: Response, status: number, values: FormValues = {}, errors: FieldProblem[] = []): void {
  page(res, status, 'join', { values, errors, generalErrors: errors.filter((e) => !FORM_FIELDS.includes(e.field)) });
}

function verifyForm(res: Response, status: number, phone: string, notice: Notice): void {
  page(res, status, 'verify', { phone, notice });
}

function formValues(body: unknown): FormValues {
  if (typeof body !== 'object' || body === null) return {};
  const out: FormValues = {};
  for (const key of ['phone', 'firstName', 'lastName', 'birthday', 'email', 'zip']) {
    const v = (body as Record<string, unknown>)[key];
    if (typeof v === 'string') out[key] = v;
  }
  return out;
}

// A form post gets its errors as a page (the rate limit's 429 included); JSON gets JSON.
@ApiTags('registration')
@Controller()
@UseFilters(PageErrorFilter)
export class RegistrationController {
  constructor(private readonly registration: RegistrationService) {}

  @Get('join')
  @ApiExcludeEndpoint()
  joinPage(@Res() res: Response): void {
    joinForm(res, 200);
  }

  @Post('v1/registrations')
  @IpRateLimit('registration')
  @ApiOperation({ summary: 'Register a member and text them a verification code' })
  @ApiBody({ type: RegistrationRequestDoc })
  @ApiResponse({ status: 202, description: 'Same answer for new, unverified and verified numbers: { status: "code_sent" }' })
  @ApiResponse({ status: 422, description: '{ code: "validation_failed", fields: [{ field, code, message }] }' })
  @ApiResponse({ status: 429, description: '{ code: "otp_throttled" | "rate_limited", retryAfterSeconds }, with Retry-After' })
  async register(@Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const correlationId = currentCorrelationId() ?? randomUUID();
    if (!isFormPost(req)) {
      try {
        const result = await this.registration.register(this.registration.parseRegistration(body, 'json'), correlationId);
        res.status(202).json(result);
      } catch (err) {
        if (err instanceof DomainError && err.code === RegistrationErrorCode.Throttled) {
          res.set('Retry-After', String(err.details?.retryAfterSeconds ?? 30));
        }
        throw err;
      }
      return;
    }
    try {
      const input = this.registration.parseRegistration(body, 'form');
      const result = await this.registration.register(input, correlationId);
      verifyForm(res, 200, input.phoneE164, { kind: 'ok', text: result.message });
    } catch (err) {
      if (err instanceof ValidationFailedError) {
        joinForm(res, 422, formValues(body), err.fields);
      } else if (err instanceof DomainError && err.code === RegistrationErrorCode.Throttled) {
        const phone = this.registration.parseRegistration(body, 'form').phoneE164;
        const wait = Number(err.details?.retryAfterSeconds ?? 30);
        res.set('Retry-After', String(wait));
        verifyForm(res, 429, phone, {
          kind: 'warn',
          text: `A code was sent recently. Enter it below, or wait ${wait} seconds and register again for a new one.`,
        });
      } else {
        throw err;
      }
    }
  }

  @Post('v1/registrations/verify')
  @IpRateLimit('verification')
  @ApiOperation({ summary: 'Verify the code; onboards the member (region, profile, interview)' })
  @ApiBody({ type: VerificationRequestDoc })
  @ApiResponse({ status: 200, description: '{ status: "verified", membership: { status: "active" | "waitlisted", region } }' })
  @ApiResponse({ status: 400, description: '{ code: "invalid_code" } for any wrong, expired, used or unknown code or number' })
  @ApiResponse({ status: 422, description: '{ code: "validation_failed", fields }' })
  async verify(@Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const correlationId = currentCorrelationId() ?? randomUUID();
    if (!isFormPost(req)) {
      const result = await this.registration.verify(this.registration.parseVerification(body), correlationId);
      res.status(200).json(result);
      return;
    }
    const phone = formValues(body).phone ?? '';
    try {
      const result = await this.registration.verify(this.registration.parseVerification(body), correlationId);
      page(res, 200, 'verified', { membership: result.membership });
    } catch (err) {
      if (!(err instanceof DomainError) || err.status >= 500) throw err;
      const text = err instanceof ValidationFailedError ? 'Enter the 6-digit code from the text we sent.' : err.message;
      verifyForm(res, err.status, phone, { kind: 'warn', text });
    }
  }
}
