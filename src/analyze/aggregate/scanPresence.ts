/**
 * The DuckDB half of aggregation: finds the curated partitions of the window, makes them local (in place on a
 * local lake; downloaded through LakeStore from S3, never DuckDB's httpfs), and scans them into typed columns.
 * DuckDB numbers the channels (by login) and matches listed bots by login_key; the JS side does the rest.
 */
import { createWriteStream } from "node:fs";
import { access, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { type DuckDBConnection, DuckDBInstance, type DuckDBMaterializedResult, DuckDBVector } from "@duckdb/node-api";
import { type ChannelInfo } from "../types.js";
import { LakeError, type Source } from "../../core/index.js";
import { CURATED_CHANNELS, CURATED_PRESENCE, type LakeStore, partitionValue } from "../../lake/index.js";
import { MAX_SOURCES, ROW_CHANNEL, type ScannedRows } from "./buildMatrix.js";
import { UserKeyIndex } from "./UserKeyIndex.js";

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
  listed: { users: Int32Array; logins: string[] } | null;
  files: number;
  skipped: { what: string; count: number; examples: string[] }[];
  /** Milliseconds per step, for the debug log and the benchmark. */
  timings: Record<string, number>;
}

/** Scans the window's curated presence; null when the window holds no presence files. */
export async function scanPresence(lake: LakeStore, request: ScanRequest): Promise<PresenceScan | null> {
  const timings: Record<string, number> = {};
  let t0 = performance.now();
  const lap = (step: string) => {
    const now = performance.now();
    timings[step] = Math.round(now - t0);
    t0 = now;
  };
  const presenceKeys = await windowKeys(lake, request.sources.map((s) => `${CURATED_PRESENCE}source=${s}/`), request);
  if (!presenceKeys.length) return null;
  const channelKeys = await windowKeys(lake, [CURATED_CHANNELS], request);
  let work: string | null = null;
  const workDir = async () => (work ??= await mkdtemp(path.join(request.tempDir ?? tmpdir(), "vieweratlas-aggregate-")));
  const instance = await DuckDBInstance.create(":memory:", request.duckdbThreads ? { threads: String(request.duckdbThreads) } : {});
  const db = await instance.connect();
  const connections = [db];
  try {
    const presence = await localFiles(lake, presenceKeys, workDir, request.downloadConcurrency);
    const channelFiles = await localFiles(lake, channelKeys, workDir, request.downloadConcurrency);
    lap("list and fetch");
    const { readable, unreadable, rowCount, onePlatform } = await checkFiles(db, presence, sqlString(request.platform));
    lap("check files");
    const skipped = unreadable.length
      ? [{ what: "unreadable presence files", count: unreadable.length, examples: unreadable.slice(0, 3).map((f) => path.basename(path.dirname(f)) + "/" + path.basename(f)) }]
      : [];
    if (!readable.length) return null;
    const list = sqlList(readable);
    const platform = sqlString(request.platform);
    const channelsReadable = (await checkFiles(db, channelFiles, platform)).readable;
    await createChannelInfo(db, channelsReadable, platform);
    // Channels are numbered by login from the small channels table; should presence name a channel it lacks,
    // the index is rebuilt from presence itself and the rows scanned again.
    await db.run(`CREATE TABLE cidx AS SELECT channel_login, (row_number() OVER (ORDER BY channel_login) - 1)::INTEGER AS c FROM chinfo`);
    const listed = request.listed ? listedIndex(request.listed) : null;
    lap("channel index");
    // The platform filter costs a string compare per row; file statistics usually prove it needless.
    const filter = onePlatform ? "" : `WHERE p.platform = ${platform}`;
    const second = await instance.connect();
    connections.push(second);
    let rows = await scanRows([db, second], readable, request, filter, rowCount, listed);
    if (rows.key.subarray(0, rows.count).some((k) => k < 0)) {
      await db.run(`CREATE OR REPLACE TABLE cidx AS SELECT channel_login, (row_number() OVER (ORDER BY channel_login) - 1)::INTEGER AS c
        FROM (SELECT channel_login FROM chinfo UNION SELECT DISTINCT channel_login FROM read_parquet(${list}) WHERE platform = ${platform})`);
      rows = await scanRows([db, second], readable, request, filter, rowCount, listed);
    }
    lap("scan rows");
    const channels = await readChannelInfo(db);
    lap("channel info");
    return { rows, channels, sources: request.sources, listed: listed ? listedUsers(rows, listed.logins) : null, files: readable.length, skipped, timings };
  } catch (e) {
    if (e instanceof LakeError) throw e;
    throw new LakeError(`aggregate: reading curated presence in ${lake.location} failed: ${(e as Error).message}`, { cause: e });
  } finally {
    for (const c of connections) c.closeSync();
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

/**
 * Files whose Parquet footer reads, with their total row count; the others are skipped, not fatal. `onePlatform`
 * tells whether every file's statistics show only `platform`, so rows need no platform filter.
 */
async function checkFiles(db: DuckDBConnection, files: string[], platform: string): Promise<{ readable: string[]; unreadable: string[]; rowCount: number; onePlatform: boolean }> {
  const footers = (list: string[]) => `SELECT sum(row_group_num_rows) FILTER (WHERE path_in_schema = 'platform')::BIGINT,
      bool_and(path_in_schema <> 'platform' OR (stats_min_value = ${platform} AND stats_max_value = ${platform}))
    FROM parquet_metadata(${sqlList(list)})`;
  const read = async (list: string[]) => {
    const [rows, only] = (await db.runAndReadAll(footers(list))).getRowsJS()[0] as [bigint | null, boolean | null];
    return { rows: Number(rows ?? 0), only: only === true };
  };
  if (!files.length) return { readable: [], unreadable: [], rowCount: 0, onePlatform: true };
  // NOTE: one query for all footers; only when one of them fails are the files read one by one to find it.
  try {
    const all = await read(files);
    return { readable: files, unreadable: [], rowCount: all.rows, onePlatform: all.only };
  } catch {
    const readable: string[] = [];
    const unreadable: string[] = [];
    let rowCount = 0;
    let onePlatform = true;
    for (const file of files) {
      try {
        const one = await read([file]);
        rowCount += one.rows;
        onePlatform &&= one.only;
        readable.push(file);
      } catch {
        unreadable.push(file);
      }
    }
    return { readable, unreadable, rowCount, onePlatform };
  }
}

interface Listed {
  keys: UserKeyIndex;
  /** One flag per value of a key's low 16 high bits: most rows are ruled out by one lookup. */
  maybe: Uint8Array;
  logins: string[];
}

/** The listed bots' login keys, split in halves like user keys, with their logins by index. */
function listedIndex(listed: Map<bigint, string>): Listed {
  const keys = new UserKeyIndex(listed.size);
  const maybe = new Uint8Array(65536);
  const logins: string[] = [];
  for (const [key, login] of listed) {
    const hi = Number(key >> 32n);
    maybe[hi & 0xffff] = 1;
    if (keys.intern(hi, Number(BigInt.asIntN(32, key))) === logins.length) logins.push(login);
  }
  return { keys, maybe, logins };
}

interface Scanned extends ScannedRows {
  /** Rows whose login_key is listed, with the listed login's index. */
  listedRows: { row: number; login: number }[];
}

/** Files per scan query: the JS side reads one batch while DuckDB scans the next. */
const SCAN_BATCHES = 6;

/**
 * The window's rows as typed columns: packed (channel, day, source) and a dense user index, interned from the
 * 64-bit user key chunk by chunk. Listed logins are matched here too, against login_key's halves, which are not
 * kept. Files go in batches on two connections, so DuckDB scans batch k+1 while JS reads batch k.
 */
async function scanRows(dbs: DuckDBConnection[], files: string[], request: ScanRequest, filter: string, rowCount: number, listed: Listed | null): Promise<Scanned> {
  const sourceIndex = request.sources.map((s, i) => `WHEN ${sqlString(s)} THEN ${i}`).join(" ");
  const query = (batch: string[]) => `SELECT coalesce(c.c * ${ROW_CHANNEL} + (p.date - DATE '${request.since}') * ${MAX_SOURCES} + CASE p.source ${sourceIndex} END, -1)::INTEGER AS key,
      (p.user_key >> 32)::INTEGER AS hi, (p.user_key & 4294967295)::UINTEGER AS lo
      ${listed ? ", (p.login_key >> 32)::INTEGER AS login_hi, (p.login_key & 4294967295)::UINTEGER AS login_lo" : ""}
    FROM read_parquet(${sqlList(batch)}, hive_partitioning = true, hive_types = {'date': DATE, 'source': VARCHAR}) p
    LEFT JOIN cidx c ON c.channel_login = p.channel_login ${filter}`;
  const per = Math.ceil(files.length / SCAN_BATCHES);
  const batches = Array.from({ length: Math.ceil(files.length / per) }, (_, b) => files.slice(b * per, (b + 1) * per));
  const users = new UserKeyIndex(Math.ceil(rowCount / 8));
  const rows: Scanned = { count: 0, key: new Int32Array(rowCount), user: new Int32Array(rowCount), userCount: 0, listedRows: [] };
  const size = DuckDBVector.standardSize();
  const hi = new Int32Array(size);
  const lo = new Int32Array(size);
  // NOTE: materialised results are read chunk by chunk without an await each; a streamed one was 2-3x slower.
  let pending: Promise<DuckDBMaterializedResult> | null = dbs[0].run(query(batches[0]));
  for (let b = 0; b < batches.length; b++) {
    const result: DuckDBMaterializedResult = await pending!;
    pending = b + 1 < batches.length ? dbs[(b + 1) % dbs.length].run(query(batches[b + 1])) : null;
    for (let k = 0; k < result.chunkCount; k++) {
      const chunk = result.getChunk(k);
      const n = chunk.rowCount;
      const at = rows.count;
      copyInt32(chunk.getColumnVector(0), rows.key, at, n);
      copyInt32(chunk.getColumnVector(1), hi, 0, n);
      copyInt32(chunk.getColumnVector(2), lo, 0, n);
      for (let i = 0; i < n; i++) rows.user[at + i] = users.intern(hi[i], lo[i]);
      if (listed) {
        copyInt32(chunk.getColumnVector(3), hi, 0, n);
        copyInt32(chunk.getColumnVector(4), lo, 0, n);
        for (let i = 0; i < n; i++) {
          if (!listed.maybe[hi[i] & 0xffff]) continue;
          const login = listed.keys.find(hi[i], lo[i]);
          if (login >= 0) rows.listedRows.push({ row: at + i, login });
        }
      }
      rows.count += n;
    }
  }
  rows.userCount = users.size;
  return rows;
}

/** Users with a row under a listed login (by user key, so their other rows go too), with that login. */
function listedUsers(rows: Scanned, logins: string[]): PresenceScan["listed"] {
  const found = new Map<number, string>();
  for (const { row, login } of rows.listedRows) if (!found.has(rows.user[row])) found.set(rows.user[row], logins[login]);
  const users = [...found].sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[0] - b[0]));
  return { users: Int32Array.from(users, ([u]) => u), logins: users.map(([, login]) => login) };
}

/**
 * chinfo: per channel over the window, the game and language seen in the most windows, the highest viewer count
 * and the display name of the latest day that has one (files written before display_name existed lack the column).
 */
async function createChannelInfo(db: DuckDBConnection, files: string[], platform: string): Promise<void> {
  if (!files.length) {
    await db.run("CREATE TABLE chinfo (channel_login VARCHAR, game VARCHAR, language VARCHAR, max_viewers INTEGER, display_name VARCHAR)");
    return;
  }
  const read = `read_parquet(${sqlList(files)}, union_by_name = true, hive_partitioning = true, hive_types = {'date': DATE})`;
  const columns = (await db.runAndReadAll(`DESCRIBE SELECT * FROM ${read}`)).getRowsJS().map((r) => String(r[0]));
  const displayName = columns.includes("display_name") ? "nullif(display_name, '')" : "NULL::VARCHAR";
  const modeOf = (column: string) => `SELECT channel_login, ${column} AS value, row_number() OVER (PARTITION BY channel_login ORDER BY sum(windows) DESC, ${column}) AS rank
    FROM ch WHERE ${column} IS NOT NULL GROUP BY channel_login, ${column}`;
  await db.run(`CREATE TABLE chinfo AS WITH ch AS (SELECT *, ${displayName} AS shown_name FROM ${read} WHERE platform = ${platform}),
      games AS (${modeOf("game_name")}), langs AS (${modeOf("language")}),
      viewers AS (SELECT channel_login, max(max_viewers) AS max_viewers,
          arg_max(shown_name, struct_pack(d := date, s := shown_name)) FILTER (WHERE shown_name IS NOT NULL) AS display_name
        FROM ch GROUP BY channel_login)
    SELECT v.channel_login, g.value AS game, l.value AS language, v.max_viewers, v.display_name FROM viewers v
      LEFT JOIN games g ON g.channel_login = v.channel_login AND g.rank = 1
      LEFT JOIN langs l ON l.channel_login = v.channel_login AND l.rank = 1`);
}

/** ChannelInfo in channel index order; channels without a channels row have unknown game, language, viewers. */
async function readChannelInfo(db: DuckDBConnection): Promise<ChannelInfo[]> {
  const result = await db.runAndReadAll(`SELECT x.channel_login, i.game, i.language, i.max_viewers, i.display_name FROM cidx x LEFT JOIN chinfo i USING (channel_login) ORDER BY x.c`);
  type Row = [string, string | null, string | null, number | null, string | null];
  return (result.getRowsJS() as Row[]).map(([login, game, language, maxViewers, displayName]) => ({
    login,
    displayName: displayName ?? login,
    gameName: game,
    language,
    maxViewers: maxViewers === null ? null : Number(maxViewers),
  }));
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
