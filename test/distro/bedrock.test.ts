import { startBedrockServer, type BedrockServer } from '@kensa/test-servers';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureBuilt, killAll, runApp } from '../../packages/node/test/support/childProcess';

/**
 * The distro end to end with the Kensa instrumentation and processors: an unmodified app calling
 * Bedrock (a local server speaking its wire protocol) under `--require @kensa/node/register`.
 */
let bedrock: BedrockServer;
let dir: string;

beforeAll(() => ensureBuilt(), 300_000);
beforeEach(async () => {
  bedrock = await startBedrockServer();
  dir = mkdtempSync(join(tmpdir(), 'kensa-distro-'));
});
afterEach(async () => {
  killAll();
  await bedrock.close();
  rmSync(dir, { recursive: true, force: true });
});
afterAll(() => killAll());

interface FileSpan {
  name: string;
  traceId: string;
  scope: string;
  attributes: Record<string, unknown>;
}

function spans(): FileSpan[] {
  const file = join(dir, 'traces.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => JSON.parse(line).resourceSpans)
    .flatMap((rs: any) => rs.scopeSpans)
    .flatMap((ss: any) =>
      ss.spans.map((s: any) => ({
        name: s.name,
        traceId: s.traceId,
        scope: ss.scope.name,
        attributes: Object.fromEntries(s.attributes.map((a: any) => [a.key, Object.values(a.value)[0]])),
      })),
    );
}

async function chatTurn(extraEnv: Record<string, string> = {}) {
  const fixture = join(__dirname, 'fixtures', 'bedrock-app.cjs');
  const app = runApp(fixture, {
    flag: '--require',
    env: { KENSA_EXPORT_DIR: dir, OTEL_SERVICE_NAME: 'manga-assist', FIXTURE_BEDROCK_ENDPOINT: bedrock.url, ...extraEnv },
  });
  const done = await app.message<{ traceId: string; text: string; streamed: string }>((m) => 'done' in m);
  const exit = await app.exited;
  return { done, exit, stderr: app.stderr() };
}

describe('@kensa/node with Bedrock', () => {
  it('records one GenAI span per Bedrock call, in the app trace, without prompt text by default', async () => {
    const { done, exit, stderr } = await chatTurn();
    expect(exit.code).toBe(0);
    expect(done.text.length).toBeGreaterThan(0);
    expect(done.streamed.length).toBeGreaterThan(0);
    // Nothing from the distro or the instrumentations (the AWS SDK's own Node 20 notice aside).
    expect(stderr).not.toMatch(/kensa|@opentelemetry|@kensa|\bat \w/);

    const all = spans();
    const genAi = all.filter((s) => s.attributes['gen_ai.operation.name'] === 'chat');
    expect(genAi).toHaveLength(2);
    for (const s of genAi) {
      expect(s.scope).toBe('@kensa/instrumentation-bedrock');
      expect(s.traceId).toBe(done.traceId);
      expect(s.attributes).toMatchObject({ 'gen_ai.provider.name': 'aws.bedrock', 'gen_ai.request.model': 'us.anthropic.claude-3-haiku-20240307-v1:0' });
      expect(s.attributes['gen_ai.usage.output_tokens']).toEqual(expect.anything());
      expect(s.attributes['gen_ai.input.messages']).toBeUndefined();
      expect(s.attributes['gen_ai.output.messages']).toBeUndefined();
    }
    // The generic AWS SDK instrumentation stays out of Bedrock calls: no second span for them.
    expect(all.filter((s) => s.scope === '@opentelemetry/instrumentation-aws-sdk')).toEqual([]);
    expect(JSON.stringify(all)).not.toContain('Frieren');
  });

  it('records message content only when OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true', async () => {
    const { exit } = await chatTurn({ OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true' });
    expect(exit.code).toBe(0);
    const converse = spans().find((s) => s.attributes['gen_ai.operation.name'] === 'chat');
    expect(String(converse?.attributes['gen_ai.input.messages'])).toContain('Frieren');
  });
});
