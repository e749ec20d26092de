import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

// Contact exchange settings (documented in .env.example), validated at boot.
export class ContactExchangeSettings {
  // Choices can be made and changed until this many hours after the LinkUp's start: one deadline
  // for the whole group (the outcome check comes 3 h after the start and takes answers for 2 days).
  @Type(() => Number) @IsInt() @Min(1) @Max(720)
  CONTACT_CHOICE_WINDOW_HOURS = 72;
}
