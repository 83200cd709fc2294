// Writes a gzip'd model-invocation-log object of `count` records in Bedrock's schema, streamed, so the
// generator itself never holds the file. The mix: four operations, base ids, a cross-region and a global
// profile, an application profile, errors, cache tokens, and a few malformed lines per 100k.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';

const ACCOUNT = '123456789012';
const MODELS = [
  { modelId: 'anthropic.claude-3-haiku-20240307-v1:0', operation: 'InvokeModel' },
  { modelId: `arn:aws:bedrock:us-east-1:${ACCOUNT}:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0`, operation: 'Converse', inferenceRegions: ['us-east-1', 'us-west-2', 'us-east-2'] },
  { modelId: 'global.anthropic.claude-sonnet-4-20250514-v1:0', operation: 'ConverseStream', inferenceRegions: ['us-east-1', 'eu-west-1', 'ap-northeast-1'] },
  { modelId: 'amazon.nova-lite-v1:0', operation: 'InvokeModelWithResponseStream' },
  { modelId: `arn:aws:bedrock:us-east-1:${ACCOUNT}:application-inference-profile/mangaprod01`, operation: 'Converse' },
];

export async function generate(path, count, hourMs) {
  const gzip = createGzip({ level: 1 });
  const out = createWriteStream(path);
  gzip.pipe(out);
  let buffered = [];
  for (let i = 0; i < count; i += 1) {
    const model = MODELS[i % MODELS.length];
    const input = 200 + (i % 997);
    const output = 20 + (i % 211);
    const record = {
      schemaType: 'ModelInvocationLog',
      schemaVersion: '1.0',
      timestamp: new Date(hourMs + Math.floor((i / count) * 3_600_000)).toISOString(),
      accountId: ACCOUNT,
      identity: { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/MangaAssistTask/task-${i % 50}` },
      region: 'us-east-1',
      requestId: `0b0e${i.toString(16).padStart(8, '0')}-5c1e-4a5b-9d7e-3f2a1b4c5d6e`,
      operation: model.operation,
      modelId: model.modelId,
      input: {
        inputContentType: 'application/json',
        inputBodyJson: { messages: [{ role: 'user', content: [{ text: `Recommend a manga like title ${i % 1000}` }] }], inferenceConfig: { maxTokens: 512 } },
        inputTokenCount: input,
        ...(i % 7 === 0 ? { cacheReadInputTokenCount: 1024, cacheWriteInputTokenCount: 0 } : {}),
      },
      ...(model.inferenceRegions ? { inferenceRegion: model.inferenceRegions[i % model.inferenceRegions.length] } : {}),
    };
    if (i % 97 === 0) record.errorCode = 'ThrottlingException';
    else record.output = { outputContentType: 'application/json', outputBodyJson: { output: { message: { role: 'assistant', content: [{ text: 'Try Vinland Saga.' }] } }, stopReason: 'end_turn' }, outputTokenCount: output };
    buffered.push(i % 50_000 === 49_999 ? '{"schemaType":"ModelInvocationLog", truncated' : JSON.stringify(record));
    if (buffered.length === 2000) {
      if (!gzip.write(buffered.join('\n') + '\n')) await once(gzip, 'drain');
      buffered = [];
    }
  }
  if (buffered.length > 0) gzip.write(buffered.join('\n') + '\n');
  gzip.end();
  await once(out, 'finish');
}
