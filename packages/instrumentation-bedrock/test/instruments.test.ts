import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { Instruments, type CallShape } from '../src/Instruments';

const shape: CallShape = {
  operation: 'chat',
  requestModel: 'us.anthropic.claude-3-5-haiku-20241022-v1:0',
  responseModel: undefined,
  errorType: undefined,
  serverAddress: 'bedrock-runtime.us-east-1.amazonaws.com',
  serverPort: 443,
};

describe('Instruments.attributesFor', () => {
  const instruments = () => new Instruments(new MeterProvider().getMeter('test'));

  it('builds the GenAI metric attributes of a call, with the token type on the token sets', () => {
    const sets = instruments().attributesFor(shape);
    expect(sets.call).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'aws.bedrock',
      'gen_ai.request.model': 'us.anthropic.claude-3-5-haiku-20241022-v1:0',
      'server.address': 'bedrock-runtime.us-east-1.amazonaws.com',
      'server.port': 443,
    });
    expect(sets.inputTokens).toEqual({ ...sets.call, 'gen_ai.token.type': 'input' });
    expect(sets.outputTokens).toEqual({ ...sets.call, 'gen_ai.token.type': 'output' });
    expect(Object.isFrozen(sets.call) && Object.isFrozen(sets.inputTokens) && Object.isFrozen(sets.outputTokens)).toBe(true);
  });

  it('shares one set per shape and tells shapes apart by every field', () => {
    const i = instruments();
    expect(i.attributesFor({ ...shape })).toBe(i.attributesFor({ ...shape }));
    const variants: CallShape[] = [
      { ...shape, operation: 'text_completion' },
      { ...shape, requestModel: 'amazon.nova-lite-v1:0' },
      { ...shape, responseModel: 'claude-3-5-haiku-20241022' },
      { ...shape, errorType: 'ThrottlingException' },
      { ...shape, serverAddress: 'bedrock-runtime.eu-west-1.amazonaws.com' },
      { ...shape, serverPort: undefined },
    ];
    const calls = new Set(variants.map((v) => i.attributesFor(v).call));
    expect(calls.size).toBe(variants.length);
    expect(calls.has(i.attributesFor(shape).call)).toBe(false);
    expect(i.attributesFor(variants[3]!).call['error.type']).toBe('ThrottlingException');
    expect('server.port' in i.attributesFor(variants[5]!).call).toBe(false);
  });

  it('stays bounded when a field varies without end', () => {
    const i = instruments();
    const first = i.attributesFor({ ...shape, errorType: 'E0' });
    for (let n = 1; n <= 1024; n++) i.attributesFor({ ...shape, errorType: `E${n}` });
    const { shapeCount } = i as unknown as { shapeCount: number };
    expect(shapeCount).toBeGreaterThan(0);
    expect(shapeCount).toBeLessThanOrEqual(1024);
    // The set built before the cache was cleared is rebuilt, equal but new.
    const again = i.attributesFor({ ...shape, errorType: 'E0' });
    expect(again).not.toBe(first);
    expect(again.call).toEqual(first.call);
  });
});
