/**
 * Aggregation: the lake's curated presence over a date window -> the channel × user PresenceMatrix (distinct days
 * per cell), with the bot filters and channel filters applied and a DataQualityReport of what each removed.
 * Listed bots are matched by login_key = pseudonymize(lake key, platform, login), so analysis never needs logins.
 */
import {
  type Clock,
  InputError,
  type Logger,
  loadBotLists,
  type ProgressReporter,
  pseudonymize,
  silentLogger,
  silentProgress,
} from "../../core/index.js";
import { type LakeStore, loadPseudonymKey } from "../../lake/index.js";
import type { DataQualityReport, PresenceMatrix } from "../types.js";
import { buildPresenceMatrix, MAX_DAYS } from "./buildMatrix.js";
import { type AggregateOptions, resolveAggregateOptions, resolveWindow } from "./options.js";
import { scanPresence } from "./scanPresence.js";

export interface AggregateDeps {
  clock: Clock;
  env: NodeJS.ProcessEnv;
  logger?: Logger;
  progress?: ProgressReporter;
  /** Where partitions of a remote lake are downloaded; null = the OS temp folder. */
  tempDir?: string | null;
}

export async function loadPresence(lake: LakeStore, options: Partial<AggregateOptions>, deps: AggregateDeps): Promise<PresenceMatrix> {
  const o = resolveAggregateOptions(options);
  const logger = deps.logger ?? silentLogger();
  const progress = (deps.progress ?? silentProgress).stage("aggregate: scan");
  const { since, until, dayCount } = resolveWindow(o, deps.clock);
  if (dayCount > MAX_DAYS) throw new InputError(`aggregate: the window ${since}..${until} is ${dayCount} days; at most ${MAX_DAYS}`);
  const useLists = o.botFilter === "lists" || o.botFilter === "both";
  const useHeuristic = o.botFilter === "heuristic" || o.botFilter === "both";
  const key = useLists ? (o.pseudonymKey ?? (await loadPseudonymKey(lake, deps.env, o.pseudonymize))) : null;
  const listed = key === null ? null : listedLoginKeys(key, o.platform, o.botUsers);

  const scan = await scanPresence(lake, {
    since,
    until,
    sources: o.sources,
    platform: o.platform,
    listed,
    downloadConcurrency: o.downloadConcurrency,
    duckdbThreads: o.duckdbThreads,
    tempDir: deps.tempDir ?? null,
  });
  if (!scan || scan.rows.count === 0) {
    throw new InputError(`analyze: no presence between ${since} and ${until} in ${lake.location}; run collect or demo`);
  }
  progress.end(`${scan.rows.count.toLocaleString("en")} rows from ${scan.files} files`);
  logger.debug({ rows: scan.rows.count, files: scan.files, channels: scan.channels.length, ms: scan.timings }, "aggregate: scanned");
  const buildStart = performance.now();

  const built = buildPresenceMatrix(scan.rows, scan.channels.length, scan.sources.length, {
    minChannelViewers: o.minChannelViewers,
    topChannels: o.topChannels,
    listed: scan.listed,
    maxChannelShare: useHeuristic ? o.botMaxChannelShare : null,
    heuristicMinChannels: o.botHeuristicMinChannels,
  });
  logger.debug({ ms: Math.round(performance.now() - buildStart) }, "aggregate: matrix built");
  if (built.channels.length === 0) {
    throw new InputError(`analyze: every channel between ${since} and ${until} in ${lake.location} was filtered out (${built.filters.map((f) => f.name).join(", ")})`);
  }
  const report: DataQualityReport = {
    rows: built.input.rows,
    channels: built.input.channels,
    users: built.input.users,
    days: built.input.days,
    bySource: Object.fromEntries(scan.sources.map((s, i) => [s, built.input.bySource[i]]).filter(([, c]) => (c as { rows: number }).rows > 0)),
    filters: built.filters,
    skipped: scan.skipped,
  };
  for (const f of built.filters) logger.info({ ...f }, `aggregate: filter ${f.name}`);
  return {
    channels: Array.from(built.channels, (c) => scan.channels[c]),
    userCount: built.userCount,
    offsets: built.offsets,
    userIndex: built.userIndex,
    days: built.days,
    since,
    until,
    report,
  };
}

/** login_key → login of the shipped service and viewer bot lists plus extra logins. */
export function listedLoginKeys(key: string, platform: string, extra: readonly string[]): Map<bigint, string> {
  const lists = loadBotLists();
  const keys = new Map<bigint, string>();
  for (const login of [...lists.service, ...lists.viewer, ...extra]) keys.set(pseudonymize(key, platform, login.toLowerCase()), login.toLowerCase());
  return keys;
}
