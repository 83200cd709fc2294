import type { PatternCatalogue } from './PatternCatalogue';
import type { Diagnosis, Report } from './Report';

/**
 * Ranks what went wrong, so the first line of a report answers "what is the problem and what do I
 * do". Every finding is scored by the share of requests it touched times a weight for how much it
 * hurts: failures (weighted by the pattern's severity) above budget breaches, budget breaches above
 * context and relevance warnings. Findings touching fewer than {@link MIN_SHARE} of the requests (a short burst in a long window still passes) are
 * noise on a busy service and are left out; with none left, the report says the traffic is healthy.
 */
export const MIN_SHARE = 0.02;

/** A component whose spans breach their alarm threshold this often is a finding. */
const MIN_BREACH_SHARE = 0.05;

const SEVERITY_WEIGHT: Record<string, number> = { critical: 1, high: 0.9, medium: 0.8, low: 0.6 };
/** An unclassified failure is real, but says nothing actionable: it ranks below classified ones. */
const UNKNOWN_WEIGHT = 0.4;
const BUDGET_WEIGHT = 0.9;
const CONTEXT_CRITICAL_WEIGHT = 0.85;
const CONTEXT_WARNING_WEIGHT = 0.5;
const LOW_RELEVANCE_WEIGHT = 0.8;
/** A guardrail blocking answers is a failure the customer sees, though no span fails. */
const CONTENT_FILTER_PATTERN = 'EP-005';

/** What to look at when a component is over its budget (REFERENCE.md's troubleshooting notes). */
const BUDGET_REMEDIATION: Record<string, string[]> = {
  opensearch_vector: [
    'Check the cluster: search latency and thread-pool queue per node, CPU and JVM pressure.',
    'Tune the k-NN index (HNSW ef_search, shard and replica count) or lower k.',
    'Cache answers to popular queries so fewer requests reach the vector search.',
  ],
  bedrock_invoke: [
    'Stream the response so the first tokens reach the user early.',
    'Trim the prompt: a sliding window over history and the top-3 retrieved chunks.',
    'Route simple questions to a faster model (Haiku) and add a circuit breaker.',
  ],
  dynamodb_session: [
    'Keep session items small: archive or compress old turns (items near 400 KB are slow to write).',
    'Check for throttling and hot partitions on the sessions table.',
  ],
  redis_cache: [
    'Check the cache cluster: connection pool exhaustion, failovers, slow commands.',
    'Use short connect and command timeouts and bypass the cache when it is slow.',
  ],
  orchestrator: [
    "Profile the orchestrator's own code: prompt assembly, serialization, event-loop blocking.",
  ],
  response_parsing: ['Profile response parsing; avoid re-parsing the whole answer per chunk.'],
  websocket_delivery: ['Check the API Gateway management endpoint latency and the size of the frames sent.'],
  api_gateway: ['Check API Gateway integration latency and the route configuration.'],
};

export function diagnose(report: Omit<Report, 'diagnosis'>, catalogue?: PatternCatalogue): Diagnosis[] {
  const requests = Math.max(1, report.sla.requests);
  const share = (n: number) => Math.min(1, n / requests);
  const findings: Diagnosis[] = [];

  for (const p of report.errors.patterns) {
    const known = p.id !== 'UNKNOWN';
    const weight = known ? 1 + (SEVERITY_WEIGHT[p.severity ?? ''] ?? 0.7) : UNKNOWN_WEIGHT;
    findings.push({
      id: p.id,
      kind: 'error_pattern',
      title: known ? `${p.name ?? p.id}: ${p.count} failed calls` : `${p.count} failures matching no known pattern`,
      evidence: p.exampleMessage ? `e.g. trace ${p.exampleTraceId}: ${p.exampleMessage}` : `e.g. trace ${p.exampleTraceId}`,
      affected: p.count,
      score: share(p.count) * weight,
      remediation: p.remediation,
    });
  }

  if (report.cost.contentFilteredCalls > 0) {
    const info = catalogue?.describe(CONTENT_FILTER_PATTERN);
    const weight = 1 + (SEVERITY_WEIGHT[info?.severity ?? 'medium'] ?? SEVERITY_WEIGHT.medium!);
    const n = report.cost.contentFilteredCalls;
    const existing = findings.find((f) => f.id === CONTENT_FILTER_PATTERN);
    if (existing) {
      existing.affected += n;
      existing.score = share(existing.affected) * weight;
    } else {
      findings.push({
        id: CONTENT_FILTER_PATTERN,
        kind: 'error_pattern',
        title: `${info?.name ?? 'Content filter / guardrail'}: ${n} answers blocked (finish reason content_filter)`,
        evidence: `${n} of ${report.cost.calls} model calls stopped on the content filter`,
        affected: n,
        score: share(n) * weight,
        remediation: info?.remediation ?? [],
      });
    }
  }

  for (const c of report.components) {
    const breaches = c.statusCounts.exceeded + c.statusCounts.critical;
    if (c.budgetMs === null || c.count === 0 || breaches / c.count < MIN_BREACH_SHARE) continue;
    findings.push({
      id: `budget:${c.component}`,
      kind: 'latency_budget',
      title: `${c.component} over budget: ${breaches} of ${c.count} calls past the alarm threshold (p99 ${round(c.p99Ms)} ms, budget ${c.budgetMs} ms)`,
      evidence: `p50 ${round(c.p50Ms)} ms, p90 ${round(c.p90Ms)} ms, p99 ${round(c.p99Ms)} ms`,
      affected: breaches,
      score: share(breaches) * BUDGET_WEIGHT,
      remediation: BUDGET_REMEDIATION[c.component] ?? ['Find what changed in this component: deployment, load, dependency latency.'],
    });
  }

  const ctx = report.context;
  if (ctx.critical > 0) {
    findings.push({
      id: 'context:critical',
      kind: 'context_budget',
      title: `Prompt over 95% of the practical budget in ${ctx.critical} of ${ctx.checked} model calls (max ${Math.round((ctx.maxUtilization ?? 0) * 100)}%)`,
      evidence: ctx.examples[0] ? `e.g. session ${ctx.examples[0].sessionId ?? '?'}, trace ${ctx.examples[0].traceId}` : '',
      affected: ctx.critical,
      score: share(ctx.critical) * CONTEXT_CRITICAL_WEIGHT,
      remediation: [
        'Count tokens before sending and trim to the budget, keeping the output reserve.',
        'Use a sliding window over the history and summarise old turns.',
        'Send only the top-3 retrieved chunks.',
      ],
    });
  }
  if (ctx.warning > 0) {
    findings.push({
      id: 'context:warning',
      kind: 'context_budget',
      title: `Prompt over 80% of the practical budget in ${ctx.warning} of ${ctx.checked} model calls`,
      evidence: '',
      affected: ctx.warning,
      score: share(ctx.warning) * CONTEXT_WARNING_WEIGHT,
      remediation: ['Compress the largest prompt section before it reaches the budget.'],
    });
  }

  const r = report.retrieval;
  if (r.lowRelevance > 0) {
    findings.push({
      id: 'low_relevance',
      kind: 'retrieval',
      title: `Low-relevance retrieval: ${r.lowRelevance} of ${r.searches} searches had no result above the threshold (worst best score ${r.worstMaxScore ?? '?'})`,
      evidence: r.meanScore === null ? '' : `mean score ${r.meanScore.toFixed(3)}`,
      affected: r.lowRelevance,
      score: share(r.lowRelevance) * LOW_RELEVANCE_WEIGHT,
      remediation: [
        'Check for stale embeddings after a re-index: re-embed a sample and compare with the stored vectors.',
        'Check that the embedding model and dimension match the index mapping.',
        'Fall back to keyword search when the best score is below the threshold.',
      ],
    });
  }

  const ranked = findings.filter((f) => share(f.affected) >= MIN_SHARE).sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  if (ranked.length === 0) {
    return [
      {
        id: 'healthy',
        kind: 'healthy',
        title: 'No problem found: no failure pattern, budget breach or prompt/retrieval warning above 2% of requests',
        evidence: `${report.sla.requests} requests, SLA compliance ${report.sla.compliance === null ? 'n/a' : `${(report.sla.compliance * 100).toFixed(1)}%`}`,
        affected: 0,
        score: 0,
        remediation: [],
      },
    ];
  }
  return ranked;
}

function round(ms: number): number {
  return ms >= 100 ? Math.round(ms) : Math.round(ms * 10) / 10;
}
