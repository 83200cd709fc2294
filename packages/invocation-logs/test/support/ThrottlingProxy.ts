import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP proxy in front of moto that answers CloudWatch's Throttling error to the PutMetricData calls
 * `shouldThrottle` picks (numbered from 1) and forwards everything else untouched.
 */
export class ThrottlingProxy {
  putMetricDataCalls = 0;
  throttled = 0;
  private server: Server | undefined;

  constructor(
    private readonly target: string,
    private readonly shouldThrottle: (call: number) => boolean,
  ) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const target = String(req.headers['x-amz-target'] ?? '');
      if (target.endsWith('.PutMetricData')) {
        this.putMetricDataCalls += 1;
        if (this.shouldThrottle(this.putMetricDataCalls)) {
          this.throttled += 1;
          // CloudWatch's JSON protocol with awsQueryCompatible: the query error code rides in a header.
          res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-query-error': 'Throttling;Sender', 'x-amzn-requestid': 'throttled' });
          res.end(JSON.stringify({ __type: 'com.amazonaws.cloudwatch#Throttling', message: 'Rate exceeded' }));
          return;
        }
      }
      const url = new URL(req.url ?? '/', this.target);
      const upstream = request(url, { method: req.method, headers: { ...req.headers, host: url.host } }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      upstream.end(body);
    });
  }
}
