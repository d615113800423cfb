/**
 * One day of windows loaded into DuckDB through Appenders (no per-row SQL), then grouped into the curated
 * tables and written as Parquet (COPY … ORDER BY, so two runs write the same rows in the same order).
 * Times are kept as integers relative to the day's midnight until the final SELECT, to avoid a BigInt per value.
 */
import path from "node:path";
import type { DuckDBAppender, DuckDBConnection } from "@duckdb/node-api";
import { type PresenceWindow, type Source, SOURCES, windowStartMs } from "../../core/index.js";
import { CURATED_CHANNELS_COLUMNS, CURATED_PRESENCE_COLUMNS } from "../../lake/index.js";

const LOAD_TABLES = `
  CREATE OR REPLACE TEMP TABLE chan (ch INTEGER, platform VARCHAR, source VARCHAR, channel_login VARCHAR, channel_id VARCHAR);
  CREATE OR REPLACE TEMP TABLE win (ch INTEGER, start_rel INTEGER, game_id VARCHAR, game_name VARCHAR, language VARCHAR,
    viewers INTEGER, title VARCHAR, display_name VARCHAR);
  CREATE OR REPLACE TEMP TABLE obs (ch INTEGER, user_key BIGINT, login_key BIGINT, user_id VARCHAR, user_login VARCHAR,
    first_rel INTEGER, last_rel INTEGER, messages INTEGER);
  CREATE OR REPLACE TEMP TABLE bucket (ch INTEGER, user_key BIGINT, bucket_s INTEGER);
`;

export interface DayOutput {
  /** Parquet file per source that has rows. */
  presence: Partial<Record<Source, { file: string; rows: number }>>;
  channels: { file: string; rows: number };
}

interface ChannelEntry {
  ch: number;
  platform: string;
  source: string;
  login: string;
  id: string | null;
}

export class DayTables {
  private dayStartMs = 0;
  private channels = new Map<string, ChannelEntry>();
  private win: DuckDBAppender | null = null;
  private obs: DuckDBAppender | null = null;
  private bucket: DuckDBAppender | null = null;

  constructor(
    private readonly connection: DuckDBConnection,
    /** The keyed hash of a user id or login (see core/pseudonym.ts). */
    private readonly pseudonym: (platform: string, value: string) => bigint,
    private readonly keepIdentities: boolean,
  ) {}

  async begin(day: string): Promise<void> {
    this.dayStartMs = Date.parse(`${day}T00:00:00Z`);
    this.channels = new Map();
    await this.connection.run(LOAD_TABLES);
    this.win = await this.connection.createAppender("win");
    this.obs = await this.connection.createAppender("obs");
    this.bucket = await this.connection.createAppender("bucket");
  }

  add(w: PresenceWindow): void {
    const win = this.win as DuckDBAppender;
    const obs = this.obs as DuckDBAppender;
    const bucket = this.bucket as DuckDBAppender;
    const ch = this.channelIndex(w);
    const startRel = windowStartMs(w) - this.dayStartMs;
    win.appendInteger(ch);
    win.appendInteger(startRel);
    appendText(win, w.meta.gameId);
    appendText(win, w.meta.gameName);
    appendText(win, w.meta.language);
    if (w.meta.viewerCount === null) win.appendNull();
    else win.appendInteger(Math.min(Math.round(w.meta.viewerCount), 2_147_483_647));
    appendText(win, w.meta.title);
    // Raw windows written before displayName existed lack it.
    appendText(win, w.meta.displayName ?? null);
    win.endRow();
    const startS = (this.dayStartMs + startRel) / 1000;
    const dayStartS = this.dayStartMs / 1000;
    for (const u of w.users) {
      const userKey = this.pseudonym(w.platform, u.id);
      obs.appendInteger(ch);
      obs.appendBigInt(userKey);
      obs.appendBigInt(this.pseudonym(w.platform, u.login));
      appendText(obs, this.keepIdentities ? u.id : null);
      appendText(obs, this.keepIdentities ? u.login : null);
      obs.appendInteger(startRel + Math.round(u.firstS * 1000));
      obs.appendInteger(startRel + Math.round(u.lastS * 1000));
      obs.appendInteger(u.messages);
      obs.endRow();
      for (const b of u.buckets) {
        // The absolute bucket (aligned to bucketLenS since the epoch), so windows of one day share buckets.
        const absolute = Math.floor((startS + b * w.bucketLenS) / w.bucketLenS) * w.bucketLenS;
        bucket.appendInteger(ch);
        bucket.appendBigInt(userKey);
        bucket.appendInteger(absolute - dayStartS);
        bucket.endRow();
      }
    }
  }

  /** Groups the day and writes `presence-<source>.parquet` and `channels.parquet` into `dir`. */
  async finish(dir: string): Promise<DayOutput> {
    for (const appender of [this.win, this.obs, this.bucket]) appender?.closeSync();
    this.win = this.obs = this.bucket = null;
    await this.loadChannels();
    const c = this.connection;
    const dayStart = `${this.dayStartMs}::BIGINT`;
    await c.run(`CREATE OR REPLACE TEMP TABLE presence_out (source VARCHAR NOT NULL, ${CURATED_PRESENCE_COLUMNS});`);
    await c.run(`
      INSERT INTO presence_out
      WITH active AS (SELECT ch, user_key, count(DISTINCT bucket_s) AS n FROM bucket GROUP BY ch, user_key),
      grouped AS (
        SELECT ch, user_key,
          arg_max(login_key, struct_pack(t := last_rel, k := login_key)) AS login_key,
          min(user_id) AS user_id,
          arg_max(user_login, struct_pack(t := last_rel, k := login_key)) AS user_login,
          min(first_rel) AS first_rel, max(last_rel) AS last_rel,
          sum(messages) AS messages, count(*) AS windows
        FROM obs GROUP BY ch, user_key)
      SELECT c.source, c.platform, c.channel_login, c.channel_id, g.user_key, g.login_key, g.user_id, g.user_login,
        epoch_ms(${dayStart} + g.first_rel), epoch_ms(${dayStart} + g.last_rel),
        g.messages::INTEGER, g.windows::INTEGER, coalesce(a.n, 0)::INTEGER
      FROM grouped g JOIN chan c USING (ch) LEFT JOIN active a USING (ch, user_key);
    `);
    await c.run(`CREATE OR REPLACE TEMP TABLE channels_out (${CURATED_CHANNELS_COLUMNS});`);
    await c.run(`
      INSERT INTO channels_out
      WITH w AS (SELECT c.platform, c.channel_login, win.* FROM win JOIN chan c USING (ch)),
      game AS (
        SELECT platform, channel_login, game_id, game_name FROM w WHERE game_id IS NOT NULL OR game_name IS NOT NULL
        GROUP BY platform, channel_login, game_id, game_name
        QUALIFY row_number() OVER (PARTITION BY platform, channel_login
          ORDER BY count(*) DESC, max(start_rel) DESC, game_id NULLS LAST, game_name NULLS LAST) = 1),
      lang AS (
        SELECT platform, channel_login, language FROM w WHERE language IS NOT NULL
        GROUP BY platform, channel_login, language
        QUALIFY row_number() OVER (PARTITION BY platform, channel_login ORDER BY count(*) DESC, max(start_rel) DESC, language) = 1),
      per AS (
        SELECT platform, channel_login, max(viewers) AS max_viewers,
          arg_max(title, struct_pack(t := start_rel, s := title)) FILTER (WHERE title IS NOT NULL) AS title,
          arg_max(display_name, struct_pack(t := start_rel, s := display_name)) FILTER (WHERE display_name IS NOT NULL) AS display_name,
          count(*) AS windows
        FROM w GROUP BY platform, channel_login),
      ids AS (SELECT platform, channel_login, max(channel_id) AS channel_id FROM chan GROUP BY platform, channel_login),
      people AS (
        SELECT c.platform, c.channel_login, count(DISTINCT o.user_key) AS users
        FROM obs o JOIN chan c USING (ch) GROUP BY c.platform, c.channel_login)
      SELECT per.platform, per.channel_login, ids.channel_id, game.game_id, game.game_name, lang.language,
        per.max_viewers, per.title, per.windows::INTEGER, coalesce(people.users, 0)::INTEGER, per.display_name
      FROM per JOIN ids USING (platform, channel_login)
        LEFT JOIN game USING (platform, channel_login) LEFT JOIN lang USING (platform, channel_login)
        LEFT JOIN people USING (platform, channel_login);
    `);
    const output: DayOutput = { presence: {}, channels: { file: path.join(dir, "channels.parquet"), rows: 0 } };
    for (const source of SOURCES) {
      const rows = await this.count(`SELECT count(*) FROM presence_out WHERE source = '${source}'`);
      if (rows === 0) continue;
      const file = path.join(dir, `presence-${source}.parquet`);
      await c.run(`COPY (SELECT * EXCLUDE (source) FROM presence_out WHERE source = '${source}'
        ORDER BY platform, channel_login, user_key) TO ${sqlString(file)} (FORMAT parquet, COMPRESSION zstd)`);
      output.presence[source] = { file, rows };
    }
    output.channels.rows = await this.count("SELECT count(*) FROM channels_out");
    await c.run(`COPY (SELECT * FROM channels_out ORDER BY platform, channel_login)
      TO ${sqlString(output.channels.file)} (FORMAT parquet, COMPRESSION zstd)`);
    await c.run("DROP TABLE IF EXISTS presence_out; DROP TABLE IF EXISTS channels_out; DROP TABLE IF EXISTS obs; DROP TABLE IF EXISTS bucket; DROP TABLE IF EXISTS win;");
    return output;
  }

  private channelIndex(w: PresenceWindow): number {
    const id = `${w.platform}\t${w.source}\t${w.channel.login}`;
    let entry = this.channels.get(id);
    if (!entry) {
      entry = { ch: this.channels.size, platform: w.platform, source: w.source, login: w.channel.login, id: null };
      this.channels.set(id, entry);
    }
    // Windows arrive in key order, so "the last id seen" is deterministic.
    if (w.channel.id !== null) entry.id = w.channel.id;
    return entry.ch;
  }

  private async loadChannels(): Promise<void> {
    const chan = await this.connection.createAppender("chan");
    for (const entry of this.channels.values()) {
      chan.appendInteger(entry.ch);
      chan.appendVarchar(entry.platform);
      chan.appendVarchar(entry.source);
      chan.appendVarchar(entry.login);
      appendText(chan, entry.id);
      chan.endRow();
    }
    chan.closeSync();
  }

  private async count(sql: string): Promise<number> {
    const reader = await this.connection.runAndReadAll(sql);
    return Number(reader.getRows()[0][0]);
  }
}

function appendText(appender: DuckDBAppender, value: string | null): void {
  if (value === null) appender.appendNull();
  else appender.appendVarchar(value);
}

function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
