import { connect } from 'node:net';
import { ChildProcessHandle, waitUntilReady } from '../process/ChildProcessHandle';
import { freePort } from '../process/freePort';

export interface RedisServerOptions {
  /** Port to listen on (loopback only); a free one by default. A restarted server keeps its port. */
  port?: number;
  /** The `redis-server` binary; default `redis-server` on PATH (Debian: `apt-get install redis-server`). */
  binary?: string;
  /** How long to wait for the server to answer PING. Default 10 s. */
  readyTimeoutMs?: number;
}

/**
 * A real Redis server (the `redis-server` binary) on 127.0.0.1, for tests: no persistence, no config file,
 * stopped and restarted on the same port to stand in for an outage or a failover.
 */
export class RedisServer {
  readonly port: number;
  private handle: ChildProcessHandle | undefined;

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
    return this.handle?.isRunning ?? false;
  }

  /** Starts the server again (after {@link stop} or {@link kill}) on the same port, empty. */
  async restart(): Promise<void> {
    if (this.isRunning) return;
    const handle = new ChildProcessHandle(
      this.binary,
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning'],
      {},
    );
    this.handle = handle;
    try {
      await waitUntilReady(handle, () => ping(this.port), this.readyTimeoutMs, `redis-server on port ${this.port}`);
    } catch (error) {
      if (handle.outputTail().includes('ENOENT')) {
        throw new Error(`${this.binary} not found: install Redis (Debian: apt-get install redis-server; .ci/run does)`);
      }
      throw error;
    }
  }

  /** SIGTERM and wait: a clean shutdown. */
  stop(): Promise<void> {
    return this.handle?.stop() ?? Promise.resolve();
  }

  /** SIGKILL and wait: the server disappears mid-connection, as in a crash or a failover. */
  kill(): Promise<void> {
    return this.handle?.kill() ?? Promise.resolve();
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
