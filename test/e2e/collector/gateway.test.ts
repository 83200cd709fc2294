import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  collectorBinary,
  collectorComponents,
  requireComponents,
  skipUnlessComponents,
  startCollector,
  type Collector,
} from '../../harness/collector.js';
import {
  loadCollectorConfig,
  removePipelines,
  removeUnusedExporters,
  replaceExporter,
  section,
  toYaml,
  type ConfigMap,
} from '../../harness/collectorConfig.js';
import { startFileSink, type FileSink, type SinkSpan } from '../../harness/fileSink.js';
import { GenAiTraffic, type SentTrace, type TraceKind } from '../../harness/genAiTraffic.js';

// The gateway: agents (sidecar.yaml + gateway-agent.yaml) → sampling tier (gateway-sampler.yaml) → sink.
//
// Two substitutions, both forced by what the test collector can include (collector/builder-config.yaml):
// the sampler's awsxray exporter becomes an OTLP exporter to a file sink, and the agent's loadbalancing
// exporter becomes an OTLP exporter to one sampler that keeps the loadbalancing exporter's queue, retry and
// timeout settings verbatim. Everything else (receivers, memory limiter, tail-sampling policies, file storage)
// runs as shipped. The first test fails until the real exporters can be built.

const collectorDir = resolve(__dirname, '../../../collector');
const sidecarYaml = join(collectorDir, 'sidecar.yaml');
const agentYaml = join(collectorDir, 'gateway-agent.yaml');
const samplerYaml = join(collectorDir, 'gateway-sampler.yaml');

function samplerConfig(sink: FileSink): string {
  const config = loadCollectorConfig(samplerYaml);
  replaceExporter(config, 'awsxray', 'otlp/sink', {
    endpoint: sink.collector.otlpGrpcEndpoint,
    tls: { insecure: true },
  });
  return toYaml(config);
}

function agentConfig(samplerEndpoint: string): string {
  const config = loadCollectorConfig(sidecarYaml, agentYaml);
  // This tier's metrics and logs pipelines are sidecar.yaml's, covered by sidecar.test.ts.
  removePipelines(config, 'metrics', 'logs');
  const { sending_queue, retry_on_failure, timeout } = section(config, 'exporters', 'loadbalancing') as ConfigMap;
  replaceExporter(config, 'loadbalancing', 'otlp/sampler', {
    endpoint: samplerEndpoint,
    tls: { insecure: true },
    sending_queue,
    retry_on_failure,
    timeout,
  });
  removeUnusedExporters(config);
  return toYaml(config);
}

interface Gateway {
  sink: FileSink;
  sampler: Collector;
  agent: Collector;
  samplerEnv: Record<string, string>;
  agentEnv: Record<string, string>;
}

const running: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  for (const process of running.splice(0).reverse()) await process.stop();
});

async function startGateway(samplerEnv: Record<string, string>): Promise<Gateway> {
  const sink = await startFileSink();
  running.push(sink);
  const sampler = await startCollector({ name: 'sampler', config: { yaml: samplerConfig(sink) }, env: samplerEnv });
  running.push({ stop: () => sampler.stop() });
  const agentEnv = { KENSA_QUEUE_DIR: mkdtempSync(join(tmpdir(), 'kensa-agent-queue-')) };
  // Stopped last (afterEach reverses): after the agents that write the queue, whichever of them is running.
  running.unshift({ stop: async () => rmSync(agentEnv.KENSA_QUEUE_DIR, { recursive: true, force: true }) });
  const agent = await startCollector({ name: 'agent', config: { yaml: agentConfig(sampler.otlpGrpcEndpoint) }, env: agentEnv });
  running.push({ stop: () => agent.stop() });
  return { sink, sampler, agent, samplerEnv, agentEnv };
}

function byTrace(spans: SinkSpan[]): Map<string, SinkSpan[]> {
  const traces = new Map<string, SinkSpan[]>();
  for (const span of spans) {
    const list = traces.get(span.traceId) ?? [];
    list.push(span);
    traces.set(span.traceId, list);
  }
  return traces;
}

/** Waits until the sink has stopped changing for `quietMs` (the sampler decides in ticks). */
async function settled(sink: FileSink, quietMs: number, timeoutMs: number, atLeast = 0): Promise<SinkSpan[]> {
  const deadline = Date.now() + timeoutMs;
  let count = -1;
  let since = Date.now();
  for (;;) {
    const spans = sink.spans();
    if (spans.length !== count) {
      count = spans.length;
      since = Date.now();
    } else if (count >= atLeast && Date.now() - since >= quietMs) {
      return spans;
    }
    if (Date.now() > deadline) return spans;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** [lower, upper] holding a Binomial(n, p) count except with negligible probability (±z σ). */
function binomialBounds(n: number, p: number, z = 5): [number, number] {
  const mean = n * p;
  const sigma = Math.sqrt(n * p * (1 - p));
  return [Math.max(0, Math.floor(mean - z * sigma)), Math.min(n, Math.ceil(mean + z * sigma))];
}

describe('gateway configs: load-balancing tier → tail-sampling tier', () => {
  // A cold build takes minutes (collector/README.md); CI builds before vitest, this covers a first local run.
  beforeAll(() => collectorBinary(), 30 * 60_000);

  it('the test collector has every component the gateway configs use', async (ctx) => {
    const needed = ['otlp', 'memory_limiter', 'tail_sampling', 'batch', 'file_storage', 'health_check', 'loadbalancing', 'awsxray'];
    await skipUnlessComponents(ctx, needed);
    const available = await collectorComponents(await collectorBinary());
    expect(needed.filter((c) => !available.has(c))).toEqual([]);
  });

  it(
    'keeps every error trace, ~50% of the slow ones and ~1% of the rest, each kept trace whole',
    async () => {
      await requireComponents(['otlp', 'memory_limiter', 'tail_sampling', 'batch', 'file_storage', 'health_check', 'file']);
      const gateway = await startGateway({ KENSA_TAIL_DECISION_WAIT: '2s' });
      const traffic = new GenAiTraffic({ otlpGrpcEndpoint: gateway.agent.otlpGrpcEndpoint });
      // 1,000 user messages: 30 failing, 50 slower than the SLA, 920 normal, interleaved.
      const kinds: TraceKind[] = [
        ...Array<TraceKind>(30).fill('error'),
        ...Array<TraceKind>(50).fill('slow'),
        ...Array<TraceKind>(920).fill('normal'),
      ].sort(() => Math.random() - 0.5);
      const sent: SentTrace[] = kinds.map((kind) => traffic.send(kind));
      await traffic.flush();
      await traffic.shutdown();

      // decision_wait 2 s, then one batch timeout: quiet for 5 s means every decision has been exported.
      const spans = await settled(gateway.sink, 5_000, 90_000, 30 * 7);
      const kept = byTrace(spans);
      const sentById = new Map(sent.map((t) => [t.traceId, t]));
      const count = (kind: TraceKind) => [...kept.keys()].filter((id) => sentById.get(id)?.kind === kind).length;

      expect([...kept.keys()].every((id) => sentById.has(id))).toBe(true);
      // A decision covers the whole trace: every span of a kept trace, each exactly once.
      for (const [id, traceSpans] of kept) {
        expect(traceSpans.map((s) => s.spanId).sort(), id).toEqual([...sentById.get(id)!.spanIds].sort());
      }
      expect(count('error')).toBe(30);
      const [slowLow, slowHigh] = binomialBounds(50, 0.5);
      const [restLow, restHigh] = binomialBounds(920, 0.01);
      expect(count('slow')).toBeGreaterThanOrEqual(slowLow);
      expect(count('slow')).toBeLessThanOrEqual(slowHigh);
      expect(count('normal')).toBeGreaterThanOrEqual(restLow);
      expect(count('normal')).toBeLessThanOrEqual(restHigh);
    },
    180_000,
  );

  it(
    'loses nothing and duplicates nothing when the sampling tier is SIGKILLed mid-load and restarted',
    async () => {
      await requireComponents(['otlp', 'memory_limiter', 'tail_sampling', 'batch', 'file_storage', 'health_check', 'file']);
      // Keep everything, so "delivered" must equal "sent" span for span.
      const gateway = await startGateway({ KENSA_TAIL_DECISION_WAIT: '1s', KENSA_SAMPLING_BASE_PERCENT: '100' });
      const traffic = new GenAiTraffic({ otlpGrpcEndpoint: gateway.agent.otlpGrpcEndpoint });
      const sent: SentTrace[] = [];
      const phaseOf = new Map<string, string>();
      let phase = 'steady';
      const sendBatch = async (n: number) => {
        for (let i = 0; i < n; i++) {
          const t = traffic.send(i % 10 === 0 ? 'slow' : 'normal');
          sent.push(t);
          for (const id of t.spanIds) phaseOf.set(id, phase);
        }
        await traffic.flush();
      };
      const spanTotal = () => sent.reduce((sum, t) => sum + t.spanIds.length, 0);

      // Phase 1: steady state. Wait until it is all through, so the sampler holds no undecided trace
      // (tail sampling keeps those in memory; see gateway-sampler.yaml).
      await sendBatch(100);
      await settled(gateway.sink, 1_500, 60_000, spanTotal());
      expect(gateway.sink.spans()).toHaveLength(spanTotal());

      // Phase 2: the sampling tier dies without a chance to flush; the app keeps sending. The agent accepts
      // (the SDK sees success) and queues on disk.
      await gateway.sampler.kill();
      phase = 'sampler down';
      await sendBatch(100);
      await sendBatch(100);
      // Prove the backlog is on disk, not in memory: kill the agent too, then bring both back on their ports.
      await gateway.agent.kill();
      const sampler = await startCollector({
        name: 'sampler (restarted)',
        config: { yaml: samplerConfig(gateway.sink) },
        env: gateway.samplerEnv,
        ports: gateway.sampler.ports,
      });
      running.push({ stop: () => sampler.stop() });
      const agent = await startCollector({
        name: 'agent (restarted)',
        config: { yaml: agentConfig(sampler.otlpGrpcEndpoint) },
        env: gateway.agentEnv,
        ports: gateway.agent.ports,
      });
      running.push({ stop: () => agent.stop() });

      // Phase 3: traffic after the restart, through the same SDK exporter (same endpoint).
      phase = 'after restart';
      await sendBatch(100);
      await traffic.shutdown();

      const spans = await settled(gateway.sink, 3_000, 120_000, spanTotal());
      const delivered = new Map<string, number>();
      for (const span of spans) delivered.set(span.spanId, (delivered.get(span.spanId) ?? 0) + 1);
      const expected = sent.flatMap((t) => t.spanIds);
      const missing = expected.filter((id) => !delivered.has(id));
      const duplicated = [...delivered].filter(([, n]) => n > 1).map(([id]) => id);
      const missingByPhase: Record<string, number> = {};
      for (const id of missing) missingByPhase[phaseOf.get(id)!] = (missingByPhase[phaseOf.get(id)!] ?? 0) + 1;
      expect(
        { missing: missing.length, duplicated: duplicated.length, extra: delivered.size - expected.length },
        `missing by phase: ${JSON.stringify(missingByPhase)}`,
      ).toEqual({
        missing: 0,
        duplicated: 0,
        extra: 0,
      });
    },
    240_000,
  );

  it(
    'under continuous load, a SIGKILLed sampler loses at most the traces it held undecided, and duplicates none',
    async () => {
      await requireComponents(['otlp', 'memory_limiter', 'tail_sampling', 'batch', 'file_storage', 'health_check', 'file']);
      const decisionWaitMs = 2_000;
      const gateway = await startGateway({ KENSA_TAIL_DECISION_WAIT: `${decisionWaitMs}ms`, KENSA_SAMPLING_BASE_PERCENT: '100' });
      const traffic = new GenAiTraffic({ otlpGrpcEndpoint: gateway.agent.otlpGrpcEndpoint });
      const sentAt = new Map<string, number>();
      const sent: SentTrace[] = [];
      let sending = true;
      // ~100 traces/s, flushed every 100 ms, until told to stop: the kill lands mid-stream.
      const load = (async () => {
        while (sending) {
          for (let i = 0; i < 10; i++) {
            const t = traffic.send('normal');
            sent.push(t);
            sentAt.set(t.traceId, Date.now());
          }
          await traffic.flush();
          await new Promise((r) => setTimeout(r, 100));
        }
      })();

      await new Promise((r) => setTimeout(r, 10_000));
      const killedAt = Date.now();
      await gateway.sampler.kill();
      await new Promise((r) => setTimeout(r, 1_500));
      const sampler = await startCollector({
        name: 'sampler (restarted)',
        config: { yaml: samplerConfig(gateway.sink) },
        env: gateway.samplerEnv,
        ports: gateway.sampler.ports,
      });
      running.push({ stop: () => sampler.stop() });
      await new Promise((r) => setTimeout(r, 3_000));
      sending = false;
      await load;
      await traffic.shutdown();

      // Quiet for longer than the agent's longest retry interval (10 s): its backlog has been delivered.
      const spans = await settled(gateway.sink, 12_000, 120_000);
      const perSpan = new Map<string, number>();
      for (const span of spans) perSpan.set(span.spanId, (perSpan.get(span.spanId) ?? 0) + 1);
      expect([...perSpan.values()].filter((n) => n > 1)).toEqual([]);

      // What the sampler held undecided at the kill: traces it received within decision_wait (+ one 1 s
      // decision tick and the SDK/agent hop; measured up to 3.9 s in all here) before it. Anything sent earlier was decided and exported;
      // anything sent later was queued by the agent and delivered after the restart.
      const windowStart = killedAt - decisionWaitMs - 4_000;
      const lost = sent.filter((t) => t.spanIds.some((id) => !perSpan.has(id)));
      const outsideWindow = lost.filter((t) => (sentAt.get(t.traceId) ?? 0) < windowStart || (sentAt.get(t.traceId) ?? 0) > killedAt);
      expect(outsideWindow.map((t) => t.traceId), `${lost.length} of ${sent.length} traces lost`).toEqual([]);
      // The window must not cover the run: traces from before it and after the kill were delivered.
      const deliveredBefore = sent.filter((t) => (sentAt.get(t.traceId) ?? 0) < windowStart && !lost.includes(t));
      const deliveredAfter = sent.filter((t) => (sentAt.get(t.traceId) ?? 0) > killedAt && !lost.includes(t));
      expect(deliveredBefore.length).toBeGreaterThan(100);
      expect(deliveredAfter.length).toBeGreaterThan(100);
    },
    240_000,
  );
});
