import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';

export interface RedisServerOptions {
  /** Port to listen on (loopback only); a free one by default. A restarted server keeps its port. */
  port?: number;
  /** The `redis-server` binary; default `redis-server` on PATH (Debian: `apt-get install redis-server`). */
  binary?: string;
  /** How long to wait for the server to answer PING. Default 10 s. */
  readyTimeoutMs?: number;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

// A test that fails before its cleanup must not leave redis-server holding a port on a shared machine.
function killOnExit(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const c of running) c.kill('SIGKILL');
  });
}

/**
 * A real Redis server (the `redis-server` binary) on 127.0.0.1, for tests: no persistence, no config file,
 * stopped and restarted on the same port to stand in for an outage or a failover.
 */
export class RedisServer {
  readonly port: number;
  private child: ChildProcess | undefined;
  private output = '';

  private constructor(
    port: number,
    private readonly binary: string,
    private readonly readyTimeoutMs: number,
  ) {
    this.port = port;
  }

  /** Starts `redis-server` and resolves once it answers PING. */
  static async start(options: RedisServerOptions = {}): Promise<RedisServer> {
    const server = new RedisServer(options.port ?? (await freePort()), options.binary ?? 'redis-server', options.readyTimeoutMs ?? 10_000);
    await server.restart();
    return server;
  }

  /** `redis://127.0.0.1:<port>`. */
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get isRunning(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the server again (after {@link stop} or {@link kill}) on the same port, empty. */
  async restart(): Promise<void> {
    if (this.isRunning) return;
    this.output = '';
    const child = spawn(
      this.binary,
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    killOnExit(child);
    const spawned = new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'ENOENT'
            ? new Error(`${this.binary} not found: install Redis (Debian: apt-get install redis-server; .ci/run does)`)
            : error,
        ),
      );
    });
    const append = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString('utf8')).slice(-8192);
    };
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    await spawned;
    const deadline = Date.now() + this.readyTimeoutMs;
    while (!(await ping(this.port))) {
      if (!this.isRunning) throw new Error(`redis-server exited on start: ${this.output.trim()}`);
      if (Date.now() > deadline) {
        await this.kill();
        throw new Error(`redis-server did not answer PING within ${this.readyTimeoutMs} ms: ${this.output.trim()}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** SIGTERM and wait: a clean shutdown. */
  stop(): Promise<void> {
    return this.signal('SIGTERM');
  }

  /** SIGKILL and wait: the server disappears mid-connection, as in a crash or a failover. */
  kill(): Promise<void> {
    return this.signal('SIGKILL');
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || !this.isRunning) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
  }
}

/** Starts a real Redis server on loopback; see {@link RedisServer}. */
export function startRedisServer(options?: RedisServerOptions): Promise<RedisServer> {
  return RedisServer.start(options);
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
