/**
 * Retention: deletes whole day partitions of raw and curated data whose `date=` is older than the policy
 * allows, and analysis runs (`run=<timestamp>`) older than that, never the run analysis/latest.json names.
 * 0 days keeps an area forever. With N days, a partition of day D goes when D < (today − N days), UTC:
 * `raw_days: 7` on 2024-05-10 keeps 2024-05-03 to 2024-05-10. Downloaded VOD chat (raw/vod_chat/vod=ID/)
 * has no day in its key; it goes when last modified before that first kept day.
 */
import { type AtlasConfig, type Clock, LakeError, utcDay } from "../core/index.js";
import type { LakeStore } from "./LakeStore.js";
import { ANALYSIS, CURATED_CHANNELS, CURATED_PRESENCE, LATEST_RUN, partitionValue, RAW_SNAPSHOTS, RAW_VOD_CHAT } from "./layout.js";

export type RetentionPolicy = AtlasConfig["retention"];

export interface PruneOptions {
  /** Count what would go, delete nothing. */
  dryRun?: boolean;
}

export interface PrunedArea {
  /** Day partitions (raw, curated; raw also counts VOD chat folders) or runs (analysis) removed. */
  partitions: number;
  objects: number;
  bytes: number;
}

export interface PruneReport {
  dryRun: boolean;
  /** Oldest day (raw, curated) or instant (analysis, ISO) kept per area; null = kept forever. */
  keepFrom: { raw: string | null; curated: string | null; analysis: string | null };
  raw: PrunedArea;
  curated: PrunedArea;
  analysis: PrunedArea;
  /** The run analysis/latest.json names, kept whatever its age. */
  latestRun: string | null;
}

const DAY_MS = 86_400_000;
const DELETE_BATCH = 1000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
// runStore writes summary.json last, and a run with one counts as complete; deleting it first means an
// interrupted prune never leaves a run that looks complete but misses files.
const RUN_COMPLETE_MARKER = "summary.json";

export async function pruneLake(lake: LakeStore, policy: RetentionPolicy, clock: Clock, options: PruneOptions = {}): Promise<PruneReport> {
  for (const [name, days] of Object.entries(policy)) {
    if (!Number.isInteger(days) || days < 0) throw new LakeError(`retention: ${name} must be a whole number of days ≥ 0, got ${days}`);
  }
  const dryRun = Boolean(options.dryRun);
  const now = clock.now();
  const rawFrom = policy.raw_days > 0 ? utcDay(now - policy.raw_days * DAY_MS) : null;
  const curatedFrom = policy.curated_days > 0 ? utcDay(now - policy.curated_days * DAY_MS) : null;
  const analysisFromMs = policy.analysis_days > 0 ? now - policy.analysis_days * DAY_MS : null;
  // Read the pointer before deleting anything, so a broken pointer stops the prune with nothing lost.
  const latestRun = analysisFromMs === null ? null : await readLatestRunId(lake);
  const deleter = new BatchDeleter(lake, dryRun);

  const raw = emptyArea();
  if (rawFrom) {
    // Keys list in key order and `date=YYYY-MM-DD` sorts by time, so the walk stops at the first kept day.
    for await (const o of lake.list(`${RAW_SNAPSHOTS}date=`)) {
      const day = partitionValue(o.key, "date");
      if (!day || !DAY.test(day) || day >= rawFrom) break;
      await deleter.add(o.key, o.size, raw, `${RAW_SNAPSHOTS}date=${day}/`);
    }
    const rawFromMs = Date.parse(`${rawFrom}T00:00:00Z`);
    for await (const o of lake.list(`${RAW_VOD_CHAT}vod=`)) {
      const vod = partitionValue(o.key, "vod");
      if (vod && o.modifiedMs < rawFromMs) await deleter.add(o.key, o.size, raw, `${RAW_VOD_CHAT}vod=${vod}/`);
    }
  }

  const curated = emptyArea();
  if (curatedFrom) {
    for (const table of [CURATED_PRESENCE, CURATED_CHANNELS]) {
      for await (const o of lake.list(table)) {
        const day = partitionValue(o.key, "date");
        if (!day || !DAY.test(day) || day >= curatedFrom) continue;
        await deleter.add(o.key, o.size, curated, o.key.slice(0, o.key.indexOf(`date=${day}/`)) + `date=${day}/`);
      }
    }
  }

  const analysis = emptyArea();
  if (analysisFromMs !== null) {
    const runs = new Map<string, { key: string; size: number }[]>();
    for await (const o of lake.list(`${ANALYSIS}run=`)) {
      const runId = partitionValue(o.key, "run");
      const startedMs = runId ? runTimeMs(runId) : null;
      if (!runId || startedMs === null || startedMs >= analysisFromMs || runId === latestRun) continue;
      const files = runs.get(runId) ?? [];
      files.push({ key: o.key, size: o.size });
      runs.set(runId, files);
    }
    for (const [runId, files] of runs) {
      files.sort((a, b) => Number(b.key.endsWith(`/${RUN_COMPLETE_MARKER}`)) - Number(a.key.endsWith(`/${RUN_COMPLETE_MARKER}`)));
      for (const f of files) await deleter.add(f.key, f.size, analysis, runId);
    }
  }
  await deleter.flush();

  return {
    dryRun,
    keepFrom: { raw: rawFrom, curated: curatedFrom, analysis: analysisFromMs === null ? null : new Date(analysisFromMs).toISOString() },
    raw: raw.counts(),
    curated: curated.counts(),
    analysis: analysis.counts(),
    latestRun,
  };
}

/** Run ids are `keyTime` stamps (2024-05-10T12-00-00Z); anything else is not a run retention may judge. */
export function runTimeMs(runId: string): number | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})(?:\.\d+)?Z$/.exec(runId);
  if (!m) return null;
  const ms = Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4]}Z`);
  return Number.isNaN(ms) ? null : ms;
}

async function readLatestRunId(lake: LakeStore): Promise<string | null> {
  const bytes = await lake.get(LATEST_RUN);
  if (!bytes) return null;
  try {
    const runId = (JSON.parse(Buffer.from(bytes).toString("utf8")) as { runId?: unknown }).runId;
    if (typeof runId !== "string") throw new Error("no runId");
    return runId;
  } catch (e) {
    throw new LakeError(`retention: ${LATEST_RUN} in ${lake.location} names no run (${(e as Error).message}); nothing was pruned`, { cause: e });
  }
}

interface AreaTally {
  seen: Set<string>;
  objects: number;
  bytes: number;
  counts(): PrunedArea;
}

function emptyArea(): AreaTally {
  return {
    seen: new Set(),
    objects: 0,
    bytes: 0,
    counts() {
      return { partitions: this.seen.size, objects: this.objects, bytes: this.bytes };
    },
  };
}

/** Collects keys and deletes them a batch at a time (one request per 1,000 keys on S3). */
class BatchDeleter {
  private pending: string[] = [];
  constructor(
    private readonly lake: LakeStore,
    private readonly dryRun: boolean,
  ) {}

  async add(key: string, size: number, area: AreaTally, partition: string): Promise<void> {
    area.seen.add(partition);
    area.objects += 1;
    area.bytes += size;
    if (this.dryRun) return;
    this.pending.push(key);
    if (this.pending.length >= DELETE_BATCH) await this.flush();
  }

  async flush(): Promise<void> {
    const keys = this.pending;
    this.pending = [];
    if (!keys.length) return;
    if (this.lake.deleteMany) await this.lake.deleteMany(keys);
    else for (const key of keys) await this.lake.delete(key);
  }
}
