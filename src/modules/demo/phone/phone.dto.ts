import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const IDS = new RegExp(`^$|^${UUID}(,${UUID}){0,11}$`, 'i');

// Which phones a page shows: up to 12 member ids, comma-separated.
export class PhoneListQuery {
  @IsOptional()
  @Matches(IDS, { message: 'members must be up to 12 member ids, comma-separated' })
  members?: string;
}

export class MemberParams {
  @IsUUID()
  id: string;
}

// The forms post `show` (the page's phones) so that, without script, the redirect keeps them.
export class ShowField {
  @IsOptional()
  @Matches(IDS, { message: 'show must be up to 12 member ids, comma-separated' })
  show?: string;
}

export class TextDto extends ShowField {
  @IsString()
  @MinLength(1)
  @MaxLength(1600)
  body: string;
}

export class ClockDto extends ShowField {
  // Minutes to move the clock forward: 0 (just run the sweeps), an hour or a day.
  @Type(() => Number)
  @IsInt()
  @IsIn([0, 60, 1440])
  minutes: number;

  // Run every sweep after moving the clock (a form sends "true").
  @IsOptional()
  @Transform(({ value }) => (value === 'true' || value === true ? true : value === 'false' || value === false ? false : value))
  @IsBoolean()
  sweeps?: boolean;
}

export function idList(value: string | undefined): string[] {
  return value ? [...new Set(value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean))] : [];
}
