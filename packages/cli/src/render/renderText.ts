import { CONFIDENCE } from '@kensa/processors';
import type { Report } from '../report/Report';
import { int, iso, ms, pct, table, truncate, usd } from './format';
import { renderWaterfall } from './waterfall';

export interface TextOptions {
  /** Slowest traces drawn as waterfalls (default 3). */
  waterfalls?: number;
}

const R = new Set([1, 2, 3, 4, 5, 6, 7]);

/** The report as an on-call engineer reads it in a terminal, most decisive facts first. */
export function renderText(r: Report, options: TextOptions = {}): string {
  const out: string[] = [];
  const i = r.input;
  out.push(`Kensa report: ${int(i.spans)} spans, ${int(r.sla.requests)} requests, ${iso(i.startMs)} → ${iso(i.endMs)} (${i.files.length} file${i.files.length === 1 ? '' : 's'}${i.skippedLines > 0 ? `, ${i.skippedLines} lines skipped` : ''})`);
  out.push('');
  out.push(`SLA: ${pct(r.sla.compliance, 2)} of requests within ${r.sla.targetMs} ms (${int(r.sla.met)} of ${int(r.sla.requests)}; ${int(r.sla.violated)} violated)`);

  // What to look at first: the ranked findings, each with what to do.
  out.push('', 'Diagnosis (most important first)');
  r.diagnosis.slice(0, 10).forEach((d, n) => {
    out.push(`  ${n + 1}. [${d.id}] ${d.title}`);
    if (d.evidence) out.push(`     ${d.evidence}`);
    for (const step of d.remediation.slice(0, 3)) out.push(`     → ${step}`);
  });

  out.push('', 'Latency by component (exclusive time, ms)');
  out.push(
    table(
      [
        ['component', 'count', 'p50', 'p90', 'p99', 'max', 'budget', 'p99 status', 'over budget'],
        ...r.components.map((c) => [
          c.component, int(c.count), ms(c.p50Ms), ms(c.p90Ms), ms(c.p99Ms), ms(c.maxMs), c.budgetMs === null ? '-' : String(c.budgetMs),
          c.p99Status ?? '-', int(c.statusCounts.exceeded + c.statusCounts.critical),
        ]),
      ],
      new Set([1, 2, 3, 4, 5, 6, 8]),
    ),
  );

  const b = r.bottleneck;
  out.push('');
  if (b.overall === null) out.push('Bottleneck: none (no component time recorded)');
  else if (r.sla.violated > 0) out.push(`Bottleneck: ${b.overall.component}: ${pct(b.overall.shareOfSlowTime)} of slow-request time, bottleneck of ${int(b.overall.slowTraces)} of ${int(r.sla.violated)} slow requests`);
  else out.push(`Bottleneck: no request missed the SLA; most time is spent in ${b.overall.component}`);
  const slow = b.slowTraces.filter((t) => !t.slaMet);
  if (slow.length > 0) {
    out.push('', 'Slow requests (over the SLA), slowest first');
    out.push(table([['trace', 'duration ms', 'bottleneck', 'share', 'model', 'session'], ...slow.map((t) => [t.traceId, ms(t.durationMs), t.bottleneck ?? '-', pct(t.bottleneckShare), t.model ?? '-', t.sessionId ?? '-'])], new Set([1, 3])));
  }

  const a = r.anomalies;
  out.push('', 'Anomalies');
  if (a.spans.length === 0 && a.windows.length === 0 && a.trends.length === 0) out.push('  none');
  for (const t of a.trends) {
    out.push(`  TREND ${t.component} p99 ${t.direction}: ${ms(t.firstP99Ms)} → ${ms(t.lastP99Ms)} ms over ${t.windows} windows (${t.slopeMsPerHour >= 0 ? '+' : ''}${ms(t.slopeMsPerHour)} ms/h, z=${t.z.toFixed(1)})`);
  }
  for (const w of a.windows.slice(0, 10)) {
    out.push(`  WINDOW ${w.component} at ${iso(w.windowStartMs)}: p99 ${ms(w.p99Ms)} ms vs baseline ${ms(w.baselineP99Ms)} ms (threshold ${ms(w.thresholdMs)})`);
  }
  if (a.windows.length > 10) out.push(`  … ${a.windows.length - 10} more anomalous windows`);
  // Every flagged span is counted (the JSON has them all), but outliers that stay well within the
  // budget are listed on one line so the ones that matter stand out.
  const budgetOf = new Map(r.components.map((c) => [c.component, c.budgetMs]));
  const minor: string[] = [];
  for (const g of a.spans) {
    const worst = g.examples[0];
    const budget = budgetOf.get(g.component);
    if (worst !== undefined && budget !== null && budget !== undefined && worst.valueMs <= budget * 0.8) {
      minor.push(`${g.component} ${int(g.count)}`);
      continue;
    }
    out.push(`  SPANS ${g.component}: ${int(g.count)} anomalous${worst === undefined ? '' : `; worst ${ms(worst.valueMs)} ms (threshold ${ms(worst.thresholdMs)}) in trace ${worst.traceId}`}`);
  }
  if (minor.length > 0) out.push(`  minor outliers, all within 80% of budget: ${minor.join(', ')}`);

  const e = r.errors;
  out.push('', `Error patterns (${int(e.failedSpans)} failed spans)`);
  if (e.patterns.length === 0) out.push('  none');
  for (const p of e.patterns) {
    out.push(`  ${p.id} ${p.name ?? ''}: ${int(p.count)} (${pct(p.share)}), trend ${p.trend}${p.transient === null ? '' : p.transient ? ', transient' : ', not transient'}${p.severity === null ? '' : `, severity ${p.severity}`}`);
    if (p.falsePositiveMarks !== null) out.push(`      low confidence: marked false positive ${int(p.falsePositiveMarks)} times, so its matches claim at most ${CONFIDENCE.disputed} — check the example before acting on it`);
    for (const step of p.remediation.slice(0, 4)) out.push(`      → ${truncate(step, 160)}`);
    out.push(`      e.g. trace ${p.exampleTraceId}: ${truncate(p.exampleMessage, 120)}`);
  }

  const c = r.cost;
  out.push('', `Cost and tokens: ${usd(c.totalUsd)} over ${int(c.calls)} model calls; ${int(c.inputTokens)} input, ${int(c.outputTokens)} output, ${int(c.cacheReadTokens)} cache-read, ${int(c.cacheWriteTokens)} cache-write tokens`);
  const costRows = (title: string, rows: Report['cost']['byModel']): void => {
    if (rows.length === 0) return;
    out.push(table([[title, 'calls', 'input', 'output', 'cache read', 'cost'], ...rows.map((x) => [x.key, int(x.calls), int(x.inputTokens), int(x.outputTokens), int(x.cacheReadTokens), usd(x.costUsd)])], R));
  };
  costRows('model', c.byModel);
  costRows('operation', c.byOperation);
  costRows(`top sessions${c.sessionsApproximate ? ' (approximate)' : ''}`, c.topSessions);

  const x = r.context;
  out.push('', `Context budget: ${int(x.checked)} prompts checked, ${int(x.warning)} warning (>80%), ${int(x.critical)} critical (>95%); max ${pct(x.maxUtilization)}`);
  const sections = Object.entries(x.largestSections);
  if (sections.length > 0) out.push(`  largest section in flagged prompts: ${sections.map(([k, n]) => `${k} ${int(n)}`).join(', ')}`);
  for (const ex of x.examples.slice(0, 5)) out.push(`  ${ex.status} ${pct(ex.utilization)} trace ${ex.traceId} session ${ex.sessionId ?? '-'} ${ex.model ?? ''}`);

  const q = r.retrieval;
  if (q.searches > 0) {
    out.push('', `Retrieval: ${int(q.searches)} searches, ${int(q.lowRelevance)} low relevance (${pct(q.lowRelevance / q.searches)}), mean score ${q.meanScore === null ? '-' : q.meanScore.toFixed(3)}, worst best-score ${q.worstMaxScore === null ? '-' : q.worstMaxScore.toFixed(3)}`);
  }

  const n = options.waterfalls ?? 3;
  for (const t of b.slowTraces.slice(0, n)) {
    out.push('', `Waterfall: trace ${t.traceId}, ${ms(t.durationMs)} ms${t.slaMet ? '' : ' (over SLA)'}, bottleneck ${t.bottleneck ?? '-'}`);
    out.push(renderWaterfall(t));
  }
  return out.join('\n') + '\n';
}
