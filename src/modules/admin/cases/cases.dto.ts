import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { PageOf, PageQueryDto, ReasonDto } from '../common/common.dto';

export const CASE_STATUSES = ['open', 'reviewing', 'resolved'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export class CaseListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CASE_STATUSES }) @IsOptional() @IsIn(CASE_STATUSES)
  status?: CaseStatus;
}

export class UpdateReportDto extends ReasonDto {
  @ApiProperty({ enum: CASE_STATUSES, description: 'resolved: upheld (uphold=true, a 3-point strike on the reported member) or dismissed.' })
  @IsIn(CASE_STATUSES)
  status!: CaseStatus;

  @ApiPropertyOptional({ description: 'Only with status resolved.' }) @IsOptional() @IsBoolean()
  uphold?: boolean;
}

export class UpdateIncidentDto extends ReasonDto {
  @ApiProperty({ enum: CASE_STATUSES }) @IsIn(CASE_STATUSES)
  status!: CaseStatus;
}

export class ReportDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) reporterUserId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) reportedUserId!: string | null;
  @ApiProperty({ example: 'member_report' }) reportType!: string;
  @ApiProperty({ type: Object, description: 'What the reporter wrote (text), the LinkUp, severity, resolution.' }) details!: Record<string, unknown>;
  @ApiProperty({ enum: CASE_STATUSES }) status!: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
}

export class IncidentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) userId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) reporterUserId!: string | null;
  @ApiProperty({ example: 'severe_report' }) incidentType!: string;
  @ApiProperty({ minimum: 1, maximum: 5 }) severity!: number;
  @ApiProperty({ type: Object }) details!: Record<string, unknown>;
  @ApiProperty({ enum: CASE_STATUSES }) status!: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
}

export class ReportPageDto extends PageOf(ReportDto) {}
export class IncidentPageDto extends PageOf(IncidentDto) {}

export class ReportChangeDto {
  @ApiProperty({ description: 'False when it already had this status (or resolution).' }) changed!: boolean;
  @ApiProperty({ type: ReportDto }) report!: ReportDto;
}

export class IncidentChangeDto {
  @ApiProperty() changed!: boolean;
  @ApiProperty({ type: IncidentDto }) incident!: IncidentDto;
}
