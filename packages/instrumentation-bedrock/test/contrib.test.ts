import * as sc from '@kensa/semconv';
import { isWrapped } from '@opentelemetry/instrumentation';
import { describe, expect, it } from 'vitest';
import { agentClient, agentSdk, collectPoints, contrib, instrumentation, metrics, runtimeClient, runtimeSdk, spans } from './setup';

const { ConverseCommand, ConverseStreamCommand, InvokeModelCommand, InvokeModelWithResponseStreamCommand } = runtimeSdk;
const messages = [{ role: 'user' as const, content: [{ text: 'hi' }] }];
const body = new TextEncoder().encode(JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] }));
const claude = 'anthropic.claude-3-haiku-20240307-v1:0';

describe('with @opentelemetry/instrumentation-aws-sdk enabled too (as the distro runs)', () => {
  it('every Bedrock operation yields exactly one span, Kensa’s, and contrib records no Bedrock metrics', async () => {
    const client = runtimeClient();
    await client.send(new InvokeModelCommand({ modelId: claude, body }));
    await client.send(new ConverseCommand({ modelId: claude, messages }));
    const s1 = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: claude, body }));
    for await (const _ of s1.body ?? []) {
      // drain
    }
    const s2 = await client.send(new ConverseStreamCommand({ modelId: claude, messages }));
    for await (const _ of s2.stream ?? []) {
      // drain
    }
    const agent = agentClient();
    await agent.send(new agentSdk.RetrieveCommand({ knowledgeBaseId: 'KB12345678', retrievalQuery: { text: 'q' } }));

    const finished = spans();
    expect(finished.map((s) => s.name)).toEqual([
      `chat ${claude}`,
      `chat ${claude}`,
      `chat ${claude}`,
      `chat ${claude}`,
      'retrieval KB12345678',
    ]);
    expect(new Set(finished.map((s) => s.instrumentationScope.name))).toEqual(new Set(['@kensa/instrumentation-bedrock']));
    const rm = await metrics();
    const contribScope = rm.scopeMetrics.find((s) => s.scope.name === '@opentelemetry/instrumentation-aws-sdk');
    expect((contribScope?.metrics ?? []).reduce((n, m) => n + m.dataPoints.length, 0)).toBe(0);
    client.destroy();
    agent.destroy();
  });

  it('contrib alone throws into the app for a byte-array InvokeModel body; with Kensa the app is unharmed', async () => {
    instrumentation.disable();
    try {
      const bare = runtimeClient();
      // This is the contrib bug the shield exists for: an unguarded JSON.parse of the body, thrown
      // synchronously out of send().
      await expect(Promise.resolve().then(() => bare.send(new InvokeModelCommand({ modelId: claude, body })))).rejects.toBeInstanceOf(SyntaxError);
      bare.destroy();
    } finally {
      instrumentation.enable();
    }
    const client = runtimeClient();
    await expect(client.send(new InvokeModelCommand({ modelId: claude, body }))).resolves.toBeDefined();
    client.destroy();
    await collectPoints();
  });

  it('leaves contrib’s patch of the Smithy base client in place for every other AWS client', () => {
    const base = Object.getPrototypeOf(runtimeSdk.BedrockRuntimeClient.prototype) as { send: unknown };
    expect(isWrapped(base.send)).toBe(true);
    expect(Object.prototype.hasOwnProperty.call(runtimeSdk.BedrockRuntimeClient.prototype, 'send')).toBe(true);
  });

  it('keeps working when contrib is disabled and re-enabled', async () => {
    contrib.disable();
    contrib.enable();
    const client = runtimeClient();
    await client.send(new ConverseCommand({ modelId: claude, messages }));
    expect(spans().filter((s) => s.attributes[sc.ATTR_GEN_AI_OPERATION_NAME] === 'chat')).toHaveLength(1);
    client.destroy();
  });
});
