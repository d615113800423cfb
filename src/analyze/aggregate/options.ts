/**
 * Aggregation's options: DEFAULTS, the typed Options, the one resolve step, and the date window they name.
 */
import { type AtlasConfig, BOT_FILTERS, type Clock, ConfigError, type Platform, PLATFORMS, type Source, SOURCES, utcDay } from "../../core/index.js";

export type BotFilter = (typeof BOT_FILTERS)[number];

export interface AggregateOptions {
  /** First UTC day (YYYY-MM-DD), inclusive; null = `days` back from `until`. */
  since: string | null;
  /** Last UTC day, inclusive; null = today by the injected clock. */
  until: string | null;
  /** Window length in days when `since` is null. */
  days: number;
  sources: Source[];
  platform: Platform;
  /** Channels with fewer unique users in the window (after the bot lists) are dropped. */
  minChannelViewers: number;
  /** Keep only the N channels with the most unique users; 0 = all. */
  topChannels: number;
  /** lists: the shipped bot lists + botUsers; heuristic: users in more than botMaxChannelShare of channels. */
  botFilter: BotFilter;
  botMaxChannelShare: number;
  /** The heuristic is skipped below this many channels, where a share of channels says little. */
  botHeuristicMinChannels: number;
  /** Extra bot logins for the list filter. */
  botUsers: string[];
  /** As privacy.pseudonymize; must match what compaction used, or listed bots will not be recognised. */
  pseudonymize: boolean;
  /** The pseudonymisation key; null = the lake's (loadPseudonymKey). */
  pseudonymKey: string | null;
  /** Partition files fetched at once from a remote (S3) lake. */
  downloadConcurrency: number;
  /** DuckDB threads; 0 = DuckDB's default (all cores). */
  duckdbThreads: number;
}

export const DEFAULTS: AggregateOptions = {
  since: null,
  until: null,
  days: 30,
  sources: [...SOURCES],
  platform: "twitch",
  minChannelViewers: 0,
  topChannels: 0,
  botFilter: "both",
  botMaxChannelShare: 0.2,
  botHeuristicMinChannels: 20,
  botUsers: [],
  pseudonymize: true,
  pseudonymKey: null,
  downloadConcurrency: 8,
  duckdbThreads: 0,
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

export function resolveAggregateOptions(options: Partial<AggregateOptions> = {}): AggregateOptions {
  const o: AggregateOptions = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
  const problems: string[] = [];
  for (const name of ["since", "until"] as const) {
    const v = o[name];
    if (v !== null && !isDay(v)) problems.push(`${name}: not a UTC day (YYYY-MM-DD): ${JSON.stringify(v)}`);
  }
  if (o.since && o.until && isDay(o.since) && isDay(o.until) && o.since > o.until) problems.push(`since: ${o.since} is after until ${o.until}`);
  if (!Number.isInteger(o.days) || o.days < 1 || o.days > 3660) problems.push("days: must be an integer in 1..3660");
  if (!o.sources.length || o.sources.some((s) => !SOURCES.includes(s))) problems.push(`sources: must be a non-empty subset of ${SOURCES.join(", ")}`);
  if (!PLATFORMS.includes(o.platform)) problems.push(`platform: unknown platform ${JSON.stringify(o.platform)}`);
  for (const name of ["minChannelViewers", "topChannels", "botHeuristicMinChannels", "duckdbThreads"] as const) {
    if (!Number.isInteger(o[name]) || o[name] < 0) problems.push(`${name}: must be a non-negative integer`);
  }
  if (!Number.isInteger(o.downloadConcurrency) || o.downloadConcurrency < 1) problems.push("downloadConcurrency: must be a positive integer");
  if (!BOT_FILTERS.includes(o.botFilter)) problems.push(`botFilter: must be one of ${BOT_FILTERS.join(", ")}`);
  if (!(o.botMaxChannelShare > 0 && o.botMaxChannelShare <= 1)) problems.push("botMaxChannelShare: must be within (0, 1]");
  if (problems.length) throw new ConfigError(`aggregate: invalid options: ${problems.join("; ")}`, problems);
  return { ...o, sources: [...new Set(o.sources)].sort(), botUsers: o.botUsers.map((l) => l.trim().toLowerCase()).filter(Boolean) };
}

/** The aggregate options the config's `analysis` section names (days, filters, bot lists) and `privacy.pseudonymize`. */
export function aggregateOptionsFromConfig(config: Pick<AtlasConfig, "analysis" | "privacy">): Partial<AggregateOptions> {
  const a = config.analysis;
  return {
    days: a.days,
    minChannelViewers: a.min_channel_viewers,
    topChannels: a.top_channels,
    botFilter: a.bot_filter,
    botMaxChannelShare: a.bot_max_channel_share,
    botUsers: a.bot_users,
    pseudonymize: config.privacy.pseudonymize,
  };
}

/** The inclusive UTC day window: explicit since/until, else `days` back from until (or today by the clock). */
export function resolveWindow(o: AggregateOptions, clock: Clock): { since: string; until: string; dayCount: number } {
  const until = o.until ?? utcDay(clock.now());
  const untilMs = Date.parse(`${until}T00:00:00Z`);
  const since = o.since ?? utcDay(untilMs - (o.days - 1) * DAY_MS);
  const dayCount = Math.round((untilMs - Date.parse(`${since}T00:00:00Z`)) / DAY_MS) + 1;
  return { since, until, dayCount };
}

function isDay(v: string): boolean {
  return DAY.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`));
}
