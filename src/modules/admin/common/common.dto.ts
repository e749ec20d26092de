import { ParseUUIDPipe, type Type as ClassType } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { ValidationFailedError } from '../../../common/errors';

// Shapes every admin route shares: the error body, the reason of a change, list paging.

export class FieldProblemDto {
  @ApiProperty({ example: 'reason' }) field!: string;
  @ApiProperty({ example: 'isLength' }) code!: string;
  @ApiProperty() message!: string;
}

export class ErrorDto {
  @ApiProperty({ example: 'validation_failed' }) code!: string;
  @ApiProperty() message!: string;
  @ApiProperty({ format: 'uuid' }) correlationId!: string;
  @ApiPropertyOptional({ type: [FieldProblemDto], description: 'With 422: one entry per bad or unknown field.' })
  fields?: FieldProblemDto[];
  @ApiPropertyOptional({ description: 'With 429: seconds until a call is allowed again (also the Retry-After header).' })
  retryAfterSeconds?: number;
}

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export const REASON_MIN = 3;
export const REASON_MAX = 500;

// Every change says why: stored in admin_audit_log (phone numbers masked).
export class ReasonDto {
  @ApiProperty({ minLength: REASON_MIN, maxLength: REASON_MAX, example: 'Ticket 4812: member asked us to pause their account' })
  @Transform(trim) @IsString() @Length(REASON_MIN, REASON_MAX)
  reason!: string;
}

// A route that takes no query parameters refuses any (422 unknown_field), like unknown body fields.
export class NoQueryDto {}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 100;

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page (opaque).' })
  @IsOptional() @IsString() @MaxLength(200) @Matches(/^[A-Za-z0-9_-]+$/)
  cursor?: string;
}

export function pageRequest(q: PageQueryDto): { limit: number; cursor: string | null } {
  return { limit: q.limit ?? DEFAULT_LIMIT, cursor: q.cursor ?? null };
}

// 'true' / 'false' in a query string.
export const queryBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

// A list response: { items, nextCursor } with the item schema named for OpenAPI.
export function PageOf<T>(item: ClassType<T>): ClassType<{ items: T[]; nextCursor: string | null }> {
  class Page {
    @ApiProperty({ type: [item] }) items!: T[];
    @ApiProperty({ type: String, nullable: true, description: 'Pass as ?cursor= for the next page; null on the last page.' })
    nextCursor!: string | null;
  }
  Object.defineProperty(Page, 'name', { value: `${item.name.replace(/Dto$/, '')}PageDto` });
  return Page;
}

// A path id that is not a UUID is a 422 like any other bad field.
export const UuidParam = new ParseUUIDPipe({
  version: undefined,
  exceptionFactory: () => new ValidationFailedError([{ field: 'id', code: 'isUuid', message: 'id must be a UUID.' }]),
});
