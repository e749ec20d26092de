import type { Request } from 'express';

// The origin of this very server as the request reached it (address and port of the socket), so a
// development tool can call the service's own public routes over HTTP and take the production path
// (signatures, rate limits, validation) instead of calling services directly.
export function localOrigin(req: Request): string {
  const address = req.socket.localAddress ?? '127.0.0.1';
  const host = address.startsWith('::ffff:') ? address.slice(7) : address.includes(':') ? `[${address}]` : address;
  return `http://${host}:${req.socket.localPort}`;
}
