import { Global, Injectable, Module } from '@nestjs/common';

// Set when the process begins a graceful shutdown (main.ts): readiness turns 503 at once, so a
// load balancer stops sending work while what is in flight finishes.
@Injectable()
export class ShutdownState {
  private since: Date | null = null;

  begin(): void {
    this.since ??= new Date();
  }

  get shuttingDown(): boolean {
    return this.since !== null;
  }
}

@Global()
@Module({ providers: [ShutdownState], exports: [ShutdownState] })
export class LifecycleModule {}
