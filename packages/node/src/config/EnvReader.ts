/**
 * Typed reads of one environment map that record, rather than throw, what they could not use.
 * Each bad variable yields exactly one warning, so the operator sees every mistake once.
 */
export class EnvReader {
  readonly warnings: string[] = [];

  constructor(private readonly env: Readonly<Record<string, string | undefined>>) {}

  /** The trimmed value, or undefined when unset or blank (the spec treats both alike). */
  string(key: string): string | undefined {
    const raw = this.env[key];
    if (raw === undefined) return undefined;
    const trimmed = raw.trim();
    return trimmed === '' ? undefined : trimmed;
  }

  boolean(key: string, fallback: boolean): boolean {
    const raw = this.string(key)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (raw === 'true') return true;
    if (raw === 'false') return false;
    this.warn(key, raw, `expected true or false; using ${fallback}`);
    return fallback;
  }

  /** An integer within [min, max]; anything else warns and falls back. */
  integer(key: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
    const raw = this.string(key);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.warn(key, raw, `expected an integer from ${min} to ${max}; using ${fallback}`);
      return fallback;
    }
    return value;
  }

  /** One of `allowed` (case-insensitive). */
  choice<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
    const raw = this.string(key);
    if (raw === undefined) return fallback;
    const value = raw.toLowerCase() as T;
    if (allowed.includes(value)) return value;
    this.warn(key, raw, `expected one of ${allowed.join(', ')}; using ${fallback}`);
    return fallback;
  }

  /**
   * A comma-separated list of names from `allowed`. Unknown entries are dropped with one warning
   * for the variable; `undefined` means "not set", so callers can apply their default.
   */
  list<T extends string>(key: string, allowed: readonly string[], normalize = (e: string) => e): T[] | undefined {
    const raw = this.string(key);
    if (raw === undefined) return undefined;
    const entries = raw
      .split(',')
      .map((e) => normalize(e.trim().toLowerCase()))
      .filter((e) => e !== '');
    const unknown = entries.filter((e) => !allowed.includes(e));
    if (unknown.length > 0) {
      this.warn(key, raw, `unknown ${unknown.map((u) => `"${u}"`).join(', ')} ignored (known: ${allowed.join(', ')})`);
    }
    return [...new Set(entries.filter((e) => allowed.includes(e)))] as T[];
  }

  warn(key: string, raw: string, why: string): void {
    this.warnings.push(`kensa: ignoring ${key}=${JSON.stringify(raw)}: ${why}`);
  }
}
