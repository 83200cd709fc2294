import type { FamilyParser, StreamState } from '../internal-types';
import type { RequestInfo, ResponseInfo } from '../types';
import type { Obj } from '../values';
import { anthropicParser } from './anthropic';
import { cohereParser } from './cohere';
import { cohereEmbedParser, titanEmbedParser } from './embeddings';
import { llamaParser } from './llama';
import { mistralParser } from './mistral';
import { novaParser } from './nova';
import { openAiCompatibleParser } from './openaiCompatible';
import { titanTextParser } from './titanText';

// Imported models, marketplace endpoints and ids newer than the catalogue have no known family; their
// bodies still follow one of the documented shapes, recognised here by a key only that shape uses.

function requestShape(b: Obj): FamilyParser {
  if (b.schemaVersion !== undefined || b.inferenceConfig !== undefined) return novaParser;
  if (b.anthropic_version !== undefined || b.max_tokens_to_sample !== undefined) return anthropicParser;
  if (b.inputText !== undefined || b.textGenerationConfig !== undefined) {
    return b.textGenerationConfig !== undefined || b.dimensions === undefined ? titanTextParser : titanEmbedParser;
  }
  if (b.texts !== undefined) return cohereEmbedParser;
  if (b.message !== undefined || b.chat_history !== undefined || b.preamble !== undefined || b.p !== undefined || b.k !== undefined) {
    return cohereParser;
  }
  if (b.max_gen_len !== undefined) return llamaParser;
  return openAiCompatibleParser;
}

function responseShape(b: Obj): FamilyParser | undefined {
  if (b.type === 'message' || b.completion !== undefined) return anthropicParser;
  if (b.output !== undefined || b.stopReason !== undefined) return novaParser;
  if (b.results !== undefined) return titanTextParser;
  if (b.embedding !== undefined) return titanEmbedParser;
  if (b.generation !== undefined) return llamaParser;
  if (b.outputs !== undefined) return mistralParser;
  if (b.choices !== undefined) return openAiCompatibleParser;
  if (b.generations !== undefined || b.response_id !== undefined || b.finish_reason !== undefined) return cohereParser;
  if (b.embeddings !== undefined) return cohereEmbedParser;
  return undefined;
}

function chunkShape(c: Obj): FamilyParser | undefined {
  if (typeof c.type === 'string') return anthropicParser;
  if (
    c.contentBlockDelta !== undefined ||
    c.messageStart !== undefined ||
    c.messageStop !== undefined ||
    c.metadata !== undefined ||
    c.contentBlockStart !== undefined ||
    c.contentBlockStop !== undefined
  ) {
    return novaParser;
  }
  if (c.outputText !== undefined) return titanTextParser;
  if (c.generation !== undefined) return llamaParser;
  if (c.outputs !== undefined) return mistralParser;
  if (c.choices !== undefined) return openAiCompatibleParser;
  if (c.event_type !== undefined || c.is_finished !== undefined) return cohereParser;
  if (c.completion !== undefined) return anthropicParser;
  return undefined;
}

/** The parser for family `unknown`: picks a documented shape per body or chunk. */
export const detectingParser: FamilyParser = {
  request(b: Obj, out: RequestInfo, content: boolean): void {
    requestShape(b).request(b, out, content);
  },
  response(b: Obj, out: ResponseInfo, content: boolean): void {
    responseShape(b)?.response(b, out, content);
  },
  chunk(c: Obj, state: StreamState): boolean {
    return chunkShape(c)?.chunk(c, state) ?? false;
  },
};
