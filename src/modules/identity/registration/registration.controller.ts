import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiExcludeEndpoint, ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { currentCorrelationId } from '../../../common/context/request-context';
import { DomainError, ValidationFailedError } from '../../../common/errors';
import { FormValues, renderJoinForm, renderVerified, renderVerifyForm } from './join-page.views';
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

function htmlHeaders(res: Response, status: number): Response {
  return res
    .status(status)
    .type('html')
    .set({
      'Cache-Control': 'no-store',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
    });
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

@ApiTags('registration')
@Controller()
export class RegistrationController {
  constructor(private readonly registration: RegistrationService) {}

  @Get('join')
  @ApiExcludeEndpoint()
  joinPage(@Res() res: Response): void {
    htmlHeaders(res, 200).send(renderJoinForm());
  }

  @Post('v1/registrations')
  @ApiOperation({ summary: 'Register a member and text them a verification code' })
  @ApiBody({ type: RegistrationRequestDoc })
  @ApiResponse({ status: 202, description: 'Same answer for new, unverified and verified numbers: { status: "code_sent" }' })
  @ApiResponse({ status: 422, description: '{ code: "validation_failed", fields: [{ field, code, message }] }' })
  @ApiResponse({ status: 429, description: '{ code: "otp_throttled", retryAfterSeconds }' })
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
      htmlHeaders(res, 200).send(renderVerifyForm(input.phoneE164, { kind: 'ok', text: result.message }));
    } catch (err) {
      if (err instanceof ValidationFailedError) {
        htmlHeaders(res, 422).send(renderJoinForm(formValues(body), err.fields));
      } else if (err instanceof DomainError && err.code === RegistrationErrorCode.Throttled) {
        const phone = this.registration.parseRegistration(body, 'form').phoneE164;
        const wait = Number(err.details?.retryAfterSeconds ?? 30);
        res.set('Retry-After', String(wait));
        htmlHeaders(res, 429).send(renderVerifyForm(phone, {
          kind: 'warn',
          text: `A code was sent recently. Enter it below, or wait ${wait} seconds and register again for a new one.`,
        }));
      } else {
        throw err;
      }
    }
  }

  @Post('v1/registrations/verify')
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
      htmlHeaders(res, 200).send(renderVerified(result.membership));
    } catch (err) {
      if (!(err instanceof DomainError) || err.status >= 500) throw err;
      const text = err instanceof ValidationFailedError ? 'Enter the 6-digit code from the text we sent.' : err.message;
      htmlHeaders(res, err.status).send(renderVerifyForm(phone, { kind: 'warn', text }));
    }
  }
}
