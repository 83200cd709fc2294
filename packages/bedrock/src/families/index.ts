import type { FamilyParser } from '../internal-types';
import type { ModelFamily } from '../types';
import { anthropicParser } from './anthropic';
import { cohereParser } from './cohere';
import { detectingParser } from './detect';
import { cohereEmbedParser, titanEmbedParser } from './embeddings';
import { llamaParser } from './llama';
import { mistralParser } from './mistral';
import { novaParser } from './nova';
import { openAiCompatibleParser } from './openaiCompatible';
import { titanTextParser } from './titanText';

/** Model family → body parser. */
export const PARSERS: Readonly<Record<ModelFamily, FamilyParser>> = {
  'anthropic.claude': anthropicParser,
  'amazon.nova': novaParser,
  'amazon.titan-text': titanTextParser,
  'amazon.titan-embed': titanEmbedParser,
  'meta.llama': llamaParser,
  mistral: mistralParser,
  'cohere.command': cohereParser,
  'cohere.embed': cohereEmbedParser,
  'ai21.jamba': openAiCompatibleParser,
  deepseek: openAiCompatibleParser,
  openai: openAiCompatibleParser,
  qwen: openAiCompatibleParser,
  writer: openAiCompatibleParser,
  unknown: detectingParser,
};

/** The parser of a family; anything that is not a known family gets the detecting parser. */
export function parserFor(family: ModelFamily): FamilyParser {
  if (typeof family !== 'string' || !Object.prototype.hasOwnProperty.call(PARSERS, family)) return detectingParser;
  return PARSERS[family];
}
