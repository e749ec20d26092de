import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
export const ARTIFACTS = join(ROOT, 'test', 'artifacts', 'chaos');

// A free TCP port on 127.0.0.1 (listen on 0, read it, close).
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

// One real process of the built service (node dist/src/main.js), its output in test/artifacts/chaos.
export class Instance {
  private child?: ChildProcess;
  private exitInfo?: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  port = 0;

  constructor(readonly name: string, private readonly env: Record<string, string>) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get logFile(): string {
    return join(ARTIFACTS, `${this.name}.log`);
  }

  get alive(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(timeoutMs = 60_000): Promise<this> {
    this.port = this.port || (await freePort());
    mkdirSync(ARTIFACTS, { recursive: true });
    const fd = openSync(this.logFile, 'a');
    const child = spawn(process.execPath, ['dist/src/main.js'], {
      cwd: ROOT,
      env: { ...process.env, ...this.env, PORT: String(this.port) },
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    this.child = child;
    this.exitInfo = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
      if (!this.alive) break;
      if (await fetch(`${this.url}/health`).then((r) => r.ok, () => false)) return this;
      await new Promise((r) => setTimeout(r, 200));
    }
    child.kill('SIGKILL');
    throw new Error(`${this.name} did not start; log:\n${readFileSync(this.logFile, 'utf8').slice(-3000)}`);
  }

  kill(signal: NodeJS.Signals): void {
    this.child?.kill(signal);
  }

  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    return this.exitInfo ?? Promise.resolve({ code: null, signal: null });
  }

  async stop(): Promise<void> {
    if (!this.alive) return;
    this.kill('SIGTERM');
    const timer = setTimeout(() => this.kill('SIGKILL'), 20_000);
    await this.exited();
    clearTimeout(timer);
  }
}
