import type { PatternInfo } from '../report/PatternCatalogue';
import { ms, pct } from './format';

/** The result of `kensa diagnose` (also its `--json` output). */
export interface Diagnosis {
  pattern: PatternInfo | null;
  confidence: number | null;
  matchedBy: string | null;
  trace: {
    traceId: string;
    durationMs: number | null;
    slaTargetMs: number;
    slaMet: boolean | null;
    model: string | null;
    inputTokens: number | null;
    outputTokens: number | null;
    sessionId: string | null;
    userId: string | null;
    bottleneck: string | null;
    /** Exclusive ms per component, largest first. */
    breakdown: Record<string, number>;
    failedSpan: { name: string; errorType: string | null; message: string } | null;
  } | null;
  question: string | null;
  note?: string;
}

export function renderDiagnosis(d: Diagnosis): string {
  const out: string[] = [];
  if (d.note !== undefined) out.push(d.note, '');
  const p = d.pattern;
  if (p !== null) {
    out.push(`${p.id} ${p.name} (confidence ${d.confidence === null ? '-' : d.confidence.toFixed(2)}, matched by ${d.matchedBy ?? '-'})`);
    if (p.falsePositiveMarks !== undefined) out.push(`Low confidence: users marked this pattern false positive ${p.falsePositiveMarks} times.`);
    out.push(`category ${p.category} · ${p.transient ? 'transient' : 'not transient'} · severity ${p.severity}`);
    out.push('', `Root cause: ${p.rootCause}`, `Impact: ${p.impact}`, '', 'Remediation:');
    p.remediation.forEach((s, i) => out.push(`  ${i + 1}. ${s}`));
  }
  const t = d.trace;
  if (t !== null) {
    out.push('', `Trace ${t.traceId}`);
    out.push(`  duration ${ms(t.durationMs)} ms, SLA ${t.slaTargetMs} ms ${t.slaMet === null ? 'unknown (no root span)' : t.slaMet ? 'met' : 'MISSED'}`);
    out.push(`  model ${t.model ?? '-'}, tokens in ${t.inputTokens ?? '-'} / out ${t.outputTokens ?? '-'}`);
    out.push(`  session ${t.sessionId ?? '-'}, user ${t.userId ?? '-'}`);
    if (t.failedSpan !== null) out.push(`  failed span "${t.failedSpan.name}": ${t.failedSpan.errorType ?? ''} ${t.failedSpan.message}`.trimEnd());
    const total = t.durationMs ?? Object.values(t.breakdown).reduce((a, b) => a + b, 0);
    out.push('  latency breakdown (exclusive ms):');
    for (const [c, v] of Object.entries(t.breakdown)) out.push(`    ${c.padEnd(20)} ${ms(v).padStart(8)}  ${pct(total > 0 ? v / total : null)}${c === t.bottleneck ? '  ← bottleneck' : ''}`);
  }
  if (d.question !== null) {
    out.push('', 'Question for your AI assistant (Amazon Q Developer), ready to paste:', '-----', d.question, '-----');
  }
  return out.join('\n') + '\n';
}
