import { applyInvocationMetrics } from './common';
import { bodyObject } from './decodeBody';
import { parserFor } from './families';
import { normalizeFinishReason } from './finishReason';
import type { FamilyParser, StreamState } from './internal-types';
import { contentOption, maxContentCharsOption } from './options';
import { OutputCollector } from './OutputCollector';
import type { ModelFamily, ParseOptions, ResponseInfo } from './types';
import { obj } from './values';

/** For InvokeModelWithResponseStream: one per stream, fed each chunk's decoded `bytes` payload. */
export interface StreamAggregator {
  /** Returns true when the chunk carried generated content (for time-to-first-chunk). Never throws. */
  addChunk(bytes: unknown): boolean;
  result(): ResponseInfo;
}

/** Build the ResponseInfo of a finished (or abandoned) stream from its state. */
export function streamResult(state: StreamState, parsed: boolean): ResponseInfo {
  const finishReasons = state.rawStopReasons.map(normalizeFinishReason);
  if (state.errorType !== undefined && !finishReasons.includes('error')) finishReasons.push('error');
  const out: ResponseInfo = { finishReasons, rawStopReasons: [...state.rawStopReasons], usage: { ...state.usage }, parsed };
  if (state.id !== undefined) out.id = state.id;
  if (state.model !== undefined) out.model = state.model;
  if (state.latencyMs !== undefined) out.latencyMs = state.latencyMs;
  if (state.firstByteLatencyMs !== undefined) out.firstByteLatencyMs = state.firstByteLatencyMs;
  if (state.errorType !== undefined) out.errorType = state.errorType;
  const message = state.output.message(finishReasons[finishReasons.length - 1]);
  if (message) out.outputMessages = [message];
  if (state.output.truncated) out.contentTruncated = true;
  return out;
}

export function newStreamState(options?: ParseOptions): StreamState {
  return { rawStopReasons: [], usage: {}, output: new OutputCollector(contentOption(options), maxContentCharsOption(options)) };
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

class InvokeStreamAggregator implements StreamAggregator {
  private readonly state: StreamState;
  private parsedAny = false;
  /** The family's content-only chunk prefixes, when content is not captured (else nothing may be skipped). */
  private readonly skippable: readonly Uint8Array[] | undefined;
  /** Set once a chunk carried content: from then on, content-only chunks are not decoded. */
  private skipContentOnly = false;

  constructor(
    private readonly parser: FamilyParser,
    options?: ParseOptions,
  ) {
    this.state = newStreamState(options);
    this.skippable = contentOption(options) ? undefined : parser.contentOnlyChunkPrefixes;
  }

  addChunk(bytes: unknown): boolean {
    try {
      // Tolerate being handed the SDK's PayloadPart (`{ bytes }`) instead of its payload.
      const payload = obj(bytes);
      const raw = payload && ArrayBuffer.isView(payload.bytes) ? payload.bytes : bytes;
      if (this.skipContentOnly && raw instanceof Uint8Array && this.isContentOnly(raw)) return true;
      const chunk = bodyObject(raw);
      if (!chunk) return false;
      this.parsedAny = true;
      const metrics = obj(chunk['amazon-bedrock-invocationMetrics']);
      const carried = this.parser.chunk(chunk, this.state);
      if (carried && this.skippable !== undefined) this.skipContentOnly = true;
      // Applied after the model's own counts: these are the figures Bedrock bills.
      if (metrics) applyInvocationMetrics(metrics, this.state);
      return carried;
    } catch {
      return false;
    }
  }

  result(): ResponseInfo {
    return streamResult(this.state, this.parsedAny);
  }

  private isContentOnly(bytes: Uint8Array): boolean {
    for (const prefix of this.skippable ?? []) if (startsWith(bytes, prefix)) return true;
    return false;
  }
}

export function createInvokeStreamAggregator(family: ModelFamily, options?: ParseOptions): StreamAggregator {
  return new InvokeStreamAggregator(parserFor(family), options);
}
