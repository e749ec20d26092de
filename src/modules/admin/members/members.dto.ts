import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsDate, IsIn, IsOptional, IsString, Length, MaxLength, MinLength } from 'class-validator';
import { LINKUP_STATES, PROFILE_STATES, SAFETY_HOLD_STATES, USER_STATES } from '../../../database/enums';
import { PageOf, PageQueryDto, queryBoolean, REASON_MAX, REASON_MIN, ReasonDto } from '../common/common.dto';

// ---- requests ----

export class MemberLookupQueryDto {
  @ApiProperty({ description: 'The number in any common format: +14155550134, (415) 555-0134, 415.555.0134 (URL-encode +).', example: '(415) 555-0134' })
  @IsString() @MinLength(3) @MaxLength(40)
  phone!: string;
}

export class ApplyHoldDto extends ReasonDto {
  @ApiProperty({ enum: ['soft_hold', 'hard_hold'] })
  @IsIn(['soft_hold', 'hard_hold'])
  state!: 'soft_hold' | 'hard_hold';

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'When it ends by itself; absent: until cleared.' })
  @IsOptional() @Type(() => Date) @IsDate()
  expiresAt?: Date;
}

export class GrantEntitlementsDto extends ReasonDto {
  @ApiProperty() @IsBoolean() participate!: boolean;
  @ApiProperty() @IsBoolean() initiate!: boolean;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'When the grant ends (then billing decides again); absent: until released.' })
  @IsOptional() @Type(() => Date) @IsDate()
  expiresAt?: Date;
}

export class MessagesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Decrypted bodies too: engineering only, recorded in the audit log as a read.' })
  @IsOptional() @Transform(queryBoolean) @IsBoolean()
  includeBodies?: boolean;

  @ApiPropertyOptional({ minLength: REASON_MIN, maxLength: REASON_MAX, description: 'Required with includeBodies=true.' })
  @IsOptional() @IsString() @Length(REASON_MIN, REASON_MAX)
  reason?: string;
}

// ---- responses ----

export class SmsStatusDto {
  @ApiProperty({ description: 'users.sms_consent' }) consent!: boolean;
  @ApiProperty({ description: "The number opted out of SMS (by keyword or by its carrier)." }) optedOut!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) optedOutAt!: Date | null;
  @ApiProperty({ type: String, nullable: true, enum: ['keyword', 'opt_out_type', 'carrier', 'support'] }) optOutSource!: string | null;
  @ApiProperty({ description: 'Twilio said the number cannot get SMS (not a mobile, unreachable).' }) undeliverable!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) undeliverableAt!: Date | null;
  @ApiProperty({ type: String, nullable: true, example: '30006' }) undeliverableCode!: string | null;
}

export class MemberRegionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['open', 'waitlisted', 'closed'] }) state!: string;
  @ApiProperty({ type: String, nullable: true, enum: ['active', 'waitlisted'] }) membership!: string | null;
}

export class ProfileSummaryDto {
  @ApiProperty({ enum: PROFILE_STATES }) state!: string;
  @ApiProperty() stepsDone!: number;
  @ApiProperty() stepsTotal!: number;
  @ApiProperty({ type: String, nullable: true, description: 'The interview step asked next.' }) nextStep!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completedAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) staleAt!: Date | null;
}

export class HoldDto {
  @ApiProperty({ enum: SAFETY_HOLD_STATES }) state!: string;
  @ApiProperty({ description: 'Not none, not cleared, not expired.' }) inForce!: boolean;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) appliedAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) clearedAt!: Date | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) appliedByAdmin!: string | null;
}

export class EntitlementDto {
  @ApiProperty() participate!: boolean;
  @ApiProperty() initiate!: boolean;
  @ApiProperty({ enum: ['free', 'stripe', 'admin'] }) source!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt!: Date | null;
}

export class SubscriptionDto {
  @ApiProperty({ enum: ['free', 'none', 'trial', 'active', 'payment_failed', 'canceled', 'admin'] }) status!: string;
  @ApiProperty() entitled!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) until!: Date | null;
  @ApiProperty() renews!: boolean;
  @ApiProperty({ description: 'In plain words, as the member sees it.' }) summary!: string;
}

export class MemberLinkupDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: LINKUP_STATES }) state!: string;
  @ApiProperty() activityKey!: string;
  @ApiProperty({ type: String, format: 'date-time' }) eventTime!: Date;
  @ApiProperty({ enum: ['initiator', 'participant'] }) role!: string;
  @ApiProperty({ enum: ['confirmed', 'canceled', 'no_show', 'attended'] }) status!: string;
}

export class MemberSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'Empty for a deleted member.' }) firstName!: string;
  @ApiProperty({ type: String, nullable: true, example: '+***34', description: 'Masked: the last two digits only; null once deleted.' })
  phoneMasked!: string | null;
  @ApiProperty({ enum: USER_STATES }) state!: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) suspendedAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deletedAt!: Date | null;
  @ApiProperty({ type: SmsStatusDto }) sms!: SmsStatusDto;
  @ApiProperty({ type: MemberRegionDto, nullable: true }) region!: MemberRegionDto | null;
  @ApiProperty({ type: ProfileSummaryDto, nullable: true }) profile!: ProfileSummaryDto | null;
  @ApiProperty({ type: HoldDto, nullable: true }) hold!: HoldDto | null;
  @ApiProperty({ description: 'Strike points counting now (3 bring a soft hold).' }) strikePoints!: number;
  @ApiProperty({ type: EntitlementDto, nullable: true }) entitlement!: EntitlementDto | null;
  @ApiProperty({ type: SubscriptionDto, nullable: true }) subscription!: SubscriptionDto | null;
  @ApiProperty({ type: [MemberLinkupDto], description: 'The latest 5, by event time.' }) recentLinkups!: MemberLinkupDto[];
}

export class MemberSummaryPageDto extends PageOf(MemberSummaryDto) {}

export class HoldResultDto {
  @ApiProperty({ enum: ['applied', 'changed', 'unchanged', 'kept_stronger', 'cleared', 'not_on_hold'] }) change!: string;
  @ApiProperty({ type: HoldDto, nullable: true }) hold!: HoldDto | null;
}

export class SuspensionResultDto {
  @ApiProperty({ description: 'False when nothing had to change.' }) changed!: boolean;
  @ApiProperty({ enum: USER_STATES }) state!: string;
  @ApiProperty({ description: 'LinkUps ahead the member was taken out of.' }) linkupsLeft!: number;
}

export class DeletionResultDto {
  @ApiProperty({ description: 'False when the member was deleted already.' }) deleted!: boolean;
}

export class MessageDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['in', 'out'] }) direction!: string;
  @ApiProperty({ type: String, format: 'date-time' }) at!: Date;
  @ApiProperty({ type: String, nullable: true, example: 'delivered' }) status!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'invite' }) purpose!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Null once retention removed the body.' }) segments!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why an outbound SMS failed (a code).' }) error!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'With includeBodies=true (engineering).' }) body?: string | null;
}

export class MessagePageDto extends PageOf(MessageDto) {}
