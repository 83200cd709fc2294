import { mkdtempSync, readFileSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES, ensureBuilt, killAll, runApp, waitFor, type App } from './support/childProcess';
import { GARBAGE_ENV } from './support/garbageEnv';
import { OtlpReceiver, attributes } from './support/OtlpReceiver';
import { startRedisServer, type RedisServer } from '@kensa/test-servers';

let receiver: OtlpReceiver;
let dir: string;
const testStartSeconds = Math.floor(Date.now() / 1000);

beforeAll(() => ensureBuilt(), 300_000);

beforeEach(async () => {
  receiver = new OtlpReceiver();
  await receiver.start();
  dir = mkdtempSync(join(tmpdir(), 'kensa-node-'));
});

afterEach(async () => {
  killAll();
  await receiver.stop();
  rmSync(dir, { recursive: true, force: true });
});

afterAll(() => killAll());

/** Environment for an app that exports to the test's receiver and to files, flushing quickly. */
function exportingEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    OTEL_SERVICE_NAME: 'manga-assist-test',
    OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=test,kensa.team=ai%20platform',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    OTEL_TRACES_EXPORTER: 'otlp,file',
    OTEL_METRICS_EXPORTER: 'otlp,file',
    OTEL_LOGS_EXPORTER: 'otlp,file',
    KENSA_EXPORT_DIR: dir,
    OTEL_BSP_SCHEDULE_DELAY: '100',
    OTEL_BLRP_SCHEDULE_DELAY: '100',
    // Generous: a loaded CI machine can take seconds to flush; a healthy run exits as soon as it is done.
    KENSA_SHUTDOWN_TIMEOUT_MS: '8000',
    ...extra,
  };
}

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });
}

function jsonLines(file: string): Array<Record<string, any>> {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));
}

function fileSpans(): Array<{ traceId: string; name: string; resource: Record<string, unknown> }> {
  return jsonLines(join(dir, 'traces.jsonl')).flatMap((req) =>
    req.resourceSpans.flatMap((rs: any) =>
      rs.scopeSpans.flatMap((ss: any) => ss.spans.map((s: any) => ({ traceId: s.traceId, name: s.name, resource: attributes(rs.resource.attributes.map(jsonKv)) }))),
    ),
  );
}

// OTLP/JSON spells AnyValue as {stringValue}/{intValue}; reuse the proto flattener by tagging the oneof.
function jsonKv(kv: any): any {
  const [which] = Object.keys(kv.value);
  return { key: kv.key, value: { ...kv.value, value: which } };
}

/** X-Ray trace ids start with the epoch second the trace began. */
function expectXRayTraceId(traceId: string): void {
  expect(traceId).toMatch(/^[0-9a-f]{32}$/);
  const seconds = parseInt(traceId.slice(0, 8), 16);
  expect(seconds).toBeGreaterThanOrEqual(testStartSeconds);
  expect(seconds).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
}

async function exercise(app: App): Promise<{ port: number; pid: number }> {
  const ready = await app.message<{ port: number; pid: number }>((m) => 'port' in m);
  expect(await get(ready.port, '/chat')).toBe('ok');
  return ready;
}

describe.each(['--require', '--import'] as const)('node %s @kensa/node/register', (flag) => {
  const fixture = flag === '--require' ? 'http-app.cjs' : 'http-app.mjs';

  it('instruments an unmodified app and exports spans, metrics and logs over OTLP/gRPC and to files', async () => {
    const app = runApp(fixture, { flag, env: exportingEnv() });
    const { pid } = await exercise(app);
    await waitFor(() => receiver.spans.some((s) => s.kind === 2 && s.name === 'GET'), 8000, 'the HTTP server span');
    app.child.kill('SIGTERM');
    const exit = await app.exited;
    expect(exit.signal).toBe('SIGTERM');

    const server = receiver.spans.find((s) => s.kind === 2)!;
    expect(server.scope).toBe('@opentelemetry/instrumentation-http');
    expect(server.resource).toMatchObject({
      'service.name': 'manga-assist-test',
      'deployment.environment.name': 'test',
      'kensa.team': 'ai platform',
      'process.pid': pid,
      'process.runtime.name': 'nodejs',
    });
    expect(server.resource['host.name']).toEqual(expect.any(String));
    expectXRayTraceId(server.traceId);
    // @kensa/processors ran ahead of the export processors: their kensa.* attributes were exported.
    expect(Object.keys(server.attributes).filter((k) => k.startsWith('kensa.'))).not.toEqual([]);
    const manual = receiver.spans.find((s) => s.name === 'work /chat')!;
    expect(manual.traceId).toBe(server.traceId);
    expect(manual.parentSpanId).toBe(server.spanId);

    // Metrics are flushed at shutdown, with delta temporality for CloudWatch EMF.
    const counter = receiver.metrics.find((m) => m.name === 'fixture.requests');
    expect(counter?.temporality).toBe(1);
    const log = receiver.logs.find((l) => l.body === 'handled /chat');
    expect(log?.traceId).toBe(server.traceId);

    // The same telemetry, as OTLP/JSON lines: one Export…ServiceRequest per line.
    const spans = fileSpans();
    expect(spans.map((s) => s.traceId)).toContain(server.traceId);
    expect(spans.find((s) => s.name === 'work /chat')?.resource).toMatchObject({ 'service.name': 'manga-assist-test', 'process.pid': pid });
    const metricLines = jsonLines(join(dir, 'metrics.jsonl'));
    expect(metricLines.length).toBeGreaterThan(0);
    const fileCounter = metricLines
      .flatMap((l) => l.resourceMetrics.flatMap((rm: any) => rm.scopeMetrics.flatMap((sm: any) => sm.metrics)))
      .find((m: any) => m.name === 'fixture.requests');
    expect(fileCounter.sum.aggregationTemporality).toBe(1);
    const logLines = jsonLines(join(dir, 'logs.jsonl'));
    expect(JSON.stringify(logLines)).toContain('handled /chat');
    expect(app.stderr()).toBe('');
  });

  it('continues a trace from an incoming X-Amzn-Trace-Id header', async () => {
    const app = runApp(fixture, { flag, env: exportingEnv({ OTEL_TRACES_EXPORTER: 'otlp' }) });
    const { port } = await app.message<{ port: number }>((m) => 'port' in m);
    const root = `${Math.floor(Date.now() / 1000).toString(16)}${'a1b2c3d4e5f6a7b8c9d0e1f2'}`;
    const parent = '53995c3f42cd8ad8';
    await get(port, '/continued', { 'X-Amzn-Trace-Id': `Root=1-${root.slice(0, 8)}-${root.slice(8)};Parent=${parent};Sampled=1` });
    await waitFor(() => receiver.spans.some((s) => s.kind === 2), 8000, 'the server span');
    const server = receiver.spans.find((s) => s.kind === 2)!;
    expect(server.traceId).toBe(root);
    expect(server.parentSpanId).toBe(parent);
  });
});

describe('register entry, behaviour', () => {
  it('does nothing but let the app run when OTEL_SDK_DISABLED=true', async () => {
    const app = runApp('http-app.cjs', { flag: '--require', env: exportingEnv({ OTEL_SDK_DISABLED: 'true' }) });
    await exercise(app);
    await new Promise((r) => setTimeout(r, 300));
    app.child.kill('SIGTERM');
    const exit = await app.exited;
    expect(exit.signal).toBe('SIGTERM');
    expect(receiver.calls).toEqual({ traces: 0, metrics: 0, logs: 0 });
    expect(existsSync(join(dir, 'traces.jsonl'))).toBe(false);
    expect(app.stderr()).toBe('');
  });

  it('survives garbage in every variable it reads, with one warning each, and still exports', async () => {
    const kensaConfig = join(dir, 'kensa.yaml');
    writeFileSync(kensaConfig, 'budgets: [unclosed\n');
    // Read by the stock exporters and SDK rather than by Kensa: once per exporter, deduplicated to one line.
    const stockGarbage = { OTEL_EXPORTER_OTLP_TIMEOUT: 'abc', OTEL_EXPORTER_OTLP_COMPRESSION: 'zip', OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: 'x' };
    const env = { ...GARBAGE_ENV, ...stockGarbage, KENSA_CONFIG: kensaConfig, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_SERVICE_NAME: 'garbage' };
    const app = runApp('http-app.cjs', { flag: '--require', env });
    await exercise(app);
    app.child.kill('SIGTERM');
    await app.exited;
    const warnings = app
      .stderr()
      .split('\n')
      .filter((l) => l.includes('kensa:'));
    for (const key of Object.keys(GARBAGE_ENV)) expect(warnings.filter((w) => w.includes(`${key}=`)), key).toHaveLength(1);
    expect(warnings.filter((w) => w.includes(kensaConfig))).toHaveLength(1);
    expect(warnings).toHaveLength(Object.keys(GARBAGE_ENV).length + 1);
    const lines = app.stderr().split('\n');
    for (const key of Object.keys(stockGarbage)) expect(lines.filter((l) => l.includes(key)), key).toHaveLength(1);
    // Every fallback is a working default: OTLP/gRPC to the configured endpoint.
    expect(receiver.spans.some((s) => s.kind === 2 && s.resource['service.name'] === 'garbage')).toBe(true);
  });

  it('reports its own start-up failure and lets the app run uninstrumented', async () => {
    const app = runApp('http-app.cjs', { flag: '--require', nodeArgs: ['--require', join(FIXTURES, 'sabotage.cjs')], env: exportingEnv() });
    await exercise(app);
    app.child.kill('SIGTERM');
    const exit = await app.exited;
    expect(exit.signal).toBe('SIGTERM');
    expect(app.stderr()).toContain('kensa: telemetry could not start and is off for this process; the application runs normally. Cause: Error: sabotaged for the test');
    expect(receiver.calls.traces).toBe(0);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('flushes spans ended just before %s, then exits as Node would on that signal', async (signal) => {
    // A schedule delay far beyond the test: only the shutdown flush can deliver these spans.
    const app = runApp('http-app.cjs', { flag: '--require', env: exportingEnv({ OTEL_BSP_SCHEDULE_DELAY: '600000', OTEL_TRACES_EXPORTER: 'otlp' }) });
    await exercise(app);
    app.child.kill(signal);
    const exit = await app.exited;
    expect(exit).toEqual({ code: null, signal });
    expect(receiver.spans.map((s) => s.name)).toEqual(expect.arrayContaining(['work /chat', 'GET']));
  });

  it('turns off the instrumentations named in KENSA_DISABLED_INSTRUMENTATIONS', async () => {
    const app = runApp('http-app.cjs', { flag: '--require', env: exportingEnv({ OTEL_TRACES_EXPORTER: 'otlp', KENSA_DISABLED_INSTRUMENTATIONS: 'http' }) });
    await exercise(app);
    await waitFor(() => receiver.spans.some((s) => s.name === 'work /chat'), 8000, 'the manual span');
    app.child.kill('SIGTERM');
    await app.exited;
    expect(receiver.spans.filter((s) => s.scope === '@opentelemetry/instrumentation-http')).toEqual([]);
    expect(receiver.spans.find((s) => s.name === 'work /chat')!.parentSpanId).toBe('');
  });

  it("leaves exiting to an app that handles SIGTERM itself, and still flushes", async () => {
    const app = runApp('http-app.cjs', {
      flag: '--require',
      env: exportingEnv({ OTEL_BSP_SCHEDULE_DELAY: '600000', OTEL_TRACES_EXPORTER: 'otlp', FIXTURE_OWN_SIGTERM: 'true' }),
    });
    await exercise(app);
    app.child.kill('SIGTERM');
    const exit = await app.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(app.stdout()).toContain('"appCleanupDone":true');
    expect(receiver.spans.some((s) => s.name === 'work /chat')).toBe(true);
  });
});

describe('OTLP protocol', () => {
  it('exports over OTLP/HTTP protobuf when OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf', async () => {
    const httpEndpoint = await receiver.startHttp();
    const env = exportingEnv({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf', OTEL_EXPORTER_OTLP_ENDPOINT: httpEndpoint, OTEL_TRACES_EXPORTER: 'otlp', OTEL_METRICS_EXPORTER: 'otlp', OTEL_LOGS_EXPORTER: 'otlp' });
    const app = runApp('http-app.cjs', { flag: '--require', env });
    await exercise(app);
    app.child.kill('SIGTERM');
    await app.exited;
    // Messages carry the app's stderr so a failure explains itself.
    expect(receiver.spans.some((s) => s.name === 'work /chat'), app.stderr()).toBe(true);
    expect(receiver.metrics.find((m) => m.name === 'fixture.requests')?.temporality, app.stderr()).toBe(1);
    expect(receiver.logs.some((l) => l.body === 'handled /chat'), app.stderr()).toBe(true);
    expect(app.stderr()).toBe('');
  });
});

describe('default instrumentations', () => {
  it('traces AWS SDK and fetch calls, propagates X-Ray headers to AWS, and correlates pino and winston log lines', async () => {
    const seen: Array<{ target?: string; traceHeader?: string }> = [];
    const dynamo = createHttpServer((req, res) => {
      seen.push({ target: req.headers['x-amz-target'] as string, traceHeader: req.headers['x-amzn-trace-id'] as string });
      req.resume();
      req.on('end', () => {
        res.setHeader('content-type', 'application/x-amz-json-1.0');
        res.setHeader('x-amzn-requestid', 'REQ123');
        res.end(JSON.stringify({ Item: { id: { S: 'abc' } } }));
      });
    });
    await new Promise<void>((r) => dynamo.listen(0, '127.0.0.1', r));
    try {
      const { port } = dynamo.address() as { port: number };
      const app = runApp('aws-app.cjs', {
        flag: '--require',
        env: exportingEnv({ OTEL_TRACES_EXPORTER: 'otlp', FIXTURE_DYNAMODB_ENDPOINT: `http://127.0.0.1:${port}` }),
      });
      const done = await app.message<{ traceId: string; spanId: string }>((m) => 'done' in m);
      const exit = await app.exited;
      expect(exit.code).toBe(0);

      const call = receiver.spans.find((s) => s.scope === '@opentelemetry/instrumentation-aws-sdk');
      expect(call).toBeDefined();
      expect(call!.traceId).toBe(done.traceId);
      expect(call!.parentSpanId).toBe(done.spanId);
      expect(call!.attributes).toMatchObject({ 'rpc.service': 'DynamoDB', 'rpc.method': 'GetItem', 'aws.dynamodb.table_names': ['sessions'] });
      // The X-Ray header on the wire names the same trace, in X-Ray's format.
      expect(seen[0]!.target).toBe('DynamoDB_20120810.GetItem');
      expect(seen[0]!.traceHeader).toMatch(new RegExp(`^Root=1-${done.traceId.slice(0, 8)}-${done.traceId.slice(8)};Parent=[0-9a-f]{16};Sampled=1$`));
      const line = await app.message<{ msg: string; trace_id: string; span_id: string }>((m) => m.msg === 'session loaded');
      expect(line.trace_id).toBe(done.traceId);
      expect(line.span_id).toBe(done.spanId);
      const record = await app.message<{ message: string; trace_id: string; span_id: string }>((m) => m.message === 'turn audited');
      expect(record.trace_id).toBe(done.traceId);
      expect(record.span_id).toBe(done.spanId);
      const fetchSpan = receiver.spans.find((s) => s.scope === '@opentelemetry/instrumentation-undici');
      expect(fetchSpan?.traceId).toBe(done.traceId);
      expect(fetchSpan?.parentSpanId).toBe(done.spanId);
    } finally {
      dynamo.close();
    }
  });
});

describe('Redis instrumentations (a real redis-server)', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(() => redis?.stop());

  it.each([
    ['ioredis', 'redis-app.cjs', '@opentelemetry/instrumentation-ioredis'],
    ['node-redis', 'node-redis-app.cjs', '@opentelemetry/instrumentation-redis'],
  ])('%s: a CLIENT span per Redis command inside the app trace', async (_client, fixture, scope) => {
    const app = runApp(fixture, {
      flag: '--require',
      env: exportingEnv({ OTEL_TRACES_EXPORTER: 'otlp', FIXTURE_REDIS_PORT: String(redis.port), FIXTURE_REDIS_URL: redis.url }),
    });
    const done = await app.message<{ value: string; traceId: string; spanId: string }>((m) => 'done' in m);
    expect((await app.exited).code).toBe(0);
    expect(done.value).toBe('cached');
    const commands = receiver.spans.filter((s) => s.scope === scope && s.traceId === done.traceId);
    expect(commands.map((s) => s.name.toLowerCase())).toEqual(expect.arrayContaining([expect.stringMatching(/set$/), expect.stringMatching(/get$/)]));
    for (const s of commands.filter((c) => /(get|set)$/i.test(c.name))) {
      expect(s.kind).toBe(3);
      expect(s.parentSpanId).toBe(done.spanId);
    }
  });
});

describe('X-Ray remote sampling', () => {
  it('polls the configured sampling proxy and applies its rules', async () => {
    const rule = (RuleName: string, Priority: number, FixedRate: number, URLPath: string) => ({
      SamplingRule: {
        RuleName,
        RuleARN: `arn:aws:xray:ap-northeast-1:123456789012:sampling-rule/${RuleName}`,
        Priority,
        FixedRate,
        ReservoirSize: 0,
        ServiceName: '*',
        ServiceType: '*',
        Host: '*',
        HTTPMethod: '*',
        URLPath,
        ResourceARN: '*',
        Attributes: {},
        Version: 1,
      },
    });
    const polled: string[] = [];
    const proxy = createHttpServer((req, res) => {
      polled.push(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      if (req.url === '/GetSamplingRules') res.end(JSON.stringify({ SamplingRuleRecords: [rule('Default', 10000, 1, '*'), rule('health', 1, 0, '/health')] }));
      else res.end(JSON.stringify({ SamplingTargetDocuments: [], UnprocessedStatistics: [] }));
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    try {
      const { port } = proxy.address() as { port: number };
      const env = exportingEnv({
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_TRACES_SAMPLER: 'xray',
        OTEL_TRACES_SAMPLER_ARG: `endpoint=http://127.0.0.1:${port},polling_interval=60`,
      });
      const app = runApp('http-app.cjs', { flag: '--require', env });
      const ready = await app.message<{ port: number }>((m) => 'port' in m);
      await waitFor(() => polled.includes('/GetSamplingRules'), 8000, 'the rules poll');
      await new Promise((r) => setTimeout(r, 200));
      await get(ready.port, '/health');
      await get(ready.port, '/chat');
      await waitFor(() => receiver.spans.some((s) => s.name === 'work /chat'), 8000, 'the sampled trace');
      app.child.kill('SIGTERM');
      await app.exited;
      expect(receiver.spans.map((s) => s.name)).not.toContain('work /health');
      expect(app.stderr()).toBe('');
    } finally {
      proxy.close();
    }
  });
});

describe('resource detection', () => {
  it('adds ECS task attributes from the task metadata endpoint, and no cloud attributes off AWS', async () => {
    const taskArn = 'arn:aws:ecs:ap-northeast-1:123456789012:task/manga/0123456789abcdef';
    const metadata = createHttpServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/v4/abc/task') {
        res.end(JSON.stringify({ Cluster: 'manga', TaskARN: taskArn, Family: 'manga-assist', Revision: '7', LaunchType: 'FARGATE', AvailabilityZone: 'ap-northeast-1a' }));
      } else res.end(JSON.stringify({ ContainerARN: 'arn:aws:ecs:ap-northeast-1:123456789012:container/manga/1', LogDriver: 'json-file' }));
    });
    await new Promise<void>((r) => metadata.listen(0, '127.0.0.1', r));
    try {
      const { port } = metadata.address() as { port: number };
      const env = exportingEnv({ OTEL_TRACES_EXPORTER: 'otlp', ECS_CONTAINER_METADATA_URI_V4: `http://127.0.0.1:${port}/v4/abc` });
      const onEcs = runApp('http-app.cjs', { flag: '--require', env });
      await exercise(onEcs);
      await waitFor(() => receiver.spans.some((s) => s.kind === 2), 8000, 'the server span');
      expect(receiver.spans.find((s) => s.kind === 2)!.resource).toMatchObject({
        'cloud.provider': 'aws',
        'cloud.platform': 'aws_ecs',
        'cloud.region': 'ap-northeast-1',
        'cloud.account.id': '123456789012',
        'aws.ecs.task.arn': taskArn,
        'aws.ecs.launchtype': 'fargate',
      });
    } finally {
      metadata.close();
    }
    receiver.spans.length = 0;
    const offAws = runApp('http-app.cjs', { flag: '--require', env: exportingEnv({ OTEL_TRACES_EXPORTER: 'otlp' }) });
    await exercise(offAws);
    await waitFor(() => receiver.spans.some((s) => s.kind === 2), 8000, 'the server span');
    expect(Object.keys(receiver.spans.find((s) => s.kind === 2)!.resource).filter((k) => k.startsWith('cloud.'))).toEqual([]);
  });
});

describe('collector unreachable', () => {
  it('keeps memory bounded over 200k spans, warns instead of throwing, and exits cleanly', async () => {
    const deadPort = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
    });
    const app = runApp('burst.cjs', {
      flag: '--require',
      nodeArgs: ['--expose-gc'],
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${deadPort}`,
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'none',
        OTEL_BSP_SCHEDULE_DELAY: '50',
        KENSA_SHUTDOWN_TIMEOUT_MS: '1000',
        FIXTURE_SPANS: '200000',
      },
    });
    const result = await app.message<{ spans: number; heapGrowth: number }>((m) => 'spans' in m);
    const exit = await app.exited;
    expect(result.spans).toBe(200_000);
    // 200k spans held in memory would take hundreds of MB; the bounded queue holds 2048.
    expect(result.heapGrowth).toBeLessThan(32 * 1024 * 1024);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(app.stderr()).toMatch(/Dropped \d+ spans|UNAVAILABLE|ECONNREFUSED|not fully flushed/);
    expect(app.stderr()).not.toMatch(/Uncaught|UnhandledPromiseRejection/);
  }, 20_000);
});
