import { gzipSync } from 'node:zlib';

/** Builders for model-invocation-log records in Bedrock's schema (schemaType ModelInvocationLog, 1.0). */

export const ACCOUNT = '123456789012';
export const ROLE = `arn:aws:sts::${ACCOUNT}:assumed-role/MangaAssistTask`;
export const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
export const SONNET_35 = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
export const SONNET_4 = 'anthropic.claude-sonnet-4-20250514-v1:0';
export const US_SONNET_35_ARN = `arn:aws:bedrock:us-east-1:${ACCOUNT}:inference-profile/us.${SONNET_35}`;
export const GLOBAL_SONNET_4 = `global.${SONNET_4}`;
export const APP_PROFILE_ARN = `arn:aws:bedrock:us-east-1:${ACCOUNT}:application-inference-profile/mangaprod01`;

export type Operation = 'InvokeModel' | 'InvokeModelWithResponseStream' | 'Converse' | 'ConverseStream';

export interface RecordSpec {
  timestamp: string;
  modelId: string;
  operation: Operation;
  input?: number;
  output?: number;
  cacheRead?: number;
  cacheWrite?: number;
  region?: string;
  inferenceRegion?: string;
  errorCode?: string;
  session?: string;
}

/** One record as Bedrock writes it, bodies included (text delivery on). */
export function invocationRecord(spec: RecordSpec): Record<string, unknown> {
  const region = spec.region ?? 'us-east-1';
  const converse = spec.operation === 'Converse' || spec.operation === 'ConverseStream';
  const input: Record<string, unknown> = {
    inputContentType: 'application/json',
    inputBodyJson: converse
      ? { messages: [{ role: 'user', content: [{ text: 'おすすめの漫画は？' }] }], inferenceConfig: { maxTokens: 512 } }
      : { anthropic_version: 'bedrock-2023-05-31', max_tokens: 512, messages: [{ role: 'user', content: 'Recommend a manga' }] },
    ...(spec.input !== undefined ? { inputTokenCount: spec.input } : {}),
    ...(spec.cacheRead !== undefined ? { cacheReadInputTokenCount: spec.cacheRead } : {}),
    ...(spec.cacheWrite !== undefined ? { cacheWriteInputTokenCount: spec.cacheWrite } : {}),
  };
  const record: Record<string, unknown> = {
    schemaType: 'ModelInvocationLog',
    schemaVersion: '1.0',
    timestamp: spec.timestamp,
    accountId: ACCOUNT,
    identity: { arn: `${ROLE}/${spec.session ?? 'task-1'}` },
    region,
    requestId: `req-${Math.random().toString(16).slice(2, 10)}`,
    operation: spec.operation,
    modelId: spec.modelId,
    input,
  };
  if (spec.inferenceRegion !== undefined) record.inferenceRegion = spec.inferenceRegion;
  if (spec.errorCode !== undefined) {
    record.errorCode = spec.errorCode;
  } else {
    const streamed = spec.operation.endsWith('Stream');
    record.output = {
      outputContentType: streamed ? 'application/x-amz-eventstream' : 'application/json',
      outputBodyJson: converse
        ? streamed
          ? [{ contentBlockDelta: { delta: { text: 'ワンピース' } } }, { metadata: { usage: { inputTokens: spec.input, outputTokens: spec.output } } }]
          : { output: { message: { role: 'assistant', content: [{ text: 'ワンピース' }] } }, stopReason: 'end_turn', usage: { inputTokens: spec.input, outputTokens: spec.output } }
        : streamed
          ? [{ type: 'content_block_delta', delta: { text: 'One Piece' } }, { type: 'message_stop' }]
          : { id: 'msg_1', type: 'message', content: [{ type: 'text', text: 'One Piece' }], stop_reason: 'end_turn', usage: { input_tokens: spec.input, output_tokens: spec.output } },
      ...(spec.output !== undefined ? { outputTokenCount: spec.output } : {}),
    };
  }
  return record;
}

export function gzipLines(lines: string[]): Buffer {
  return gzipSync(lines.map((l) => l + '\n').join(''));
}

/** The key Bedrock writes under: AWSLogs/<account>/BedrockModelInvocationLogs/<region>/YYYY/MM/DD/HH/<stamp>_<id>.json.gz */
export function logKey(region: string, hourIso: string, id: string): string {
  const d = new Date(hourIso);
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = hourIso.replace(/[-:]/g, '').replace('.000', '');
  return `AWSLogs/${ACCOUNT}/BedrockModelInvocationLogs/${region}/${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())}/${p(d.getUTCHours())}/${stamp}_${id}.json.gz`;
}
