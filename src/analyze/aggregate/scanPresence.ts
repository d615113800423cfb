/**
 * The DuckDB half of aggregation: finds the curated partitions of the window, makes them local (in place on a
 * local lake; downloaded through LakeStore from S3, never DuckDB's httpfs), and scans them into typed columns.
 * DuckDB numbers the channels (by login) and finds listed bots by login_key; the JS side does the rest.
 */
import { createWriteStream } from "node:fs";
import { access, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { type DuckDBConnection, DuckDBInstance, type DuckDBVector } from "@duckdb/node-api";
import { type ChannelInfo } from "../types.js";
import { LakeError, type Source } from "../../core/index.js";
import { CURATED_CHANNELS, CURATED_PRESENCE, type LakeStore, partitionValue } from "../../lake/index.js";
import { MAX_SOURCES, ROW_CHANNEL, type ScannedRows } from "./buildMatrix.js";

export interface ScanRequest {
  since: string;
  until: string;
  sources: Source[];
  platform: string;
  /** login_key → login of every listed bot; null = no list filter. */
  listed: Map<bigint, string> | null;
  downloadConcurrency: number;
  duckdbThreads: number;
  tempDir: string | null;
}

export interface PresenceScan {
  rows: ScannedRows;
  /** Channel logins in index order (sorted). */
  channels: ChannelInfo[];
  /** Sources in the order of the rows' source index. */
  sources: Source[];
  listed: { hi: Int32Array; lo: Int32Array; logins: string[] } | null;
  files: number;
  skipped: { what: string; count: number; examples: string[] }[];
}

/** Scans the window's curated presence; null when the window holds no presence files. */
export async function scanPresence(lake: LakeStore, request: ScanRequest): Promise<PresenceScan | null> {
  const presenceKeys = await windowKeys(lake, request.sources.map((s) => `${CURATED_PRESENCE}source=${s}/`), request);
  if (!presenceKeys.length) return null;
  const channelKeys = await windowKeys(lake, [CURATED_CHANNELS], request);
  let work: string | null = null;
  const workDir = async () => (work ??= await mkdtemp(path.join(request.tempDir ?? tmpdir(), "vieweratlas-aggregate-")));
  const instance = await DuckDBInstance.create(":memory:", request.duckdbThreads ? { threads: String(request.duckdbThreads) } : {});
  const db = await instance.connect();
  try {
    const presence = await localFiles(lake, presenceKeys, workDir, request.downloadConcurrency);
    const channelFiles = await localFiles(lake, channelKeys, workDir, request.downloadConcurrency);
    const { readable, unreadable, rowCount } = await checkFiles(db, presence);
    const skipped = unreadable.length
      ? [{ what: "unreadable presence files", count: unreadable.length, examples: unreadable.slice(0, 3).map((f) => path.basename(path.dirname(f)) + "/" + path.basename(f)) }]
      : [];
    if (!readable.length) return null;
    const list = sqlList(readable);
    const platform = sqlString(request.platform);
    await db.run(`CREATE TABLE cidx AS SELECT channel_login, (row_number() OVER (ORDER BY channel_login) - 1)::INTEGER AS c
      FROM (SELECT DISTINCT channel_login FROM read_parquet(${list}) WHERE platform = ${platform})`);
    const logins = (await db.runAndReadAll("SELECT channel_login FROM cidx ORDER BY c")).getColumnsJS()[0] as string[];
    const listed = request.listed ? await findListed(db, list, platform, request.listed) : null;
    const sourceIndex = request.sources.map((s, i) => `WHEN ${sqlString(s)} THEN ${i}`).join(" ");
    // NOTE: a materialised result (about 12 bytes a row inside DuckDB) is read chunk by chunk without an await each.
    const result = await db.run(`SELECT (c.c * ${ROW_CHANNEL} + (p.date - DATE '${request.since}') * ${MAX_SOURCES} + CASE p.source ${sourceIndex} END)::INTEGER AS key,
        (p.user_key >> 32)::INTEGER AS hi, (p.user_key & 4294967295)::UINTEGER AS lo
      FROM read_parquet(${list}, hive_partitioning = true, hive_types = {'date': DATE, 'source': VARCHAR}) p
      JOIN cidx c USING (channel_login) WHERE p.platform = ${platform}`);
    const rows: ScannedRows = { count: 0, key: new Int32Array(rowCount), userHi: new Int32Array(rowCount), userLo: new Int32Array(rowCount) };
    for (let k = 0; k < result.chunkCount; k++) {
      const chunk = result.getChunk(k);
      const n = chunk.rowCount;
      copyInt32(chunk.getColumnVector(0), rows.key, rows.count, n);
      copyInt32(chunk.getColumnVector(1), rows.userHi, rows.count, n);
      copyInt32(chunk.getColumnVector(2), rows.userLo, rows.count, n);
      rows.count += n;
    }
    const channels = await channelInfo(db, logins, channelFiles, platform);
    return { rows, channels, sources: request.sources, listed, files: readable.length, skipped };
  } catch (e) {
    if (e instanceof LakeError) throw e;
    throw new LakeError(`aggregate: reading curated presence in ${lake.location} failed: ${(e as Error).message}`, { cause: e });
  } finally {
    db.closeSync();
    instance.closeSync();
    if (work) await rm(work, { recursive: true, force: true });
  }
}

/** Parquet keys under the prefixes whose `date=` partition lies in the window. */
async function windowKeys(lake: LakeStore, prefixes: string[], w: { since: string; until: string }): Promise<string[]> {
  const keys: string[] = [];
  for (const prefix of prefixes) {
    for await (const object of lake.list(prefix)) {
      const day = partitionValue(object.key, "date");
      if (day && day >= w.since && day <= w.until && object.key.endsWith(".parquet")) keys.push(object.key);
    }
  }
  return keys;
}

/** Local paths for lake keys: in place when the backend is a folder, else downloaded under the same key path. */
async function localFiles(lake: LakeStore, keys: string[], workDir: () => Promise<string>, concurrency: number): Promise<string[]> {
  const files = new Array<string>(keys.length);
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const i = next++;
      const inPlace = lake.localPath(keys[i]);
      if (inPlace && (await access(inPlace).then(() => true, () => false))) {
        files[i] = inPlace;
        continue;
      }
      const target = path.join(await workDir(), ...keys[i].split("/"));
      await mkdir(path.dirname(target), { recursive: true });
      await pipeline(await lake.getStream(keys[i]), createWriteStream(target));
      files[i] = target;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, keys.length) }, worker));
  return files;
}

/** Files whose Parquet footer reads, with their total row count; the others are skipped, not fatal. */
async function checkFiles(db: DuckDBConnection, files: string[]): Promise<{ readable: string[]; unreadable: string[]; rowCount: number }> {
  const readable: string[] = [];
  const unreadable: string[] = [];
  let rowCount = 0;
  for (const file of files) {
    try {
      const r = await db.runAndReadAll(`SELECT num_rows FROM parquet_file_metadata(${sqlString(file)})`);
      rowCount += Number(r.getColumnsJS()[0][0]);
      readable.push(file);
    } catch {
      unreadable.push(file);
    }
  }
  return { readable, unreadable, rowCount };
}

async function findListed(db: DuckDBConnection, list: string, platform: string, listed: Map<bigint, string>): Promise<PresenceScan["listed"]> {
  await db.run("CREATE TABLE listed (login_key BIGINT, login VARCHAR)");
  const appender = await db.createAppender("listed");
  for (const [key, login] of listed) {
    appender.appendBigInt(key);
    appender.appendVarchar(login);
    appender.endRow();
  }
  appender.closeSync();
  const found = await db.runAndReadAll(`SELECT (p.user_key >> 32)::INTEGER AS hi, (p.user_key & 4294967295)::UINTEGER::BIGINT AS lo, min(l.login) AS login
    FROM read_parquet(${list}) p JOIN listed l ON p.login_key = l.login_key WHERE p.platform = ${platform} GROUP BY p.user_key ORDER BY login`);
  const [hi, lo, logins] = found.getColumnsJS() as [number[], bigint[], string[]];
  return { hi: Int32Array.from(hi), lo: Int32Array.from(lo, (v) => Number(v) | 0), logins };
}

/** Per channel over the window: the game and language seen in the most windows, and the highest viewer count. */
async function channelInfo(db: DuckDBConnection, logins: string[], files: string[], platform: string): Promise<ChannelInfo[]> {
  const info: ChannelInfo[] = logins.map((login) => ({ login, displayName: login, gameName: null, language: null, maxViewers: null }));
  if (!files.length) return info;
  const byLogin = new Map(logins.map((login, i) => [login, i]));
  const modeOf = (column: string) => `SELECT channel_login, ${column} AS value, row_number() OVER (PARTITION BY channel_login ORDER BY sum(windows) DESC, ${column}) AS rank
    FROM ch WHERE ${column} IS NOT NULL GROUP BY channel_login, ${column}`;
  const result = await db.runAndReadAll(`WITH ch AS (SELECT * FROM read_parquet(${sqlList(files)}, union_by_name = true) WHERE platform = ${platform}),
      games AS (${modeOf("game_name")}), langs AS (${modeOf("language")}),
      viewers AS (SELECT channel_login, max(max_viewers) AS max_viewers FROM ch GROUP BY channel_login)
    SELECT v.channel_login, g.value AS game, l.value AS language, v.max_viewers FROM viewers v
      LEFT JOIN games g ON g.channel_login = v.channel_login AND g.rank = 1
      LEFT JOIN langs l ON l.channel_login = v.channel_login AND l.rank = 1`);
  for (const [login, game, language, maxViewers] of result.getRowsJS() as [string, string | null, string | null, number | null][]) {
    const i = byLogin.get(login);
    if (i === undefined) continue;
    info[i] = { login, displayName: login, gameName: game, language, maxViewers: maxViewers === null ? null : Number(maxViewers) };
  }
  return info;
}

/** Copies a 32-bit integer column of a result chunk into `target` at `offset`. */
function copyInt32(vector: DuckDBVector, target: Int32Array, offset: number, n: number): void {
  // NOTE: the vector's own typed buffer, when exposed, is copied in one call; values only if not.
  const items = (vector as unknown as { items?: unknown }).items;
  if ((items instanceof Int32Array || items instanceof Uint32Array) && items.length >= n) {
    target.set(items.length === n ? items : items.subarray(0, n), offset);
    return;
  }
  for (let i = 0; i < n; i++) target[offset + i] = Number(vector.getItem(i));
}

function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function sqlList(files: string[]): string {
  return `[${files.map(sqlString).join(", ")}]`;
}
