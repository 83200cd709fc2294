import { ERROR_PATTERN_ID_VALUE_UNKNOWN } from '@kensa/semconv';
import type { SpanRecord } from '../input/SpanRecord';
import type { PatternCatalogue } from './PatternCatalogue';
import type { ErrorPatternRow, ErrorSection, TrendDirection } from './Report';
import { trendTest } from './trend';

interface Row extends Omit<ErrorPatternRow, 'share' | 'trend' | 'rootCause' | 'falsePositiveMarks'> {
  remediationAttr: string | undefined;
}

/** Failed spans per error pattern; patterns come from the span's attributes, else from the catalogue's matcher. */
export class ErrorStats {
  private readonly rows = new Map<string, Row>();
  private failed = 0;

  constructor(private readonly catalogue: PatternCatalogue | undefined) {}

  /** Counts a failed span and returns the pattern id it was filed under. */
  add(s: SpanRecord): string {
    this.failed++;
    let id = s.patternId;
    if (id === undefined || id === '') id = this.catalogue?.match(s.errorMatchInput())?.id ?? ERROR_PATTERN_ID_VALUE_UNKNOWN;
    let r = this.rows.get(id);
    if (r === undefined) {
      r = {
        id,
        name: s.patternName ?? null,
        category: s.patternCategory ?? null,
        severity: s.patternSeverity ?? null,
        transient: s.patternTransient ?? null,
        count: 0,
        remediation: [],
        remediationAttr: s.patternRemediation,
        firstSeenMs: s.startMs,
        lastSeenMs: s.startMs,
        exampleTraceId: s.traceId,
        exampleMessage: s.errorText().slice(0, 300),
      };
      this.rows.set(id, r);
    }
    r.count++;
    if (s.startMs < r.firstSeenMs) r.firstSeenMs = s.startMs;
    if (s.startMs > r.lastSeenMs) r.lastSeenMs = s.startMs;
    return id;
  }

  /**
   * `rates` maps pattern id to its failures per request in each time window, in time order; the
   * trend is a Mann–Kendall test over that series (5% level, at least 4 windows).
   */
  section(rates: (id: string) => number[]): ErrorSection {
    const patterns: ErrorPatternRow[] = [...this.rows.values()]
      .sort((a, b) => b.count - a.count || a.id.localeCompare(b.id))
      .map(({ remediationAttr, ...r }) => {
        const info = this.catalogue?.describe(r.id);
        const series = rates(r.id);
        return {
          ...r,
          name: r.name ?? info?.name ?? null,
          category: r.category ?? info?.category ?? null,
          severity: r.severity ?? info?.severity ?? null,
          transient: r.transient ?? info?.transient ?? null,
          remediation: info?.remediation ?? (remediationAttr !== undefined ? [remediationAttr] : []),
          rootCause: info?.rootCause ?? null,
          falsePositiveMarks: info?.falsePositiveMarks ?? null,
          share: this.failed > 0 ? r.count / this.failed : 0,
          trend: direction(series),
        };
      });
    return { failedSpans: this.failed, patterns };
  }
}

export function direction(series: readonly number[]): TrendDirection {
  if (series.length < 4) return 'stable';
  const t = trendTest(series);
  if (t.z > 1.96) return 'increasing';
  if (t.z < -1.96) return 'decreasing';
  return 'stable';
}
