/**
 * Compaction's options: DEFAULTS, the typed Options a caller passes, and the one resolve step that checks them.
 */
import { ConfigError, type Platform, PLATFORMS } from "../../core/index.js";

export interface CompactOptions {
  /** UTC days (YYYY-MM-DD) to consider; null = every day that has raw windows. */
  days: string[] | null;
  /** Rebuild every considered day even when its manifest matches. */
  full: boolean;
  /** Raw files read at once (local reads and S3 GETs alike). */
  readConcurrency: number;
  /** Replace user ids and logins by keyed hashes (privacy.pseudonymize). */
  pseudonymize: boolean;
  /** The pseudonymisation key; null = load it (environment, else the lake's state/pseudonym.key). */
  pseudonymKey: string | null;
  /** Compact only windows of this platform; null = all platforms. */
  platform: Platform | null;
  /** Threads DuckDB may use; 0 = DuckDB's default (all cores). */
  duckdbThreads: number;
}

export const DEFAULTS: CompactOptions = {
  days: null,
  full: false,
  readConcurrency: 32,
  pseudonymize: true,
  pseudonymKey: null,
  platform: null,
  duckdbThreads: 0,
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function resolveCompactOptions(options: Partial<CompactOptions> = {}): CompactOptions {
  const resolved: CompactOptions = { ...DEFAULTS, ...stripUndefined(options) };
  const problems: string[] = [];
  if (resolved.days !== null) {
    for (const day of resolved.days) {
      if (!DAY.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) problems.push(`compact: option days: not a UTC day (YYYY-MM-DD): ${JSON.stringify(day)}`);
    }
    resolved.days = [...new Set(resolved.days)].sort();
  }
  if (!Number.isInteger(resolved.readConcurrency) || resolved.readConcurrency < 1) problems.push("compact: option readConcurrency: must be a positive integer");
  if (!Number.isInteger(resolved.duckdbThreads) || resolved.duckdbThreads < 0) problems.push("compact: option duckdbThreads: must be a non-negative integer");
  if (resolved.platform !== null && !PLATFORMS.includes(resolved.platform)) problems.push(`compact: option platform: unknown platform ${JSON.stringify(resolved.platform)}`);
  if (resolved.pseudonymKey !== null && resolved.pseudonymKey.length === 0) problems.push("compact: option pseudonymKey: must not be empty");
  if (problems.length) throw new ConfigError(problems.join("\n"), problems);
  return resolved;
}

function stripUndefined<T extends object>(value: Partial<T>): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
