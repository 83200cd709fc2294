import { bodyObject } from './decodeBody';
import { parserFor } from './families';
import type { ModelFamily, ParseOptions, RequestInfo, ResponseInfo, Usage } from './types';
import { contentOption } from './options';
import { count, num } from './values';

const EMBEDDING_FAMILIES = new Set<ModelFamily>(['amazon.titan-embed', 'cohere.embed']);
const COMPLETION_FAMILIES = new Set<ModelFamily>(['amazon.titan-text', 'meta.llama']);

/** 'chat' | 'text_completion' | 'embeddings' for an InvokeModel call of this family (the body's shape decides where it can). */
export function invokeOperationName(family: ModelFamily, request?: RequestInfo): 'chat' | 'text_completion' | 'embeddings' {
  const kind = typeof request === 'object' && request !== null ? safeKind(request) : undefined;
  if (kind) return kind;
  if (EMBEDDING_FAMILIES.has(family)) return 'embeddings';
  if (COMPLETION_FAMILIES.has(family)) return 'text_completion';
  return 'chat';
}

function safeKind(request: RequestInfo): RequestInfo['kind'] {
  try {
    const k = request.kind;
    return k === 'chat' || k === 'text_completion' || k === 'embeddings' ? k : undefined;
  } catch {
    return undefined;
  }
}

/** InvokeModel request body of any form the SDK accepts. Never throws; `parsed: false` when it is not a JSON object. */
export function parseInvokeRequest(family: ModelFamily, body: unknown, options?: ParseOptions): RequestInfo {
  const out: RequestInfo = { parsed: false };
  const b = bodyObject(body);
  if (!b) return out;
  out.parsed = true;
  try {
    parserFor(family).request(b, out, contentOption(options));
  } catch {
    // A getter or proxy in a caller-supplied object can throw; what was read so far stands.
  }
  return out;
}

const HEADER_COUNTS: ReadonlyArray<readonly [keyof Usage & `${string}Tokens`, string]> = [
  ['inputTokens', 'x-amzn-bedrock-input-token-count'],
  ['outputTokens', 'x-amzn-bedrock-output-token-count'],
  ['cacheReadInputTokens', 'x-amzn-bedrock-cache-read-input-token-count'],
  ['cacheWriteInputTokens', 'x-amzn-bedrock-cache-write-input-token-count'],
];

/** Fill usage the body did not report from Bedrock's response headers (lower-case keys). */
function applyHeaders(out: ResponseInfo, headers: Record<string, string | undefined> | undefined): void {
  if (typeof headers !== 'object' || headers === null) return;
  for (const [key, header] of HEADER_COUNTS) {
    if (out.usage[key] !== undefined) continue;
    const n = count(headers[header]);
    if (n !== undefined) out.usage[key] = n;
  }
  if (out.latencyMs === undefined) {
    const latency = num(headers['x-amzn-bedrock-invocation-latency']);
    if (latency !== undefined) out.latencyMs = latency;
  }
}

/** InvokeModel response body (Uint8Array as the SDK returns, or string), with headers for bodies without usage. */
export function parseInvokeResponse(
  family: ModelFamily,
  body: unknown,
  headers?: Record<string, string | undefined>,
  options?: ParseOptions,
): ResponseInfo {
  const out: ResponseInfo = { finishReasons: [], rawStopReasons: [], usage: {}, parsed: false };
  const b = bodyObject(body);
  if (b) {
    out.parsed = true;
    try {
      parserFor(family).response(b, out, contentOption(options));
    } catch {
      // Partial results stand; see parseInvokeRequest.
    }
  }
  try {
    applyHeaders(out, headers);
  } catch {
    // Headers are caller data too.
  }
  return out;
}


