import { Global, Injectable, Module } from '@nestjs/common';

// The one source of "now" for rules that depend on time (expiries, windows, reminders),
// so tests move time forward instead of sleeping. SQL that compares with now() must be
// given clock.now() as a parameter for the same reason.
@Injectable()
export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  // Test helpers: move this instance's time forward (never used by production code).
  advance(ms: number): void {
    this.offsetMs += ms;
  }

  set(to: Date): void {
    this.offsetMs = to.getTime() - Date.now();
  }
}

@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
