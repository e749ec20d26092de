import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class DevSendSmsDto {
  // The member's number: the text arrives as if they had sent it.
  @Matches(/^\+[1-9]\d{6,14}$/, { message: 'from must be an E.164 number such as +15550001111' })
  from: string;

  @IsString()
  @MinLength(1)
  @MaxLength(1600)
  body: string;
}

export class DevOutboxQuery {
  @Matches(/^\+[1-9]\d{6,14}$/, { message: 'to must be an E.164 number such as +15550001111' })
  to: string;

  @IsOptional()
  @Matches(/^\d{1,4}$/)
  limit?: string;
}
