import { setTimeout as sleep } from 'node:timers/promises';
import { context, propagation } from '@opentelemetry/api';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CorrelationSpanProcessor,
  createKensaLogRecordProcessors,
  withIncomingRequestContext,
  withRequestContext,
} from '../src/index';
import { harness, installGlobals, type Harness } from './helpers';

let h: Harness;
beforeAll(installGlobals);
beforeEach(() => {
  h = harness(() => [new CorrelationSpanProcessor()]);
});

describe('withRequestContext', () => {
  it('puts the ids on every span of the request, including gen_ai.conversation.id and a numeric turn', async () => {
    const result = await withRequestContext({ sessionId: 's-1', userId: 'u-1', requestId: 'r-1', turn: 3 }, async () => {
      await h.tracer.startActiveSpan('root', async (root) => {
        await sleep(1);
        h.tracer.startSpan('child').end();
        root.end();
      });
      return 42;
    });
    expect(result).toBe(42);
    for (const name of ['root', 'child']) {
      expect(h.span(name).attributes).toMatchObject({
        'session.id': 's-1',
        'user.id': 'u-1',
        'kensa.request.id': 'r-1',
        'kensa.conversation.turn': 3,
        'gen_ai.conversation.id': 's-1',
      });
    }
  });

  it('keeps interleaved concurrent requests apart across awaits, timers and async iterators', async () => {
    async function* stream(n: number) {
      for (let i = 0; i < n; i++) {
        await sleep(Math.random() * 3);
        yield i;
      }
    }
    const requests = Array.from({ length: 20 }, (_, i) =>
      withRequestContext({ sessionId: `s-${i}`, userId: `u-${i % 3}`, requestId: `r-${i}`, turn: i }, async () => {
        await sleep(Math.random() * 5);
        const span = h.tracer.startSpan(`req-${i}`);
        for await (const chunk of stream(4)) {
          // Callbacks scheduled from inside the stream still see their own request.
          await new Promise<void>((resolve) =>
            setImmediate(() => {
              h.tracer.startSpan(`req-${i}-chunk-${chunk}`).end();
              resolve();
            }),
          );
        }
        span.end();
      }),
    );
    await Promise.all(requests);
    const spans = h.spans();
    expect(spans).toHaveLength(20 * 5);
    for (const s of spans) {
      const i = Number(/^req-(\d+)/.exec(s.name)![1]);
      expect(s.attributes['kensa.request.id'], s.name).toBe(`r-${i}`);
      expect(s.attributes['session.id'], s.name).toBe(`s-${i}`);
      expect(s.attributes['kensa.conversation.turn'], s.name).toBe(i);
    }
  });

  it('does not copy ids that arrived in incoming baggage headers unless they are allowed', () => {
    const incoming = propagation.extract(context.active(), {
      baggage: 'session.id=forged;kensa,user.id=admin,tenant=acme',
    });
    context.with(incoming, () => h.tracer.startSpan('untrusted').end());
    const untrusted = h.span('untrusted').attributes;
    expect(untrusted['session.id']).toBeUndefined();
    expect(untrusted['user.id']).toBeUndefined();

    const allowing = harness(() => [new CorrelationSpanProcessor({ allowUntrustedKeys: ['tenant'] })]);
    context.with(incoming, () => allowing.tracer.startSpan('allowed').end());
    expect(allowing.span('allowed').attributes).toMatchObject({ tenant: 'acme' });
    expect(allowing.span('allowed').attributes['user.id']).toBeUndefined();
  });

  it('lets the application id win over a forged incoming one', () => {
    const incoming = propagation.extract(context.active(), { baggage: 'session.id=forged' });
    context.with(incoming, () => withRequestContext({ sessionId: 'real' }, () => h.tracer.startSpan('s').end()));
    expect(h.span('s').attributes['session.id']).toBe('real');
  });

  it('only copies the configured keys', () => {
    const only = harness(() => [new CorrelationSpanProcessor({ keys: ['kensa.request.id'], sessionAsConversationId: false })]);
    withRequestContext({ sessionId: 's', requestId: 'r' }, () => only.tracer.startSpan('s').end());
    expect(only.span('s').attributes).toEqual({ 'kensa.request.id': 'r' });
  });

  it('never throws on bad ids: bad ones are left out and the function still runs', () => {
    const bad = { sessionId: 7, userId: '', requestId: 'x'.repeat(1000), turn: -1 } as never;
    const out = withRequestContext(bad, (a: number, b: number) => {
      h.tracer.startSpan('bad').end();
      return a + b;
    }, 1, 2);
    expect(out).toBe(3);
    const a = h.span('bad').attributes;
    expect(a['session.id']).toBeUndefined();
    expect(a['user.id']).toBeUndefined();
    expect(a['kensa.conversation.turn']).toBeUndefined();
    expect(String(a['kensa.request.id'])).toHaveLength(256);
  });

  it('propagates the ids downstream in the baggage header, marked as ours', () => {
    const carrier: Record<string, string> = {};
    withRequestContext({ sessionId: 's-9' }, () => propagation.inject(context.active(), carrier));
    expect(carrier['baggage']).toBe('session.id=s-9;kensa');
  });
});

describe('withIncomingRequestContext', () => {
  const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

  it('continues the caller trace, takes the request id from our edge header, and trusts only its own ids', () => {
    const headers = { traceparent, 'X-Request-Id': 'apigw-123', baggage: 'user.id=forged' };
    withIncomingRequestContext(headers, { sessionId: 's', userId: 'u' }, () => h.tracer.startSpan('entry').end());
    const span = h.span('entry');
    expect(span.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(span.parentSpanContext?.isRemote).toBe(true);
    expect(span.attributes).toMatchObject({ 'kensa.request.id': 'apigw-123', 'session.id': 's', 'user.id': 'u' });
  });

  it('generates a request id when there is none, and returns the function result', () => {
    const out = withIncomingRequestContext(undefined, {}, () => {
      h.tracer.startSpan('gen').end();
      return 'ok';
    });
    expect(out).toBe('ok');
    expect(String(h.span('gen').attributes['kensa.request.id'])).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('ignores header values that are not plain tokens', () => {
    withIncomingRequestContext({ 'x-request-id': 'bad value\n' }, {}, () => h.tracer.startSpan('x').end());
    expect(h.span('x').attributes['kensa.request.id']).not.toBe('bad value\n');
  });
});

describe('log records', () => {
  /** A logger with Kensa's log processors in front of an in-memory exporter. */
  function logPipeline() {
    const exporter = new InMemoryLogRecordExporter();
    const provider = new LoggerProvider({
      processors: [...createKensaLogRecordProcessors(), new SimpleLogRecordProcessor({ exporter })],
    });
    return { exporter, logger: provider.getLogger('test') };
  }

  it('carry the same trusted ids', () => {
    const { exporter, logger } = logPipeline();
    const incoming = propagation.extract(context.active(), { baggage: 'user.id=forged' });
    context.with(incoming, () => {
      withRequestContext({ sessionId: 's-2', requestId: 'r-2', turn: 1 }, () => logger.emit({ body: 'inside' }));
      logger.emit({ body: 'outside' });
    });
    const [inside, outside] = exporter.getFinishedLogRecords();
    expect(inside!.attributes).toMatchObject({ 'session.id': 's-2', 'kensa.request.id': 'r-2', 'kensa.conversation.turn': 1, 'gen_ai.conversation.id': 's-2' });
    expect(outside!.attributes['user.id']).toBeUndefined();
  });

  it("carry exactly the correlation attributes of the request's spans, and nothing of untrusted baggage", () => {
    const { exporter, logger } = logPipeline();
    const incoming = propagation.extract(context.active(), { baggage: 'user.id=forged,other=x' });
    context.with(incoming, () =>
      withRequestContext({ sessionId: 's-3', userId: 'u-3', requestId: 'r-3', turn: 7 }, () => {
        h.tracer.startSpan('span').end();
        logger.emit({ body: 'record', attributes: { own: 'kept' } });
        logger.emit({ body: 'second record of the request' });
      }),
    );
    const [first, second] = exporter.getFinishedLogRecords();
    const { own, ...correlation } = first!.attributes;
    expect(own).toBe('kept');
    expect(correlation).toEqual(h.span('span').attributes);
    expect(correlation).toEqual({
      'session.id': 's-3',
      'user.id': 'u-3',
      'kensa.request.id': 'r-3',
      'kensa.conversation.turn': 7,
      'gen_ai.conversation.id': 's-3',
    });
    expect(second!.attributes).toEqual(correlation);
  });

  it("narrow a request's baggage once for its spans and its log records together", () => {
    const { exporter, logger } = logPipeline();
    let reads = 0;
    withRequestContext({ sessionId: 's-4', requestId: 'r-4' }, () => {
      // Count the baggage reads of the one filtering pass the request gets.
      const baggage = propagation.getBaggage(context.active())!;
      const getEntry = baggage.getEntry.bind(baggage);
      baggage.getEntry = (key) => {
        reads++;
        return getEntry(key);
      };
      h.tracer.startSpan('span').end();
      logger.emit({ body: 'record' });
      logger.emit({ body: 'second record' });
    });
    expect(exporter.getFinishedLogRecords()[0]!.attributes['session.id']).toBe('s-4');
    expect(h.span('span').attributes['session.id']).toBe('s-4');
    // One read per configured key (session, user, request, turn, conversation), for spans and logs alike.
    expect(reads).toBeGreaterThan(0);
    expect(reads).toBeLessThanOrEqual(5);
  });

  it('can be turned off', () => {
    expect(createKensaLogRecordProcessors({ correlation: false })).toEqual([]);
  });
});
