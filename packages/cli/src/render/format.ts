/** Small formatting helpers shared by the text and HTML renderers. */

export function ms(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '-';
  if (v >= 100) return v.toFixed(0);
  if (v >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

export function pct(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '-';
  return `${(v * 100).toFixed(digits)}%`;
}

export function usd(v: number): string {
  return v >= 100 ? `$${v.toFixed(2)}` : `$${v.toFixed(4)}`;
}

export function int(v: number): string {
  return Math.round(v).toLocaleString('en-US');
}

export function iso(msSinceEpoch: number | null): string {
  if (msSinceEpoch === null || !Number.isFinite(msSinceEpoch)) return '-';
  return new Date(msSinceEpoch).toISOString().replace('.000Z', 'Z');
}

/** A left/right-aligned text table; the first row is the header. */
export function table(rows: string[][], rightAligned: ReadonlySet<number> = new Set()): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows
    .map((r) => '  ' + r.map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd())
    .join('\n');
}

export function truncate(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}
