import { Global, Injectable, Module, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

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

// While shutting down, every response closes its connection: a client that keeps a keep-alive
// connection busy (a load balancer, Twilio under load) would otherwise hold the HTTP server open
// past the grace period. It reconnects to another instance.
@Injectable()
export class CloseConnectionsOnShutdown implements NestMiddleware {
  constructor(private readonly state: ShutdownState) {}

  use(_req: Request, res: Response, next: NextFunction): void {
    if (this.state.shuttingDown) res.setHeader('Connection', 'close');
    next();
  }
}

@Global()
@Module({ providers: [ShutdownState, CloseConnectionsOnShutdown], exports: [ShutdownState] })
export class LifecycleModule {}
