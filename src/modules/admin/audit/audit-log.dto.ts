import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageOf, PageQueryDto } from '../common/common.dto';

export class AuditLogQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  adminId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The member, report, incident, LinkUp, region, Stripe event or token acted on.' })
  @IsOptional() @IsUUID()
  targetId?: string;

  @ApiPropertyOptional({ example: 'user.hold_applied' }) @IsOptional() @IsString() @MaxLength(80) @Matches(/^[a-z_.]+$/)
  action?: string;
}

export class AuditRowDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Null for the admin:token command line.' }) adminUserId!: string | null;
  @ApiProperty({ example: 'user.hold_applied' }) action!: string;
  @ApiProperty({ example: 'user' }) targetType!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) targetId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Phone numbers masked.' }) reason!: string | null;
  @ApiProperty({ type: Object, description: 'What changed, redacted: numbers masked, no names or message text; tokenId and correlationId.' })
  payload!: Record<string, unknown>;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
}

export class AuditPageDto extends PageOf(AuditRowDto) {}
