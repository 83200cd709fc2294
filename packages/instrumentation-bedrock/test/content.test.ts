import * as sc from '@kensa/semconv';
import { afterEach, describe, expect, it } from 'vitest';
import { instrumentation, logs, onlySpan, runtimeClient, runtimeSdk } from './setup';

const { ConverseCommand, ConverseStreamCommand, InvokeModelCommand } = runtimeSdk;
const input = {
  modelId: 'amazon.nova-lite-v1:0',
  system: [{ text: 'You are MangaAssist.' }],
  messages: [{ role: 'user' as const, content: [{ text: 'My email is fan@example.com. Recommend a manga.' }] }],
};

afterEach(() => {
  delete process.env[sc.ENV_CAPTURE_MESSAGE_CONTENT];
  instrumentation.setConfig({ streamIdleTimeoutMs: 200 });
});

function contentAttributes(attrs: Record<string, unknown>): string[] {
  return [sc.ATTR_GEN_AI_INPUT_MESSAGES, sc.ATTR_GEN_AI_OUTPUT_MESSAGES, sc.ATTR_GEN_AI_SYSTEM_INSTRUCTIONS].filter((k) => attrs[k] !== undefined);
}

describe('message content', () => {
  it('is not recorded by default, on spans or log records', async () => {
    const client = runtimeClient();
    await client.send(new ConverseCommand(input));
    expect(contentAttributes(onlySpan().attributes)).toEqual([]);
    expect(JSON.stringify(onlySpan().attributes)).not.toContain('fan@example.com');
    expect(logs()[0]?.body).toBeUndefined();
    client.destroy();
  });

  it('is not recorded for values of the variable other than true', async () => {
    process.env[sc.ENV_CAPTURE_MESSAGE_CONTENT] = 'yes';
    instrumentation.setConfig({});
    const client = runtimeClient();
    await client.send(new ConverseCommand(input));
    expect(contentAttributes(onlySpan().attributes)).toEqual([]);
    client.destroy();
  });

  it('is recorded with OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true', async () => {
    process.env[sc.ENV_CAPTURE_MESSAGE_CONTENT] = 'true';
    instrumentation.setConfig({});
    const client = runtimeClient();
    await client.send(new ConverseCommand(input));
    const attrs = onlySpan().attributes;
    expect(contentAttributes(attrs)).toHaveLength(3);
    expect(JSON.parse(attrs[sc.ATTR_GEN_AI_INPUT_MESSAGES] as string)).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'My email is fan@example.com. Recommend a manga.' }] },
    ]);
    expect(attrs[sc.ATTR_GEN_AI_SYSTEM_INSTRUCTIONS]).toContain('MangaAssist');
    expect(attrs[sc.ATTR_GEN_AI_OUTPUT_MESSAGES]).toContain('Frieren');
    const body = logs()[0]?.body as Record<string, string>;
    expect(body[sc.ATTR_GEN_AI_INPUT_MESSAGES]).toContain('Recommend a manga');
    expect(body[sc.ATTR_GEN_AI_OUTPUT_MESSAGES]).toContain('Frieren');
    client.destroy();
  });

  it('the config option overrides the environment', async () => {
    process.env[sc.ENV_CAPTURE_MESSAGE_CONTENT] = 'true';
    instrumentation.setConfig({ captureMessageContent: false });
    const client = runtimeClient();
    await client.send(new ConverseCommand(input));
    expect(contentAttributes(onlySpan().attributes)).toEqual([]);
    client.destroy();
  });

  it('is redacted by the hook and cut to maxContentLength', async () => {
    instrumentation.setConfig({ captureMessageContent: true, maxContentLength: 80, redact: (text) => text.replace(/[\w.]+@[\w.]+/g, '<email>') });
    const client = runtimeClient();
    await client.send(new ConverseCommand(input));
    const attrs = onlySpan().attributes;
    const recorded = attrs[sc.ATTR_GEN_AI_INPUT_MESSAGES] as string;
    expect(recorded).toContain('<email>');
    expect(recorded).not.toContain('fan@example.com');
    expect(recorded.length).toBeLessThanOrEqual(80);
    expect(recorded.endsWith('…')).toBe(true);
    client.destroy();
  });

  it('captures streamed output and InvokeModel prompts', async () => {
    instrumentation.setConfig({ captureMessageContent: true });
    const client = runtimeClient();
    const out = await client.send(new ConverseStreamCommand(input));
    for await (const _ of out.stream ?? []) {
      // drain
    }
    expect(onlySpan().attributes[sc.ATTR_GEN_AI_OUTPUT_MESSAGES]).toContain('Blue Period');

    const { spanExporter } = await import('./setup.js');
    spanExporter.reset();
    await client.send(
      new InvokeModelCommand({
        modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
        body: JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 10, system: 'Be brief.', messages: [{ role: 'user', content: 'Hello there' }] }),
      }),
    );
    const attrs = onlySpan().attributes;
    expect(attrs[sc.ATTR_GEN_AI_INPUT_MESSAGES]).toContain('Hello there');
    expect(attrs[sc.ATTR_GEN_AI_SYSTEM_INSTRUCTIONS]).toContain('Be brief.');
    client.destroy();
  });
});
