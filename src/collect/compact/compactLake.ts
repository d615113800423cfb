/**
 * Compaction: raw presence windows -> curated Parquet, one day at a time, with DuckDB.
 * Output per day: curated/presence/source=S/date=D/part-00000.parquet (one row per platform, source, channel,
 * day and user) and curated/channels/date=D/part-00000.parquet (channel metadata of the day).
 * Idempotent and incremental through per-day manifests (manifest.ts); malformed raw files are skipped,
 * counted and named, never deleted.
 */
import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import {
  type Clock,
  LakeError,
  type Logger,
  type ProgressReporter,
  PUBLIC_PSEUDONYM_KEY,
  silentLogger,
  silentProgress,
  SOURCES,
  systemClock,
} from "../../core/index.js";
import { curatedChannelsPrefix, curatedPresencePrefix, type LakeStore, loadPseudonymKey, PART_FILE } from "../../lake/index.js";
import { DayTables } from "./dayTables.js";
import { type DayManifest, hashKeys, isUpToDate, readManifest, settingsFingerprint, writeManifest } from "./manifest.js";
import { type CompactOptions, resolveCompactOptions } from "./options.js";
import { listRawDays, type MalformedFile, type RawDay, readDayWindows } from "./rawDays.js";

export interface CompactDeps {
  logger: Logger;
  clock: Clock;
  progress: ProgressReporter;
  /** Where VIEWERATLAS_PSEUDONYM_KEY is read from. */
  env: NodeJS.ProcessEnv;
  /** Called after each rebuilt day is fully written (Parquet files, then manifest). */
  onDayDone?: (manifest: DayManifest) => void;
}

export interface CompactReport {
  daysSeen: number;
  daysRebuilt: string[];
  daysUnchanged: number;
  windowsRead: number;
  /** Valid windows of another platform than `options.platform`. */
  windowsSkipped: number;
  /** Files skipped in the days rebuilt by this run. */
  malformed: MalformedFile[];
  /** Malformed files recorded by earlier runs in the days this run left unchanged. */
  malformedEarlier: number;
  rowsWritten: { presence: number; channels: number };
  seconds: number;
}

export async function compactLake(lake: LakeStore, options: Partial<CompactOptions> = {}, deps: Partial<CompactDeps> = {}): Promise<CompactReport> {
  const opts = resolveCompactOptions(options);
  const logger = deps.logger ?? silentLogger();
  const clock = deps.clock ?? systemClock;
  const progress = (deps.progress ?? silentProgress).stage("compact days");
  const startedMs = clock.now();
  const key = opts.pseudonymize ? (opts.pseudonymKey ?? (await loadPseudonymKey(lake, deps.env ?? {}, true))) : PUBLIC_PSEUDONYM_KEY;
  const settings = settingsFingerprint(opts.pseudonymize, key, opts.platform);
  const report: CompactReport = {
    daysSeen: 0, daysRebuilt: [], daysUnchanged: 0, windowsRead: 0, windowsSkipped: 0,
    malformed: [], malformedEarlier: 0, rowsWritten: { presence: 0, channels: 0 }, seconds: 0,
  };
  const workDir = await mkdtemp(path.join(tmpdir(), "vieweratlas-compact-"));
  const instance = await DuckDBInstance.create(":memory:", opts.duckdbThreads ? { threads: String(opts.duckdbThreads) } : {});
  const connection = await instance.connect();
  try {
    const tables = new DayTables(connection, key, !opts.pseudonymize);
    for await (const raw of listRawDays(lake, opts.days)) {
      report.daysSeen++;
      const manifest = await readManifest(lake, raw.day);
      if (!opts.full && isUpToDate(manifest, raw.keys, settings)) {
        report.daysUnchanged++;
        report.malformedEarlier += manifest?.malformed.length ?? 0;
      } else {
        const built = await rebuildDay(lake, raw, tables, workDir, opts, settings, clock, logger, report);
        report.daysRebuilt.push(raw.day);
        deps.onDayDone?.(built);
      }
      progress.update(report.daysSeen);
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
    await rm(workDir, { recursive: true, force: true });
  }
  report.seconds = (clock.now() - startedMs) / 1000;
  progress.end(`${report.daysRebuilt.length} rebuilt, ${report.daysUnchanged} unchanged, ${report.malformed.length} malformed`);
  return report;
}

async function rebuildDay(
  lake: LakeStore,
  raw: RawDay,
  tables: DayTables,
  workDir: string,
  opts: CompactOptions,
  settings: string,
  clock: Clock,
  logger: Logger,
  report: CompactReport,
): Promise<DayManifest> {
  await tables.begin(raw.day);
  let skipped = 0;
  const { windows, malformed } = await readDayWindows(lake, raw, opts.readConcurrency, (window) => {
    if (opts.platform !== null && window.platform !== opts.platform) skipped++;
    else tables.add(window);
  });
  const dayDir = await mkdtemp(path.join(workDir, `${raw.day}-`));
  const output = await tables.finish(dayDir);
  const used = windows - skipped;
  for (const file of malformed) logger.warn({ key: file.key, reason: file.reason }, "compact: skipped a malformed raw file");
  // A day whose files are all malformed (or of another platform) keeps whatever curated files it had.
  if (used > 0) {
    for (const source of SOURCES) {
      const partKey = curatedPresencePrefix(source, raw.day) + PART_FILE;
      const part = output.presence[source];
      if (part) await putFile(lake, partKey, part.file);
      else await lake.delete(partKey); // a source that no longer has windows that day
    }
    await putFile(lake, curatedChannelsPrefix(raw.day) + PART_FILE, output.channels.file);
  }
  const rows = { live: output.presence.live?.rows ?? 0, vod: output.presence.vod?.rows ?? 0 };
  const manifest: DayManifest = {
    version: 1,
    day: raw.day,
    rawKeyCount: raw.keys.length,
    rawKeysSha256: hashKeys(raw.keys),
    settings,
    builtAt: new Date(clock.now()).toISOString(),
    windows: used,
    rows,
    channels: used > 0 ? output.channels.rows : 0,
    malformed,
  };
  await writeManifest(lake, manifest);
  await rm(dayDir, { recursive: true, force: true });
  report.windowsRead += used;
  report.windowsSkipped += skipped;
  report.malformed.push(...malformed);
  if (used > 0) {
    report.rowsWritten.presence += rows.live + rows.vod;
    report.rowsWritten.channels += output.channels.rows;
  }
  logger.info({ day: raw.day, windows: used, rows: rows.live + rows.vod, malformed: malformed.length }, "compact: day rebuilt");
  return manifest;
}

async function putFile(lake: LakeStore, key: string, file: string): Promise<void> {
  try {
    await lake.putStream(key, createReadStream(file));
  } catch (e) {
    throw new LakeError(`compact: writing ${key} failed: ${(e as Error).message}`, { cause: e });
  }
}
