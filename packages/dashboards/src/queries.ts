import * as sc from '@kensa/semconv';
import { ERROR_TYPE_THROTTLING } from './constants';
import { FIELD_TRACE_ID, attr, resourceAttr } from './logFields';

/** A saved Logs Insights query: `${ServiceName}` is substituted by CloudFormation. */
export interface SavedQuery {
  /** Logical id in the template. */
  id: string;
  /** Name under the `Kensa/${ServiceName}/` folder of the console. */
  name: string;
  query: string;
}

const MODEL = attr(sc.ATTR_GEN_AI_REQUEST_MODEL);
const DURATION_MS = attr(sc.ATTR_KENSA_GEN_AI_DURATION_MS);
const ERROR_TYPE = attr(sc.ATTR_ERROR_TYPE);
const STATUS = attr(sc.ATTR_KENSA_GEN_AI_STATUS);
const INPUT_TOKENS = attr(sc.ATTR_GEN_AI_USAGE_INPUT_TOKENS);
const OUTPUT_TOKENS = attr(sc.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS);
const COST_USD = attr(sc.ATTR_KENSA_GEN_AI_COST_TOTAL_USD);
const CACHE_SAVINGS_USD = attr(sc.ATTR_KENSA_GEN_AI_COST_CACHE_SAVINGS_USD);
const CACHE_READ_TOKENS = attr(sc.ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS);
const FINISH_REASON = attr(sc.ATTR_GEN_AI_RESPONSE_FINISH_REASONS, 0);
const SCORE_MEAN = attr(sc.ATTR_KENSA_RETRIEVAL_SCORE_MEAN);
const RESULTS = attr(sc.ATTR_KENSA_RETRIEVAL_RESULTS);
const ATTEMPTS = attr(sc.ATTR_KENSA_AWS_ATTEMPTS);
const REQUEST_ID = attr(sc.ATTR_KENSA_REQUEST_ID);
const OPERATION = attr(sc.ATTR_GEN_AI_OPERATION_NAME);
const TTFC_S = attr(sc.ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK);

/** Every query starts from the app's own per-call records (the log group may be shared). */
const SERVICE = `filter ${resourceAttr('service.name')} = "\${ServiceName}"`;

function lines(...parts: string[]): string {
  return parts.join('\n| ');
}

/** The eight troubleshooting queries of REFERENCE.md, written against the fields our records have. */
export function savedQueries(slaMs: number): SavedQuery[] {
  return [
    {
      id: 'BedrockLatencyQuery',
      name: '1 Bedrock latency p50-p90-p99 per 5 minutes',
      query: lines(
        SERVICE,
        `fields ${MODEL} as model, ${DURATION_MS} as ms`,
        'stats pct(ms, 50) as p50_ms, pct(ms, 90) as p90_ms, pct(ms, 99) as p99_ms, count(*) as calls by bin(5m), model',
        'sort p99_ms desc',
      ),
    },
    {
      id: 'ErrorsByModelQuery',
      name: '2 Errors by model and error type',
      query: lines(
        SERVICE,
        `filter ${STATUS} = "error"`,
        `fields ${MODEL} as model, ${ERROR_TYPE} as error_type`,
        'stats count(*) as errors by model, error_type',
        'sort errors desc',
      ),
    },
    {
      id: 'TokenDistributionQuery',
      name: '3 Input vs output tokens per hour',
      query: lines(
        SERVICE,
        `filter ispresent(${INPUT_TOKENS})`,
        `fields ${INPUT_TOKENS} as input_tokens, ${OUTPUT_TOKENS} as output_tokens`,
        'stats sum(input_tokens) as input, sum(output_tokens) as output, avg(input_tokens) as avg_input, avg(output_tokens) as avg_output, pct(input_tokens, 95) as p95_input, pct(output_tokens, 95) as p95_output by bin(1h)',
      ),
    },
    {
      // The record is per model call and holds model time only: a request's vector-search time is on its
      // OpenSearch spans and on the root span's kensa.sla.component_ms.* attributes (X-Ray, by trace_id).
      id: 'SlowRequestsQuery',
      name: `4 Model calls over ${slaMs / 1000} s with their request and trace`,
      query: lines(
        SERVICE,
        `filter ${DURATION_MS} > ${slaMs}`,
        `fields @timestamp, ${REQUEST_ID} as request_id, ${FIELD_TRACE_ID} as trace, ${MODEL} as model, ${OPERATION} as operation, ${DURATION_MS} as ms, ${TTFC_S} as first_chunk_s, ${INPUT_TOKENS} as input_tokens, ${OUTPUT_TOKENS} as output_tokens, ${ATTEMPTS} as attempts`,
        'sort ms desc',
        'limit 100',
      ),
    },
    {
      id: 'ContentFilterQuery',
      name: '5 Content-filter triggers by model',
      query: lines(
        SERVICE,
        `filter ${FINISH_REASON} = "content_filter"`,
        `fields ${MODEL} as model`,
        'stats count(*) as filtered by model, bin(1h)',
        'sort filtered desc',
      ),
    },
    {
      // Savings are net: a call that writes the cache pays a premium (a negative saving) that later reads
      // earn back, so the daily sum is what the cache really saved. Calls without cache use add nothing.
      id: 'DailySpendQuery',
      name: '6 Daily spend and cache savings by model',
      query: lines(
        SERVICE,
        `fields ${MODEL} as model, ${COST_USD} as cost_usd, ${CACHE_SAVINGS_USD} as savings_usd, ${INPUT_TOKENS} as input_tokens, ${CACHE_READ_TOKENS} as cache_read_tokens, ${OUTPUT_TOKENS} as output_tokens`,
        'stats sum(cost_usd) as spend_usd, sum(savings_usd) as cache_savings_usd, sum(input_tokens) as input, sum(cache_read_tokens) as cache_read, sum(output_tokens) as output, count(*) as calls by bin(1d), model',
        'sort spend_usd desc',
      ),
    },
    {
      id: 'RetrievalRelevanceQuery',
      name: '7 Retrieval relevance over time (mean and worst)',
      query: lines(
        SERVICE,
        `filter ispresent(${SCORE_MEAN})`,
        `fields ${SCORE_MEAN} as relevance, ${RESULTS} as results`,
        'stats avg(relevance) as mean_relevance, min(relevance) as worst_relevance, avg(results) as avg_results, count(*) as retrievals by bin(1h)',
      ),
    },
    {
      id: 'ThrottlingBurstsQuery',
      name: '8 Throttling bursts per 5 minutes with retry counts',
      query: lines(
        SERVICE,
        `filter ${ERROR_TYPE} = "${ERROR_TYPE_THROTTLING}"`,
        `fields ${ATTEMPTS} - 1 as retries, ${MODEL} as model`,
        'stats count(*) as throttled_calls, sum(retries) as sdk_retries, max(retries) as max_retries by bin(5m), model',
        'sort throttled_calls desc',
      ),
    },
  ];
}
