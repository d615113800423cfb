/**
 * Writes synthetic presence straight into the curated tables (curated/presence and curated/channels, the
 * columns of lake/curated.ts), skipping raw windows and compaction: the fast path for tests and benchmarks.
 * DuckDB turns the typed rows into Parquet; each partition file then goes into the lake through LakeStore,
 * so the same code fills a local folder or S3.
 */
import { createReadStream } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { pseudonymize, type Source } from "../../core/index.js";
import { curatedChannelsPrefix, curatedPresencePrefix, type LakeStore, loadPseudonymKey } from "../../lake/index.js";
import { tableFromColumns } from "./duckdbColumns.js";
import { type SyntheticPresence, syntheticUserId, syntheticUserLogin } from "./generate.js";

export interface WriteSyntheticCuratedOptions {
  /** Source partition the presence goes to. */
  source: Source;
  /** As privacy.pseudonymize: when false, user ids and logins are stored in clear beside the keys. */
  pseudonymize: boolean;
  /** The pseudonymisation key; null = the lake's (loadPseudonymKey with `env`). */
  pseudonymKey: string | null;
  env: NodeJS.ProcessEnv;
  /** Where DuckDB writes the Parquet files before they go into the lake; null = the OS temp folder. */
  tempDir: string | null;
}

export const WRITE_DEFAULTS: WriteSyntheticCuratedOptions = { source: "live", pseudonymize: true, pseudonymKey: null, env: {}, tempDir: null };

export interface WriteSyntheticCuratedResult {
  /** Lake keys written, presence first. */
  keys: string[];
  rows: number;
}

const PLATFORM = "twitch";

/** Writes every day of `data` as curated Parquet partitions, replacing partitions of the same days. */
export async function writeSyntheticCurated(
  lake: LakeStore,
  data: SyntheticPresence,
  options: Partial<WriteSyntheticCuratedOptions> = {},
): Promise<WriteSyntheticCuratedResult> {
  const o: WriteSyntheticCuratedOptions = { ...WRITE_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
  const key = o.pseudonymKey ?? (await loadPseudonymKey(lake, o.env, o.pseudonymize));
  const userKey = new BigInt64Array(data.userCount);
  const loginKey = new BigInt64Array(data.userCount);
  for (let u = 0; u < data.userCount; u++) {
    userKey[u] = pseudonymize(key, PLATFORM, syntheticUserId(u));
    loginKey[u] = pseudonymize(key, PLATFORM, syntheticUserLogin(data, u));
  }
  const work = await mkdtemp(path.join(o.tempDir ?? tmpdir(), "vieweratlas-synthetic-"));
  const instance = await DuckDBInstance.create(":memory:");
  const db = await instance.connect();
  try {
    await tableFromColumns(db, "presence_rows", { c: data.rows.channelIdx, u: data.rows.userIdx, d: data.rows.dayIdx });
    await tableFromColumns(db, "user_keys", { u: Int32Array.from({ length: data.userCount }, (_, i) => i), user_key: userKey, login_key: loginKey });
    await db.run("CREATE TABLE bots (u INTEGER, login VARCHAR)");
    await db.run("CREATE TABLE chans (c INTEGER, login VARCHAR, id VARCHAR, display_name VARCHAR, game_id VARCHAR, game VARCHAR, language VARCHAR)");
    const bots = await db.createAppender("bots");
    data.botLogins.forEach((login, b) => {
      bots.appendInteger(data.humanCount + b);
      bots.appendVarchar(login);
      bots.endRow();
    });
    bots.closeSync();
    const gameIds = new Map<string, string>();
    const chans = await db.createAppender("chans");
    data.channels.forEach((ch, c) => {
      if (!gameIds.has(ch.game)) gameIds.set(ch.game, String(20_000 + gameIds.size));
      chans.appendInteger(c);
      for (const v of [ch.login, ch.id, ch.displayName, gameIds.get(ch.game) as string, ch.game, ch.language]) chans.appendVarchar(v);
      chans.endRow();
    });
    chans.closeSync();
    const day0 = `DATE '${data.dayNames[0] ?? data.options.start}'`;
    const clear = o.pseudonymize
      ? "NULL::VARCHAR AS user_id, NULL::VARCHAR AS user_login"
      : `(10000000 + r.u)::VARCHAR AS user_id, coalesce(b.login, 'viewer_' || r.u) AS user_login`;
    // First and last seen, message and bucket counts are derived from a hash of the row: stable, varied.
    await db.run(`COPY (
      SELECT '${PLATFORM}' AS platform, ch.login AS channel_login, ch.id AS channel_id, k.user_key, k.login_key, ${clear},
        (${day0} + r.d)::TIMESTAMP + to_seconds((hash(r.c, r.u, r.d) % 72000)::BIGINT) AS first_seen,
        (${day0} + r.d)::TIMESTAMP + to_seconds((hash(r.c, r.u, r.d) % 72000 + hash(r.u, r.d) % 7200)::BIGINT) AS last_seen,
        (1 + hash(r.u, r.c) % 40)::INTEGER AS messages, (1 + hash(r.c, r.d) % 6)::INTEGER AS windows,
        (1 + hash(r.d, r.u) % 30)::INTEGER AS active_buckets,
        r.d AS day
      FROM presence_rows r JOIN user_keys k ON k.u = r.u JOIN chans ch ON ch.c = r.c LEFT JOIN bots b ON b.u = r.u
    ) TO '${path.join(work, "presence")}' (FORMAT parquet, PARTITION_BY (day))`);
    await db.run(`COPY (
      SELECT '${PLATFORM}' AS platform, ch.login AS channel_login, ch.id AS channel_id,
        CASE WHEN hash(n.c, n.d) % 6 = 0 THEN '${gameIds.get("Just Chatting") ?? "20999"}' ELSE ch.game_id END AS game_id,
        CASE WHEN hash(n.c, n.d) % 6 = 0 THEN 'Just Chatting' ELSE ch.game END AS game_name,
        ch.language, (n.users * 2 + hash(n.c, n.d) % 100)::INTEGER AS max_viewers,
        ch.display_name || ' day ' || n.d AS title, (12 + hash(n.d, n.c) % 100)::INTEGER AS windows, n.users::INTEGER AS users,
        ch.display_name AS display_name,
        n.d AS day
      FROM (SELECT c, d, count(*) AS users FROM presence_rows GROUP BY c, d) n JOIN chans ch ON ch.c = n.c
    ) TO '${path.join(work, "channels")}' (FORMAT parquet, PARTITION_BY (day))`);
  } finally {
    db.closeSync();
    instance.closeSync();
  }
  try {
    const keys: string[] = [];
    for (const [d, day] of data.dayNames.entries()) {
      keys.push(...(await upload(lake, path.join(work, "presence", `day=${d}`), curatedPresencePrefix(o.source, day))));
    }
    for (const [d, day] of data.dayNames.entries()) keys.push(...(await upload(lake, path.join(work, "channels", `day=${d}`), curatedChannelsPrefix(day))));
    return { keys, rows: data.rows.count };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Moves one of DuckDB's partition folders (day=N) into the lake as part-00000, part-00001, … under `prefix`. */
async function upload(lake: LakeStore, dir: string, prefix: string): Promise<string[]> {
  const names = await readdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return [] as string[]; // a day without rows
    throw e;
  });
  const keys: string[] = [];
  for (const [i, name] of names.filter((n) => n.endsWith(".parquet")).sort().entries()) {
    const key = `${prefix}part-${String(i).padStart(5, "0")}.parquet`;
    await lake.putStream(key, createReadStream(path.join(dir, name)));
    keys.push(key);
  }
  return keys;
}
