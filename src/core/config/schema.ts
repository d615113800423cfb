/**
 * The one configuration schema. Field names are the YAML names; every field can also be set from the
 * environment as VIEWERATLAS_<SECTION>_<FIELD> (upper case), see loadConfig.
 * Twitch credentials are NOT part of it: they come only from the environment (see secrets.ts).
 */
import { z } from "zod";

export const ALGORITHMS = ["leiden", "louvain", "label-propagation"] as const;
export const WEIGHTINGS = ["shared", "repeat", "jaccard", "cosine"] as const;
export const BOT_FILTERS = ["off", "lists", "heuristic", "both"] as const;
export const THEMES = ["dark", "light"] as const;

const collection = z
  .object({
    top_channels_limit: z.number().int().positive().default(5000),
    /** Channels per IRC connection. */
    shard_size: z.number().int().positive().max(500).default(75),
    /** Channels per Helix request page (max 100). */
    batch_size: z.number().int().positive().max(100).default(100),
    join_rate_per_10s: z.number().int().positive().default(20),
    /** Length of a raw live window: buffers are flushed to the lake this often. */
    collection_interval_minutes: z.number().positive().default(5),
    /** Presence granularity inside a window (seconds); must equal vod.bucket_len_s. */
    bucket_len_s: z.number().int().positive().default(60),
    discovery_refresh_minutes: z.number().positive().default(10),
    /** 0 = no limit. */
    max_runtime_hours: z.number().nonnegative().default(0),
    /** 0 = no limit. */
    max_collection_cycles: z.number().int().nonnegative().default(0),
    channels: z.array(z.string()).default([]),
    irc_url: z.string().default("irc://irc.chat.twitch.tv:6667"),
    helix_url: z.string().default("https://api.twitch.tv/helix"),
    auth_url: z.string().default("https://id.twitch.tv/oauth2"),
  })
  .strict();

const analysis = z
  .object({
    days: z.number().int().positive().default(30),
    overlap_threshold: z.number().nonnegative().default(1),
    min_channel_viewers: z.number().int().nonnegative().default(0),
    /** 0 = keep every channel. */
    top_channels: z.number().int().nonnegative().default(0),
    min_community_size: z.number().int().positive().default(1),
    resolution: z.number().positive().default(1),
    algorithm: z.enum(ALGORITHMS).default("leiden"),
    weighting: z.enum(WEIGHTINGS).default("shared"),
    bot_filter: z.enum(BOT_FILTERS).default("both"),
    /** Users present in more than this share of channels are dropped by the heuristic. */
    bot_max_channel_share: z.number().gt(0).lte(1).default(0.2),
    bot_users: z.array(z.string()).default([]),
    /** 0 = no backbone; else the disparity filter's alpha. */
    backbone_alpha: z.number().min(0).max(1).default(0),
    consensus_runs: z.number().int().nonnegative().default(0),
    analysis_interval_cycles: z.number().int().positive().default(12),
    seed: z.number().int().default(42),
    label_game_share: z.number().min(0).max(1).default(0.6),
    label_game_language_share: z.number().min(0).max(1).default(0.4),
    label_language_share: z.number().min(0).max(1).default(0.5),
  })
  .strict();

const vod = z
  .object({
    enabled: z.boolean().default(false),
    bucket_len_s: z.number().int().positive().default(60),
    max_age_days: z.number().int().positive().default(14),
    min_views: z.number().int().nonnegative().default(0),
    max_vods_per_run: z.number().int().positive().default(50),
    max_attempts: z.number().int().positive().default(5),
    gql_url: z.string().default("https://gql.twitch.tv/gql"),
  })
  .strict();

const storage = z
  .object({
    /** A local folder or s3://bucket/prefix. */
    lake: z.string().min(1).default("./lake"),
    region: z.string().default("us-east-1"),
    /** S3-compatible endpoint (MinIO, a loopback test server); empty = AWS. */
    endpoint: z.string().default(""),
    force_path_style: z.boolean().default(false),
  })
  .strict();

const retention = z
  .object({
    /** Days to keep each lake area; 0 = forever. */
    raw_days: z.number().int().nonnegative().default(0),
    curated_days: z.number().int().nonnegative().default(0),
    analysis_days: z.number().int().nonnegative().default(0),
  })
  .strict();

const privacy = z
  .object({
    pseudonymize: z.boolean().default(true),
  })
  .strict();

const render = z
  .object({
    image_px: z.number().int().min(256).max(20000).default(4000),
    theme: z.enum(THEMES).default("dark"),
    layout_iterations: z.number().int().positive().default(500),
    lin_log: z.boolean().default(false),
    edge_weight_influence: z.number().nonnegative().default(1),
    labels_per_community: z.number().int().nonnegative().default(5),
  })
  .strict();

const serve = z
  .object({
    host: z.string().default("127.0.0.1"),
    port: z.number().int().min(0).max(65535).default(8080),
  })
  .strict();

const logging = z
  .object({
    level: z.enum(["trace", "debug", "info", "warn", "error", "silent"]).default("info"),
  })
  .strict();

export const configSchema = z
  .object({
    collection: collection.default({}),
    analysis: analysis.default({}),
    vod: vod.default({}),
    storage: storage.default({}),
    retention: retention.default({}),
    privacy: privacy.default({}),
    render: render.default({}),
    serve: serve.default({}),
    logging: logging.default({}),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.vod.bucket_len_s !== c.collection.bucket_len_s) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["vod", "bucket_len_s"],
        message: `must equal collection.bucket_len_s (${c.collection.bucket_len_s}): VOD and live presence use one bucket length`,
      });
    }
    if (c.storage.lake.startsWith("s3://") && !/^s3:\/\/[^/]+/.test(c.storage.lake)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["storage", "lake"], message: "s3:// location needs a bucket (s3://bucket/prefix)" });
    }
  });

export type AtlasConfig = z.infer<typeof configSchema>;
export type ConfigSection = keyof AtlasConfig;

/** A partial config, as a preset, a file or the environment gives it. */
export type ConfigLayer = { [S in ConfigSection]?: Partial<AtlasConfig[S]> };

export const PRESET_NAMES = ["default", "rigorous", "explorer", "debug"] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** The original design's presets; each is a layer over the schema defaults. */
export const PRESETS: Record<PresetName, ConfigLayer> = {
  default: {},
  rigorous: { analysis: { overlap_threshold: 300, min_community_size: 10, min_channel_viewers: 10 } },
  explorer: { analysis: { resolution: 2.0 } },
  debug: { collection: { top_channels_limit: 100 }, analysis: { top_channels: 100 }, logging: { level: "debug" } },
};
