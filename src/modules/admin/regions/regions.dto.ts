import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, Length, Matches } from 'class-validator';
import { REGION_STATES } from '../../../database/enums';
import { PageOf, ReasonDto } from '../common/common.dto';

export class CreateRegionDto extends ReasonDto {
  @ApiProperty({ example: 'oakland', description: 'Lower-case letters, digits and dashes; unique.' })
  @IsString() @Matches(/^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$/)
  slug!: string;

  @ApiProperty({ example: 'Oakland' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value)) @IsString() @Length(1, 100)
  displayName!: string;

  @ApiPropertyOptional({ enum: ['waitlisted', 'closed'], default: 'waitlisted', description: 'Open it with POST /admin/v1/regions/:id/open.' })
  @IsOptional() @IsIn(['waitlisted', 'closed'])
  state?: 'waitlisted' | 'closed';

  @ApiProperty({ type: Object, example: { zips: ['94601', '94602'] }, description: '{ zips: ["94110", ...], polygons?: [[[lng, lat], ...]] }; upper-case postal codes, no duplicates.' })
  @IsObject()
  geometry!: Record<string, unknown>;

  @ApiProperty({ type: Object, example: { timezone: 'America/Los_Angeles', venues: { coffee: ['Blue Bottle'] } }, description: '{ timezone (IANA), min_density?, venues?: { activity: [names] } }' })
  @IsObject()
  rules!: Record<string, unknown>;
}

export class RegionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: REGION_STATES }) state!: string;
  @ApiProperty({ type: Object }) rules!: object;
  @ApiPropertyOptional({ description: 'Postal codes it covers.' }) zipCount?: number;
  @ApiPropertyOptional({ type: String, format: 'date-time' }) createdAt?: Date;
}

export class RegionPageDto extends PageOf(RegionDto) {}

export class RegionOpenResultDto {
  @ApiProperty({ format: 'uuid' }) regionId!: string;
  @ApiProperty({ description: 'It was open already (a repeat only finishes what an interrupted opening left).' }) wasOpen!: boolean;
  @ApiProperty({ description: 'Members moved in from the catch-all waitlist by postal code.' }) moved!: number;
  @ApiProperty({ description: 'Waitlisted members made active.' }) activated!: number;
  @ApiProperty({ description: 'Texts newly queued (each member is told once, however often it is opened).' }) notified!: number;
}

export class RegionCloseResultDto {
  @ApiProperty({ description: 'False when it was closed already.' }) changed!: boolean;
  @ApiProperty({ type: RegionDto }) region!: RegionDto;
}
