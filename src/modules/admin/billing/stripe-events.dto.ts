import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageOf, PageQueryDto, queryBoolean } from '../common/common.dto';

export class StripeEventsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'true: only events not processed (failed, with their error, or being processed now).' })
  @IsOptional() @Transform(queryBoolean) @IsBoolean()
  failed?: boolean;
}

export class StripeEventDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'evt_1PXyz' }) stripeEventId!: string;
  @ApiProperty({ example: 'customer.subscription.updated' }) eventType!: string;
  @ApiProperty({ type: String, format: 'date-time' }) receivedAt!: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) processedAt!: Date | null;
  @ApiProperty({ type: String, nullable: true }) processingError!: string | null;
}

export class StripeEventPageDto extends PageOf(StripeEventDto) {}

export class StripeReplayResultDto {
  @ApiProperty() stripeEventId!: string;
  @ApiProperty({ enum: ['processed', 'already_processed', 'in_progress'] }) outcome!: string;
}
