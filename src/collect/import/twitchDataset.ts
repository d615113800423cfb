/**
 * Imports the public Twitch dataset of Rappaz, McAuley and Aberer ("Recommendation on Live-Streaming Platforms:
 * Dynamic Availability and Repeat Consumption", RecSys 2021) into curated presence. Its CSV has no header and
 * one row per observed viewing interval: user_id,stream_id,streamer,time_start,time_stop, times in 10-minute
 * steps from the start of the crawl. The dataset's times are relative, so step 0 is placed at `startDate`
 * (default 2019-01-01, UTC) and day = floor(time_start / 144). Rows become one curated row per
 * (streamer, user, day): first_seen/last_seen from the earliest time_start and latest time_stop (x 600 s),
 * windows = intervals that day, active_buckets = 10-minute steps watched, messages = 0 (the dataset has none).
 * DuckDB streams the file (millions of rows) and groups it; bad rows are skipped, counted and named by line.
 */
import { createReadStream } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { InputError, LakeError, type ProgressReporter, pseudonymize, silentProgress } from "../../core/index.js";
import {
  CURATED_CHANNELS_COLUMNS,
  CURATED_PRESENCE_COLUMNS,
  curatedChannelsPrefix,
  curatedPresencePrefix,
  type LakeStore,
  PART_FILE,
} from "../../lake/index.js";

export interface TwitchDatasetImportOptions {
  /** UTC date (YYYY-MM-DD) that the dataset's step 0 maps to. */
  startDate: string;
  platform: "twitch";
  /** Pseudonymisation key (the lake's); with `pseudonymize` off, user ids are also stored in clear. */
  pseudonymKey: string;
  pseudonymize: boolean;
  /** Overwrite curated partitions that already exist for the imported days. */
  replace: boolean;
  /** Where DuckDB writes Parquet before it goes into the lake; null = the OS temp folder. */
  tempDir: string | null;
}

export const TWITCH_DATASET_DEFAULTS: Omit<TwitchDatasetImportOptions, "pseudonymKey"> = {
  startDate: "2019-01-01",
  platform: "twitch",
  pseudonymize: true,
  replace: false,
  tempDir: null,
};

export interface TwitchDatasetImportReport {
  file: string;
  /** Rows read and accepted. */
  rows: number;
  /** Rows skipped: unparsable (with file:line examples) or with impossible times. */
  skipped: { count: number; examples: string[] };
  users: number;
  channels: number;
  days: string[];
  /** Curated rows written (one per channel, user, day). */
  curatedRows: number;
  keys: string[];
  seconds: number;
}

const STEP_S = 600;
const STEPS_PER_DAY = 144;
const MAX_EXAMPLES = 5;

export async function importTwitchDataset(
  lake: LakeStore,
  file: string,
  options: Partial<TwitchDatasetImportOptions> & { pseudonymKey: string },
  deps: { progress?: ProgressReporter } = {},
): Promise<TwitchDatasetImportReport> {
  const o: TwitchDatasetImportOptions = { ...TWITCH_DATASET_DEFAULTS, ...options };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(o.startDate) || Number.isNaN(Date.parse(o.startDate))) {
    throw new InputError(`twitch-dataset: start date ${JSON.stringify(o.startDate)} is not YYYY-MM-DD`);
  }
  const progress = deps.progress ?? silentProgress;
  const t0 = performance.now();
  const work = await mkdtemp(path.join(o.tempDir ?? tmpdir(), "vieweratlas-twitch-dataset-"));
  const instance = await DuckDBInstance.create(":memory:");
  const db = await instance.connect();
  try {
    const read = progress.stage("read CSV");
    const { rows, skipped } = await readAndGroup(db, file);
    read.end(`${rows.toLocaleString("en")} rows, ${skipped.count} skipped`);
    if (rows === 0) throw new InputError(`twitch-dataset: ${file} has no valid rows (${skipped.count} skipped${skipped.examples[0] ? `; first: ${skipped.examples[0]}` : ""})`);

    const keysStage = progress.stage("pseudonymise users");
    const users = await writeUserKeys(db, o);
    keysStage.end(`${users.toLocaleString("en")} users`);

    const dayIndices = (await (await db.runAndReadAll("SELECT DISTINCT day FROM grouped ORDER BY day")).getColumnsJS())[0].map(Number);
    const days = dayIndices.map((d) => dayName(o.startDate, d));
    if (!o.replace) await refuseExistingDays(lake, days);

    await buildCuratedTables(db, o);
    const write = progress.stage("write curated", days.length);
    // NOTE: one partitioned COPY per table writes every day in one scan (42 per-day COPYs took 4x as long).
    for (const table of ["presence", "channels"]) {
      const order = table === "presence" ? "day, channel_login, user_key" : "day, channel_login";
      await db.run(`COPY (SELECT * FROM curated_${table} ORDER BY ${order}) TO '${path.join(work, table)}' (FORMAT parquet, PARTITION_BY (day))`);
    }
    const keys: string[] = [];
    for (const [k, d] of dayIndices.entries()) {
      const presenceKey = curatedPresencePrefix("live", days[k]) + PART_FILE;
      const channelsKey = curatedChannelsPrefix(days[k]) + PART_FILE;
      await lake.putStream(presenceKey, createReadStream(await onlyFile(path.join(work, "presence", `day=${d}`))));
      await lake.putStream(channelsKey, createReadStream(await onlyFile(path.join(work, "channels", `day=${d}`))));
      keys.push(presenceKey, channelsKey);
      write.update(k + 1);
    }
    write.end(`${days.length} days`);
    const counts = (await (await db.runAndReadAll("SELECT count(*), count(DISTINCT channel_login) FROM curated_presence")).getRowsJS())[0].map(Number);
    return { file, rows, skipped, users, channels: counts[1], days, curatedRows: counts[0], keys, seconds: (performance.now() - t0) / 1000 };
  } finally {
    db.closeSync();
    instance.closeSync();
    await rm(work, { recursive: true, force: true });
  }
}

/** One pass over the CSV: groups valid rows per (streamer, user, day) and counts what it had to skip. */
async function readAndGroup(db: DuckDBConnection, file: string): Promise<{ rows: number; skipped: { count: number; examples: string[] } }> {
  const source = `read_csv(${sqlString(file)}, header = false, auto_detect = false, delim = ',', quote = '"',
      columns = {'user_id': 'VARCHAR', 'stream_id': 'VARCHAR', 'streamer': 'VARCHAR', 'time_start': 'BIGINT', 'time_stop': 'BIGINT'},
      ignore_errors = true, store_rejects = true)`;
  try {
    // Rows with impossible values group under valid = false: counted in the same pass, never written.
    await db.run(`CREATE TABLE grouped AS
      SELECT lower(trim(streamer)) AS channel_login, trim(user_id) AS user_id,
        (time_start // ${STEPS_PER_DAY})::INTEGER AS day,
        coalesce(time_start >= 0 AND time_stop >= time_start AND trim(streamer) <> '' AND trim(user_id) <> '', false) AS valid,
        min(time_start) AS first_step, max(time_stop) AS last_step, count(*) AS intervals, sum(time_stop - time_start) AS steps
      FROM ${source}
      GROUP BY ALL`);
  } catch (e) {
    throw new InputError(`twitch-dataset: cannot read ${file}: ${(e as Error).message}`, { cause: e });
  }
  const [accepted, invalid] = (await (await db.runAndReadAll(`SELECT coalesce(sum(intervals) FILTER (WHERE valid), 0), coalesce(sum(intervals) FILTER (WHERE NOT valid), 0) FROM grouped`)).getRowsJS())[0].map(Number);
  await db.run("DELETE FROM grouped WHERE NOT valid");
  // DuckDB may log several errors for one bad line: count lines, not errors.
  const rejects = await db.runAndReadAll("SELECT line, min(error_message) FROM reject_errors GROUP BY line ORDER BY line");
  const rejected = (await rejects.getRowsJS()).map(([line, message]) => `${file}:${Number(line)}: ${String(message).split("\n")[0]}`);
  const examples = rejected.slice(0, MAX_EXAMPLES);
  if (invalid > 0 && examples.length < MAX_EXAMPLES) examples.push(`${file}: ${invalid} rows with negative or reversed times, or no user or streamer`);
  return { rows: accepted, skipped: { count: rejected.length + invalid, examples } };
}

/** Keys every distinct user once (HMAC in JS, so the same key and function as every other writer). */
async function writeUserKeys(db: DuckDBConnection, o: TwitchDatasetImportOptions): Promise<number> {
  await db.run("CREATE TABLE user_keys (user_id VARCHAR, user_key BIGINT)");
  const appender = await db.createAppender("user_keys");
  const result = await db.stream("SELECT DISTINCT user_id FROM grouped");
  let users = 0;
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    for (const id of chunk.getColumnValues(0) as string[]) {
      appender.appendVarchar(id);
      appender.appendBigInt(pseudonymize(o.pseudonymKey, o.platform, id));
      appender.endRow();
      users++;
    }
  }
  appender.closeSync();
  return users;
}

async function buildCuratedTables(db: DuckDBConnection, o: TwitchDatasetImportOptions): Promise<void> {
  const start = `TIMESTAMP '${o.startDate} 00:00:00'`;
  await db.run(`CREATE TABLE curated_presence (day INTEGER, ${CURATED_PRESENCE_COLUMNS})`);
  // The dataset has user ids only: login_key hashes the id too (no listed bot login can match it).
  await db.run(`INSERT INTO curated_presence
    SELECT g.day, '${o.platform}', g.channel_login, NULL, k.user_key, k.user_key,
      ${o.pseudonymize ? "NULL" : "g.user_id"}, NULL,
      ${start} + to_seconds(g.first_step * ${STEP_S}), ${start} + to_seconds(g.last_step * ${STEP_S}),
      0, g.intervals::INTEGER, g.steps::INTEGER
    FROM grouped g JOIN user_keys k USING (user_id)`);
  await db.run(`CREATE TABLE curated_channels (day INTEGER, ${CURATED_CHANNELS_COLUMNS})`);
  await db.run(`INSERT INTO curated_channels
    SELECT day, '${o.platform}', channel_login, NULL, NULL, NULL, NULL, NULL, NULL, sum(windows)::INTEGER, count(*)::INTEGER, NULL
    FROM curated_presence GROUP BY day, channel_login`);
}

async function refuseExistingDays(lake: LakeStore, days: string[]): Promise<void> {
  const taken: string[] = [];
  for (const day of days) {
    for await (const _ of lake.list(curatedPresencePrefix("live", day))) {
      taken.push(day);
      break;
    }
  }
  if (taken.length > 0) {
    throw new InputError(
      `twitch-dataset: curated presence in ${lake.location} already holds ${taken.length} of the imported days (${taken[0]}…${taken.at(-1)}); ` +
        "pass --replace to overwrite them or --start-date to place the import elsewhere",
    );
  }
}

/** The one Parquet file DuckDB wrote for a partition (a partition holds a single part file in the lake). */
async function onlyFile(dir: string): Promise<string> {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".parquet"));
  if (files.length !== 1) throw new LakeError(`twitch-dataset: expected one Parquet file in ${dir}, found ${files.length}`);
  return path.join(dir, files[0]);
}

function dayName(startDate: string, day: number): string {
  return new Date(Date.parse(`${startDate}T00:00:00Z`) + day * 86_400_000).toISOString().slice(0, 10);
}

function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
