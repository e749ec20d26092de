import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { INVITE_STATES, LINKUP_STATES, type LinkUpState } from '../../../database/enums';
import { PageOf, PageQueryDto } from '../common/common.dto';

export class LinkupListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  regionId?: string;

  @ApiPropertyOptional({ enum: LINKUP_STATES }) @IsOptional() @IsIn(LINKUP_STATES)
  state?: LinkUpState;
}

export class LinkupRowDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) regionId!: string;
  @ApiProperty({ format: 'uuid' }) initiatorUserId!: string;
  @ApiProperty({ enum: LINKUP_STATES }) state!: string;
  @ApiProperty({ example: 'coffee' }) activityKey!: string;
  @ApiProperty({ type: String, format: 'date-time' }) eventTime!: Date;
  @ApiProperty() minSize!: number;
  @ApiProperty() maxSize!: number;
  @ApiProperty({ description: 'Confirmed participants now.' }) confirmed!: number;
  @ApiProperty({ type: String, nullable: true, example: 'not_enough' }) canceledReason!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
}

export class LinkupPageDto extends PageOf(LinkupRowDto) {}

export class ParticipantDto {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ description: 'Empty for a deleted member.' }) firstName!: string;
  @ApiProperty({ enum: ['initiator', 'participant'] }) role!: string;
  @ApiProperty({ enum: ['confirmed', 'canceled', 'no_show', 'attended'] }) status!: string;
  @ApiProperty({ type: String, format: 'date-time' }) joinedAt!: Date;
}

export class InviteDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) invitedUserId!: string;
  @ApiProperty({ enum: INVITE_STATES }) state!: string;
  @ApiProperty() wave!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sentAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) respondedAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt!: Date | null;
  @ApiProperty({ type: Object, description: 'Why this member was invited: friend_score, moment_fit, final_score, fairness_boost, filters, top_reasons.' })
  explainability!: object;
}

export class DomainEventDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'linkup' }) entityType!: string;
  @ApiProperty({ format: 'uuid' }) entityId!: string;
  @ApiProperty({ example: 'linkup.locked' }) eventType!: string;
  @ApiProperty({ type: String, nullable: true }) fromState!: string | null;
  @ApiProperty({ type: String, nullable: true }) toState!: string | null;
  @ApiProperty({ type: Object }) payload!: Record<string, unknown>;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
}

export class LinkupDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) initiatorUserId!: string;
  @ApiProperty({ format: 'uuid' }) regionId!: string;
  @ApiProperty({ enum: LINKUP_STATES }) state!: string;
  @ApiProperty({ type: Object, description: 'activity_key, time_window, motive_emphasis, constraints, group_size' }) brief!: object;
  @ApiProperty({ type: String, format: 'date-time' }) acceptanceWindowEndsAt!: Date;
  @ApiProperty({ type: String, format: 'date-time' }) eventTime!: Date;
  @ApiProperty({ type: Object, nullable: true }) venue!: { name: string } | null;
  @ApiProperty() minSize!: number;
  @ApiProperty() maxSize!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lockedAt!: Date | null;
  @ApiProperty({ type: String, nullable: true }) canceledReason!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextWaveAt!: Date | null;
  @ApiProperty() wavesSent!: number;
}

export class LinkupDetailDto {
  @ApiProperty({ type: LinkupDto }) linkup!: LinkupDto;
  @ApiProperty({ type: [ParticipantDto] }) participants!: ParticipantDto[];
  @ApiProperty({ type: [InviteDto] }) invites!: InviteDto[];
  @ApiProperty({ type: [DomainEventDto], description: 'Its history and its invites\', oldest first (the latest 500).' }) events!: DomainEventDto[];
}

export class LinkupCancelResultDto {
  @ApiProperty({ description: 'False when it was canceled already.' }) changed!: boolean;
  @ApiProperty({ enum: LINKUP_STATES }) state!: string;
  @ApiProperty({ description: 'Confirmed members told by SMS.' }) notified!: number;
}
