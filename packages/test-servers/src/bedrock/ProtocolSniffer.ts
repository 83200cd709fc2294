import { createServer as createHttp1Server, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  createServer as createHttp2Server,
  type Http2ServerRequest,
  type Http2ServerResponse,
  type Http2Session,
} from 'node:http2';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { Duplex } from 'node:stream';

export type AnyRequest = IncomingMessage | Http2ServerRequest;
export type AnyResponse = ServerResponse | Http2ServerResponse;
export type RequestListener = (req: AnyRequest, res: AnyResponse) => void;

/** `auto`: HTTP/1.1 and cleartext HTTP/2 on one port. `h2`: HTTP/2 only, without the sniffing cost. */
export type ServerProtocol = 'auto' | 'h2' | 'http1';

const H2_PREFACE_START = 'PRI * HTTP/2';

/**
 * The Bedrock clients default to HTTP/2 (prior knowledge over `http://`), while fetch, curl and
 * the SDK's HTTP/1.1 handler speak HTTP/1.1. In `auto` mode the first bytes of each connection
 * decide which server gets it.
 */
export class ProtocolSniffer {
  readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly rawSockets = new WeakMap<Http2Session, Socket>();
  private connecting: Socket | undefined;

  constructor(listener: RequestListener, protocol: ServerProtocol = 'auto') {
    const http1 = createHttp1Server({ keepAlive: true }, listener);
    const http2 = createHttp2Server({}, listener);
    const track = (socket: Socket): void => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    };
    // http2 hides the session's socket behind a proxy that refuses destroy(); keep the real one so a
    // scripted reset can send a TCP RST.
    http2.on('session', (session) => {
      if (this.connecting) this.rawSockets.set(session, this.connecting);
      this.connecting = undefined;
    });
    if (protocol === 'h2') {
      http2.prependListener('connection', (socket: Socket) => {
        track(socket);
        this.connecting = socket;
      });
      this.server = http2 as unknown as Server;
    } else if (protocol === 'http1') {
      http1.on('connection', track);
      this.server = http1;
    } else {
      this.server = createNetServer((socket) => {
        track(socket);
        socket.once('data', (first: Buffer) => {
          if (first.toString('latin1', 0, H2_PREFACE_START.length) === H2_PREFACE_START) {
            // http2 reads from the socket's native handle, so bytes already read must be replayed
            // through a JS stream.
            this.connecting = socket;
            http2.emit('connection', replay(socket, first));
          } else {
            socket.pause();
            socket.unshift(first);
            http1.emit('connection', socket);
            socket.resume();
          }
        });
      });
    }
  }

  /** Resets (TCP RST) the connection an HTTP/2 session runs on. */
  resetSession(session: Http2Session | undefined): void {
    const raw = session && this.rawSockets.get(session);
    if (raw) raw.resetAndDestroy();
    else session?.destroy();
  }

  /** Destroys every open connection so `close()` does not wait for idle keep-alive clients. */
  destroyConnections(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }
}

function replay(socket: Socket, first: Buffer): Duplex {
  const duplex = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk: Buffer, _encoding, callback) {
      socket.write(chunk, callback);
    },
    final(callback) {
      socket.end(callback);
    },
    destroy(err, callback) {
      socket.destroy();
      callback(err);
    },
  });
  duplex.push(first);
  socket.on('data', (data: Buffer) => {
    if (!duplex.push(data)) socket.pause();
  });
  socket.on('end', () => duplex.push(null));
  socket.on('error', (err) => duplex.destroy(err));
  socket.on('close', () => duplex.destroy());
  return duplex;
}
