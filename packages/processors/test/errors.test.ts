import { SpanStatusCode } from '@opentelemetry/api';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_ERROR_PATTERNS,
  ErrorPatternProcessor,
  buildAssistantQuestion,
  getErrorPattern,
  matchErrorPattern,
  readProcessorsConfig,
} from '../src/index';
import { collectPoints, harness, installGlobals } from './helpers';

beforeAll(installGlobals);

const bedrock = { 'gen_ai.provider.name': 'aws.bedrock', 'rpc.service': 'BedrockRuntime', 'rpc.method': 'InvokeModel' };

describe('matchErrorPattern', () => {
  it.each([
    ['EP-001', { errorType: 'ThrottlingException', messages: ['Rate exceeded'], attributes: bedrock }, 0.95],
    ['EP-001', { messages: ['Too many requests, please wait before trying again.'] }, 0.85],
    ['EP-002', { errorType: 'ModelTimeoutException', attributes: bedrock }, 0.95],
    ['EP-002', { errorType: 'TimeoutError', messages: ['socket hang up'], attributes: bedrock }, 0.9],
    ['EP-003', { errorType: 'ValidationException', messages: ['Input is too long for requested model.'], attributes: bedrock }, 0.9],
    ['EP-004', { errorType: 'ResponseError', messages: ['index_not_found_exception: no such index [manga]'], attributes: { 'db.system.name': 'opensearch' } }, 0.9],
    ['EP-004', { errorType: 'TimeoutError', messages: ['Request timed out'], attributes: { 'db.system.name': 'opensearch' } }, 0.9],
    ['EP-005', { errorType: 'AccessDeniedException', messages: ['The request was blocked by content policy'], attributes: bedrock }, 0.9],
    ['EP-006', { errorType: 'ConditionalCheckFailedException', messages: ['The conditional request failed'], attributes: { 'rpc.service': 'DynamoDB' } }, 0.95],
    ['EP-006', { errorType: 'ValidationException', messages: ['Item size has exceeded the maximum allowed size'], attributes: { 'rpc.service': 'DynamoDB' } }, 0.9],
    ['EP-007', { errorType: 'ECONNREFUSED', messages: ['connect ECONNREFUSED 10.0.0.5:6379'], attributes: { 'db.system.name': 'redis' } }, 0.9],
    ['EP-007', { errorType: 'ReplyError', messages: ['CLUSTERDOWN The cluster is down'], attributes: { 'db.system': 'redis' } }, 0.9],
    ['EP-008', { errorType: 'CredentialsProviderError', messages: ['Could not load credentials from any providers'] }, 0.95],
    ['EP-008', { errorType: 'AccessDeniedException', messages: ['User is not authorized to perform: dynamodb:GetItem'], attributes: { 'rpc.service': 'DynamoDB' } }, 0.95],
    ['EP-009', { errorType: 'AccessDeniedException', messages: ["You don't have access to the model with the specified model ID."], attributes: bedrock }, 0.95],
    ['EP-010', { errorType: 'GoneException', attributes: { 'rpc.method': 'PostToConnection' } }, 0.95],
    // What ioredis and node-redis really throw when the server goes away (seen against redis-server).
    ['EP-007', { exceptionTypes: ['Error'], messages: ['Command timed out'], attributes: { 'db.system': 'redis' } }, 0.85],
    ['EP-007', { exceptionTypes: ['Error'], messages: ["Stream isn't writeable and enableOfflineQueue options is false"], attributes: { 'db.system': 'redis' } }, 0.85],
    ['EP-007', { exceptionTypes: ['SocketClosedUnexpectedlyError'], messages: ['Socket closed unexpectedly'], attributes: { 'db.system.name': 'redis' } }, 0.85],
    ['EP-007', { exceptionTypes: ['ClientClosedError'], messages: ['The client is closed'], attributes: { 'db.system.name': 'redis' } }, 0.85],
  ])('%s from %j', (id, input, confidence) => {
    const m = matchErrorPattern(input);
    expect(m.id).toBe(id);
    expect(m.confidence).toBe(confidence);
  });

  it('says UNKNOWN, with no confidence, for errors it does not know', () => {
    expect(matchErrorPattern({ errorType: 'TypeError', messages: ["Cannot read properties of undefined (reading 'x')"] })).toMatchObject({ id: 'UNKNOWN', confidence: 0 });
    expect(matchErrorPattern({})).toMatchObject({ id: 'UNKNOWN', confidence: 0 });
    // A weak code alone (ValidationException with an unrelated message, no service context) is not a guess.
    expect(matchErrorPattern({ errorType: 'ValidationException', messages: ['1 validation error detected'] }).id).toBe('UNKNOWN');
  });

  it('never explains a call to one service with a pattern written for another', () => {
    // "timed out" is an EP-002 keyword, but a Redis, OpenSearch or DynamoDB timeout is not a Bedrock timeout.
    expect(matchErrorPattern({ messages: ['Command timed out'], attributes: { 'db.system': 'redis' } }).id).toBe('EP-007');
    expect(matchErrorPattern({ errorType: 'TimeoutError', messages: ['Request timed out'], attributes: { 'db.system.name': 'opensearch' } }).id).toBe('EP-004');
    expect(matchErrorPattern({ messages: ['Connection timed out'], attributes: { 'rpc.service': 'DynamoDB' } }).id).toBe('UNKNOWN');
    expect(matchErrorPattern({ errorType: 'ThrottlingException', messages: ['Rate exceeded'], attributes: { 'rpc.service': 'SQS' } }).id).toBe('UNKNOWN');
    // Patterns without a context (credentials) apply to every service; with no service named, words decide.
    expect(matchErrorPattern({ errorType: 'CredentialsProviderError', attributes: { 'db.system': 'redis' } }).id).toBe('EP-008');
    expect(matchErrorPattern({ messages: ['read timeout after 60s'] }).id).toBe('EP-002');
  });

  it('lowers the confidence when two patterns fit equally well', () => {
    // A generic ETIMEDOUT that mentions both a model and a cache, with no span context to tell them apart.
    const m = matchErrorPattern({ errorType: 'ETIMEDOUT', messages: ['read timeout; redis connection lost'] });
    expect(m.confidence).toBeLessThanOrEqual(0.5);
  });

  it('scans only the start of a huge message and never uses regular expressions', () => {
    const m = matchErrorPattern({ messages: ['a'.repeat(1_000_000) + ' rate exceeded'] });
    expect(m.id).toBe('UNKNOWN');
  });

  it('uses user patterns before the catalogue', () => {
    const { config, problems } = readProcessorsConfig({
      error_patterns: [
        { id: 'EP-101', name: 'Embedding dimension mismatch', category: 'vector_search', transient: false, severity: 'high', message_keywords: ['invalid dimension'], remediation: 'Re-embed with the index model.' },
      ],
    });
    expect(problems).toEqual([]);
    const patterns = (config.errorPattern as { patterns: typeof DEFAULT_ERROR_PATTERNS[number][] }).patterns;
    const processor = new ErrorPatternProcessor({ patterns });
    expect(processor.patterns.map((p) => p.id)).toEqual(['EP-101', ...DEFAULT_ERROR_PATTERNS.map((p) => p.id)]);
    expect(matchErrorPattern({ messages: ['Query vector has invalid dimension 768'] }, processor.patterns).id).toBe('EP-101');
  });
});

describe('catalogue', () => {
  it('ships EP-001 … EP-010 with everything the CLI shows', () => {
    expect(DEFAULT_ERROR_PATTERNS.map((p) => p.id)).toEqual(Array.from({ length: 10 }, (_, i) => `EP-${String(i + 1).padStart(3, '0')}`));
    for (const p of DEFAULT_ERROR_PATTERNS) {
      expect(p.rootCause.length, p.id).toBeGreaterThan(10);
      expect(p.remediationSteps.length, p.id).toBeGreaterThan(1);
    }
    expect(getErrorPattern('EP-009')?.name).toBe('Model access not enabled');
    expect(getErrorPattern('EP-999')).toBeUndefined();
  });

  it('builds a ready-to-paste assistant question from the pattern and the span context', () => {
    const q = buildAssistantQuestion(getErrorPattern('EP-001')!, {
      spanName: 'chat anthropic.claude-3-sonnet',
      errorType: 'ThrottlingException',
      errorMessage: 'Rate exceeded',
      service: 'BedrockRuntime',
      operation: 'InvokeModel',
      model: 'anthropic.claude-3-sonnet-20240229-v1:0',
      region: 'ap-northeast-1',
      traceId: '1-5f84c7a3-0af7651916cd43dd8448eb21',
      durationMs: 2100.4,
      recentCount: 42,
      trend: 'increasing',
    });
    expect(q).toContain('failed with ThrottlingException with the message "Rate exceeded" after 2100 ms (trace 1-5f84c7a3-0af7651916cd43dd8448eb21)');
    expect(q).toContain('BedrockRuntime.InvokeModel, model anthropic.claude-3-sonnet-20240229-v1:0, region ap-northeast-1');
    expect(q).toContain('EP-001 "Bedrock throttling"');
    expect(q).toContain('It happened 42 times recently and is increasing.');
    expect(q).toContain('1. Retry with exponential backoff');
    expect(q.trim().endsWith('?')).toBe(true);
  });

  it('rejects malformed patterns with messages that name the key', () => {
    const { problems } = readProcessorsConfig({
      error_patterns: [{ id: 'X', name: 'n', category: 'c', transient: 'yes', message_keywords: ['x'.repeat(500)], remediation: 'r' }, 'nope'],
    });
    expect(problems).toEqual([
      'error_patterns[0].transient must be true or false; the pattern was ignored',
      'error_patterns[0].message_keywords has an entry longer than 200 characters; the pattern was ignored',
      'error_patterns[1] must be an object; the pattern was ignored',
    ]);
  });
});

describe('ErrorPatternProcessor', () => {
  it('sets the pattern on failed spans from exception events and status, and counts it', async () => {
    const h = harness((mp) => [new ErrorPatternProcessor({ meterProvider: mp })]);
    const span = h.tracer.startSpan('chat claude', { attributes: bedrock });
    const error = Object.assign(new Error("You don't have access to the model with the specified model ID."), { name: 'AccessDeniedException' });
    span.recordException(error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    span.end();
    expect(h.span('chat claude').attributes).toMatchObject({
      'kensa.error.pattern.id': 'EP-009',
      'kensa.error.pattern.name': 'Model access not enabled',
      'kensa.error.pattern.category': 'model_access',
      'kensa.error.pattern.transient': false,
      'kensa.error.pattern.severity': 'critical',
      'kensa.error.pattern.confidence': 0.95,
    });
    expect(String(h.span('chat claude').attributes['kensa.error.pattern.remediation'])).toContain('Enable model access');
    const counts = await collectPoints(h, 'kensa.error.pattern.count');
    expect(counts.map((p) => [p.attributes, p.value])).toEqual([[{ 'kensa.error.pattern.id': 'EP-009', 'kensa.error.pattern.category': 'model_access' }, 1]]);
  });

  it('caches matches by the attributes that name the service, whatever the catalogue', () => {
    // A catalogue whose contexts never mention db.system: the service check still reads it.
    const plain = DEFAULT_ERROR_PATTERNS.map((p) => ({ ...p, context: [], contextRequired: false }));
    const bedrockOnly = { ...plain[0]!, id: 'EP-201', errorCodes: [], weakCodes: [], messageKeywords: ['quota drift'], context: [{ attribute: 'gen_ai.provider.name', equals: ['aws.bedrock'] }] };
    const processor = new ErrorPatternProcessor({ patterns: [bedrockOnly, ...plain] });
    const failure = (attributes: Record<string, string>) => ({ attributes, status: { code: SpanStatusCode.ERROR, message: 'quota drift' }, events: [] });
    expect(processor.matchSpan(failure({})).id).toBe('EP-201');
    expect(processor.matchSpan(failure({ 'db.system': 'redis' })).id).toBe('UNKNOWN');
  });

  it('lowers the confidence of a pattern marked false positive more than the threshold, and says why', () => {
    const throttled = (h: ReturnType<typeof harness>, name: string) => {
      const span = h.tracer.startSpan(name, { attributes: { ...bedrock, 'error.type': 'ThrottlingException' } });
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'Rate exceeded' });
      span.end();
      return h.span(name).attributes;
    };
    const atThreshold = harness(() => [new ErrorPatternProcessor({ falsePositiveMarks: { 'EP-001': 3 } })]);
    const three = throttled(atThreshold, 'three marks');
    expect(three).toMatchObject({ 'kensa.error.pattern.id': 'EP-001', 'kensa.error.pattern.confidence': 0.95 });
    expect(three['kensa.error.pattern.false_positive_marks']).toBeUndefined();

    const above = harness(() => [new ErrorPatternProcessor({ falsePositiveMarks: { 'EP-001': 4, 'EP-009': 9 } })]);
    for (const name of ['first', 'cached']) {
      // The second span takes the cached match: it must carry the lowered confidence too.
      const attributes = throttled(above, name);
      expect(attributes).toMatchObject({
        'kensa.error.pattern.id': 'EP-001',
        'kensa.error.pattern.confidence': 0.3,
        'kensa.error.pattern.false_positive_marks': 4,
      });
      expect(String(attributes['kensa.error.pattern.remediation'])).toContain('backoff');
    }

    // A stricter threshold, and marks on another pattern leave this one alone.
    const strict = harness(() => [new ErrorPatternProcessor({ falsePositiveMarks: { 'EP-001': 1 }, falsePositiveThreshold: 0 })]);
    expect(throttled(strict, 'strict')['kensa.error.pattern.confidence']).toBe(0.3);
    const other = harness(() => [new ErrorPatternProcessor({ falsePositiveMarks: { 'EP-009': 9 } })]);
    expect(throttled(other, 'other')['kensa.error.pattern.confidence']).toBe(0.95);
  });

  it('never gives UNKNOWN marks or a confidence', () => {
    const h = harness(() => [new ErrorPatternProcessor({ falsePositiveMarks: { UNKNOWN: 10 } })]);
    const odd = h.tracer.startSpan('odd');
    odd.setStatus({ code: SpanStatusCode.ERROR, message: 'something strange' });
    odd.end();
    expect(h.span('odd').attributes).toMatchObject({ 'kensa.error.pattern.id': 'UNKNOWN', 'kensa.error.pattern.confidence': 0 });
    expect(h.span('odd').attributes['kensa.error.pattern.false_positive_marks']).toBeUndefined();
  });

  it('matches on error.type alone and marks unknown failures UNKNOWN', () => {
    const h = harness(() => [new ErrorPatternProcessor()]);
    h.tracer.startSpan('post', { attributes: { 'error.type': 'GoneException', 'rpc.method': 'PostToConnection' } }).end();
    const odd = h.tracer.startSpan('odd');
    odd.setStatus({ code: SpanStatusCode.ERROR, message: 'something strange' });
    odd.end();
    h.tracer.startSpan('fine').end();
    expect(h.span('post').attributes['kensa.error.pattern.id']).toBe('EP-010');
    expect(h.span('odd').attributes).toMatchObject({ 'kensa.error.pattern.id': 'UNKNOWN', 'kensa.error.pattern.confidence': 0 });
    expect(h.span('odd').attributes['kensa.error.pattern.category']).toBeUndefined();
    expect(h.span('fine').attributes['kensa.error.pattern.id']).toBeUndefined();
  });

  it('matches repeated failures the same way, and tells the same error apart by the service it came from', async () => {
    const h = harness((mp) => [new ErrorPatternProcessor({ meterProvider: mp })]);
    const fail = (name: string, attributes: Record<string, string>, message: string) => {
      const span = h.tracer.startSpan(name, { attributes: { ...attributes, 'error.type': 'AccessDeniedException' } });
      span.setStatus({ code: SpanStatusCode.ERROR, message });
      span.end();
    };
    const noAccess = "You don't have access to the model with the specified model ID.";
    for (let i = 0; i < 3; i++) fail(`bedrock-${i}`, bedrock, noAccess);
    fail('dynamo', { 'rpc.service': 'DynamoDB' }, noAccess);
    fail('bedrock-content', bedrock, 'The request was blocked by content policy');
    for (let i = 0; i < 3; i++) expect(h.span(`bedrock-${i}`).attributes['kensa.error.pattern.id']).toBe('EP-009');
    expect(h.span('dynamo').attributes['kensa.error.pattern.id']).toBe('EP-008');
    expect(h.span('bedrock-content').attributes['kensa.error.pattern.id']).toBe('EP-005');
    const counts = await collectPoints(h, 'kensa.error.pattern.count');
    expect(Object.fromEntries(counts.map((p) => [p.attributes['kensa.error.pattern.id'], p.value]))).toEqual({ 'EP-009': 3, 'EP-008': 1, 'EP-005': 1 });
  });

  it('reports an increasing, then decreasing trend over sliding windows, also as a gauge', async () => {
    let now = 1_000_000;
    let ep!: ErrorPatternProcessor;
    const h = harness((mp) => [(ep = new ErrorPatternProcessor({ meterProvider: mp, trendWindowMs: 60_000, now: () => now }))]);
    const fail = (n: number) => {
      for (let i = 0; i < n; i++) h.tracer.startSpan('x', { attributes: { 'error.type': 'ThrottlingException' } }).end();
    };
    fail(2);
    now += 60_000;
    fail(10);
    expect(ep.trend('EP-001')).toEqual({ current: 10, previous: 2, trend: 'increasing' });
    const gauge = await collectPoints(h, 'kensa.error.pattern.trend');
    expect(gauge.map((p) => [p.attributes, p.value])).toEqual([[{ 'kensa.error.pattern.id': 'EP-001', 'kensa.error.pattern.category': 'throttling' }, 1]]);
    now += 60_000;
    fail(1);
    expect(ep.trend('EP-001')).toEqual({ current: 1, previous: 10, trend: 'decreasing' });
    now += 60_000;
    fail(1);
    expect(ep.trend('EP-001')).toEqual({ current: 1, previous: 1, trend: 'stable' });
    now += 10 * 60_000;
    expect(ep.trend('EP-001')).toEqual({ current: 0, previous: 0, trend: 'stable' });
  });
});
