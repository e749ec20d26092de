import { Body, CanActivate, Controller, Get, HttpCode, Injectable, Post, Query, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { Matches } from 'class-validator';
import { AppConfig } from '../../../config';
import { UsersService } from '../../identity';
import { BillingService } from '../account/billing.service';
import { BillingError, BillingErrorCode } from '../billing.errors';

class DevMemberDto {
  @Matches(/^\+[1-9]\d{6,14}$/, { message: 'phone must be an E.164 number such as +15550001111' })
  phone: string;
}

// /dev/* exists only with the console SMS provider outside production (like /dev/sms).
@Injectable()
class DevBillingGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(): boolean {
    if (!this.config.isDevelopmentTooling) throw new BillingError(BillingErrorCode.Disabled, 'Not found.');
    return true;
  }
}

// Development only: drive the billing service as a member (by phone) until the billing page
// exists, e.g. against the fake Stripe API (`npm run billing:fake-stripe`, README).
@ApiExcludeController()
@Controller('dev/billing')
@UseGuards(DevBillingGuard)
export class DevBillingController {
  constructor(
    private readonly billing: BillingService,
    private readonly users: UsersService,
  ) {}

  @Get()
  async state(@Query() q: DevMemberDto) {
    return this.billing.getBillingState(await this.memberId(q.phone));
  }

  @Post('checkout')
  @HttpCode(200)
  async checkout(@Body() dto: DevMemberDto) {
    return this.billing.startCheckout(await this.memberId(dto.phone), { idempotency: randomUUID() });
  }

  @Post('portal')
  @HttpCode(200)
  async portal(@Body() dto: DevMemberDto) {
    return this.billing.startPortal(await this.memberId(dto.phone));
  }

  private async memberId(phone: string): Promise<string> {
    const user = await this.users.findByPhoneE164(phone);
    if (!user) throw new BillingError(BillingErrorCode.NotAMember, 'No member has this number.');
    return user.id;
  }
}
