/**
 * The curated tables' columns: written by compaction and importers (collect), read by aggregation (analyze).
 * `source` and `date` are Hive partition columns (in the path), not stored in the files.
 */

/** curated/presence/source=S/date=D/part-*.parquet: one row per (platform, source, channel, day, user). */
export const CURATED_PRESENCE_COLUMNS = `
  platform VARCHAR NOT NULL,
  channel_login VARCHAR NOT NULL,
  channel_id VARCHAR,
  user_key BIGINT NOT NULL,     -- pseudonymize(key, platform, user id)
  login_key BIGINT NOT NULL,    -- pseudonymize(key, platform, login): lets analysis match bot lists
  user_id VARCHAR,              -- null when privacy.pseudonymize is on
  user_login VARCHAR,           -- null when privacy.pseudonymize is on
  first_seen TIMESTAMP NOT NULL, -- UTC
  last_seen TIMESTAMP NOT NULL,  -- UTC
  messages INTEGER NOT NULL,
  windows INTEGER NOT NULL,     -- raw windows the user appeared in that day
  active_buckets INTEGER NOT NULL -- distinct bucket_len_s buckets with activity that day
`;

/** curated/channels/date=D/part-*.parquet: one row per (platform, channel, day). */
export const CURATED_CHANNELS_COLUMNS = `
  platform VARCHAR NOT NULL,
  channel_login VARCHAR NOT NULL,
  channel_id VARCHAR,
  game_id VARCHAR,           -- the game seen in most windows that day
  game_name VARCHAR,
  language VARCHAR,
  max_viewers INTEGER,
  title VARCHAR,             -- the last title seen that day
  windows INTEGER NOT NULL,
  users INTEGER NOT NULL,    -- distinct users that day, all sources
  display_name VARCHAR       -- the last non-null display name seen that day; files written before it lack the column
`;

/** Name of the single part file each partition holds; rewriting a day replaces it. */
export const PART_FILE = "part-00000.parquet";
