import { createServer, type Server, type Socket } from 'node:net';

/**
 * Just enough of the Redis protocol (RESP2) for a client to connect, pass its ready check and run
 * GET/SET, so the ioredis instrumentation can be exercised without a Redis binary.
 */
export class RespServer {
  readonly commands: string[][] = [];
  private readonly store = new Map<string, string>();
  private readonly server: Server = createServer((socket) => this.serve(socket));

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as { port: number }).port;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private serve(socket: Socket): void {
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const parsed = parseCommand(buffer);
        if (!parsed) break;
        buffer = buffer.subarray(parsed.consumed);
        this.commands.push(parsed.args);
        socket.write(this.reply(parsed.args));
      }
    });
    socket.on('error', () => undefined);
  }

  private reply([name = '', ...args]: string[]): string {
    switch (name.toUpperCase()) {
      case 'INFO':
        return bulk('# Server\r\nredis_version:7.2.0\r\n# Persistence\r\nloading:0\r\n');
      case 'GET': {
        const value = this.store.get(args[0] ?? '');
        return value === undefined ? '$-1\r\n' : bulk(value);
      }
      case 'SET':
        this.store.set(args[0] ?? '', args[1] ?? '');
        return '+OK\r\n';
      default:
        return '+OK\r\n';
    }
  }
}

function bulk(value: string): string {
  return `$${Buffer.byteLength(value)}\r\n${value}\r\n`;
}

/** One `*n\r\n($len\r\narg\r\n)*n` command from the front of `buf`, or undefined if incomplete. */
function parseCommand(buf: Buffer): { args: string[]; consumed: number } | undefined {
  const text = buf.toString('latin1');
  if (!text.startsWith('*')) return undefined;
  let pos = text.indexOf('\r\n');
  if (pos < 0) return undefined;
  const count = Number(text.slice(1, pos));
  pos += 2;
  const args: string[] = [];
  for (let i = 0; i < count; i++) {
    const end = text.indexOf('\r\n', pos);
    if (end < 0 || text[pos] !== '$') return undefined;
    const len = Number(text.slice(pos + 1, end));
    const start = end + 2;
    if (text.length < start + len + 2) return undefined;
    args.push(buf.subarray(start, start + len).toString('utf8'));
    pos = start + len + 2;
  }
  return { args, consumed: pos };
}
