import type { SlowTrace } from '../report/Report';
import { ms, truncate } from './format';

/** A terminal waterfall: one row per span, indented by depth, bar placed on the trace's time axis. */
export function renderWaterfall(t: SlowTrace, width = 50): string {
  const total = t.durationMs > 0 ? t.durationMs : 1;
  const lines: string[] = [];
  for (const s of t.spans) {
    const label = truncate(`${'  '.repeat(Math.min(s.depth, 6))}${s.name}`, 40).padEnd(40);
    const from = Math.max(0, Math.min(width - 1, Math.floor((s.offsetMs / total) * width)));
    const len = Math.max(1, Math.min(width - from, Math.round((s.durationMs / total) * width)));
    const bar = ' '.repeat(from) + (s.error ? '!' : '█').repeat(len);
    lines.push(`  ${label} |${bar.padEnd(width)}| ${ms(s.durationMs).padStart(7)} ms${s.error ? '  ERROR' : ''}`);
  }
  return lines.join('\n');
}
