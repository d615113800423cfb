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
  pseudonymize,
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
  const connections = [await instance.connect(), await instance.connect()];
  const run: RunContext = { lake, opts, settings, clock, logger, report, workDir };
  // NOTE: two connections, so one day's windows are read and appended while DuckDB groups and writes the
  // day before; days still finish (Parquet, then manifest) one after another, in order.
  const pseudonym = pseudonymCache(key);
  const tables = connections.map((c) => new DayTables(c, pseudonym, !opts.pseudonymize));
  let writing: Promise<void> | null = null;
  // Alternates the table sets by days loaded, not days seen: an unchanged day in between must not hand the set
  // still being written to the next day.
  let loads = 0;
  try {
    for await (const raw of listRawDays(lake, opts.days)) {
      report.daysSeen++;
      const manifest = await readManifest(lake, raw.day);
      if (!opts.full && isUpToDate(manifest, raw.keys, settings)) {
        report.daysUnchanged++;
        report.malformedEarlier += manifest?.malformed.length ?? 0;
        progress.update(report.daysSeen);
        continue;
      }
      const loaded = await loadDay(run, raw, tables[loads++ % 2]);
      if (writing) await writing;
      writing = writeDay(run, loaded).then((built) => {
        report.daysRebuilt.push(built.day);
        deps.onDayDone?.(built);
        progress.update(report.daysSeen);
      });
      writing.catch(() => undefined); // awaited before the next day or at the end; this only avoids an unhandled report
    }
    if (writing) await writing;
  } finally {
    await writing?.catch(() => undefined);
    for (const connection of connections) connection.closeSync();
    instance.closeSync();
    await rm(workDir, { recursive: true, force: true });
  }
  report.seconds = (clock.now() - startedMs) / 1000;
  progress.end(`${report.daysRebuilt.length} rebuilt, ${report.daysUnchanged} unchanged, ${report.malformed.length} malformed`);
  return report;
}

interface RunContext {
  lake: LakeStore;
  opts: CompactOptions;
  settings: string;
  clock: Clock;
  logger: Logger;
  report: CompactReport;
  workDir: string;
}

interface LoadedDay {
  raw: RawDay;
  tables: DayTables;
  used: number;
  skipped: number;
  malformed: MalformedFile[];
}

/** Reads, validates and appends a day's windows into `tables`. */
async function loadDay(run: RunContext, raw: RawDay, tables: DayTables): Promise<LoadedDay> {
  await tables.begin(raw.day);
  let skipped = 0;
  const { windows, malformed } = await readDayWindows(run.lake, raw, run.opts.readConcurrency, (window) => {
    if (run.opts.platform !== null && window.platform !== run.opts.platform) skipped++;
    else tables.add(window);
  });
  for (const file of malformed) run.logger.warn({ key: file.key, reason: file.reason }, "compact: skipped a malformed raw file");
  return { raw, tables, used: windows - skipped, skipped, malformed };
}

/** Groups a loaded day, puts its Parquet files into the lake, then its manifest. */
async function writeDay(run: RunContext, day: LoadedDay): Promise<DayManifest> {
  const { lake, report } = run;
  const { raw, used, malformed } = day;
  const dayDir = await mkdtemp(path.join(run.workDir, `${raw.day}-`));
  const output = await day.tables.finish(dayDir);
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
    settings: run.settings,
    builtAt: new Date(run.clock.now()).toISOString(),
    windows: used,
    rows,
    channels: used > 0 ? output.channels.rows : 0,
    malformed,
  };
  await writeManifest(lake, manifest);
  await rm(dayDir, { recursive: true, force: true });
  report.windowsRead += used;
  report.windowsSkipped += day.skipped;
  report.malformed.push(...malformed);
  if (used > 0) {
    report.rowsWritten.presence += rows.live + rows.vod;
    report.rowsWritten.channels += output.channels.rows;
  }
  run.logger.info({ day: raw.day, windows: used, rows: rows.live + rows.vod, malformed: malformed.length }, "compact: day rebuilt");
  return manifest;
}

// NOTE: pseudonyms repeat across a day's windows and across days; caching them saves most HMACs.
const PSEUDONYM_CACHE_LIMIT = 2_000_000;

function pseudonymCache(key: string): (platform: string, value: string) => bigint {
  const cache = new Map<string, bigint>();
  return (platform, value) => {
    const id = `${platform}:${value}`;
    let hashed = cache.get(id);
    if (hashed === undefined) {
      if (cache.size >= PSEUDONYM_CACHE_LIMIT) cache.clear();
      hashed = pseudonymize(key, platform, value);
      cache.set(id, hashed);
    }
    return hashed;
  };
}

async function putFile(lake: LakeStore, key: string, file: string): Promise<void> {
  try {
    await lake.putStream(key, createReadStream(file));
  } catch (e) {
    throw new LakeError(`compact: writing ${key} failed: ${(e as Error).message}`, { cause: e });
  }
}
