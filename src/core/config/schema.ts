/**
 * The one configuration schema. Field names are the YAML names; every field can also be set from the
 * environment as VIEWERATLAS_<SECTION>_<FIELD> (upper case), see loadConfig.
 * Twitch credentials are NOT part of it: they come only from the environment (see secrets.ts).
 * Every field carries a `.describe()` text: `vieweratlas config fields` and docs/configuration.md are made from it.
 */
import { z } from "zod";

export const ALGORITHMS = ["leiden", "louvain", "label-propagation"] as const;
export const WEIGHTINGS = ["shared", "repeat", "jaccard", "cosine"] as const;
export const BOT_FILTERS = ["off", "lists", "heuristic", "both"] as const;
export const THEMES = ["dark", "light"] as const;

const collection = z
  .object({
    top_channels_limit: z.number().int().positive().default(5000).describe("How many of the top live channels (by viewers) discovery keeps."),
    shard_size: z.number().int().positive().max(500).default(75).describe("Channels per IRC connection."),
    batch_size: z.number().int().positive().max(100).default(100).describe("Channels per Helix request page (max 100)."),
    join_rate_per_10s: z.number().int().positive().default(20).describe("IRC JOINs allowed per 10 seconds per connection."),
    collection_interval_minutes: z.number().positive().default(5).describe("Length of a raw live window: buffers are flushed to the lake this often."),
    bucket_len_s: z.number().int().positive().default(60).describe("Presence granularity inside a window (seconds); must equal vod.bucket_len_s."),
    discovery_refresh_minutes: z.number().positive().default(10).describe("How often the list of live channels is refreshed."),
    max_runtime_hours: z.number().nonnegative().default(0).describe("Stop collecting after this many hours; 0 = no limit."),
    max_collection_cycles: z.number().int().nonnegative().default(0).describe("Stop collecting after this many windows; 0 = no limit."),
    channels: z.array(z.string()).default([]).describe("Channel logins to watch when discovery (Helix) is not used."),
    irc_url: z.string().default("irc://irc.chat.twitch.tv:6667").describe("Twitch chat (IRC) server."),
    helix_url: z.string().default("https://api.twitch.tv/helix").describe("Twitch Helix API base URL."),
    auth_url: z.string().default("https://id.twitch.tv/oauth2").describe("Twitch OAuth base URL."),
  })
  .strict();

const analysis = z
  .object({
    days: z.number().int().positive().default(30).describe("Days of presence the analysis reads, counted back from now."),
    overlap_threshold: z.number().nonnegative().default(1).describe("Minimum edge weight (shared users under the chosen weighting) kept in the overlap graph."),
    min_channel_viewers: z.number().int().nonnegative().default(0).describe("Channels whose peak viewers stay below this are left out."),
    top_channels: z.number().int().nonnegative().default(0).describe("Keep only the N channels with the most unique chatters; 0 = keep every channel."),
    min_community_size: z.number().int().positive().default(1).describe("Communities with fewer channels are reported as unassigned."),
    resolution: z.number().positive().default(1).describe("Community detection resolution: higher gives more, smaller communities."),
    algorithm: z.enum(ALGORITHMS).default("leiden").describe("Community detection algorithm."),
    weighting: z.enum(WEIGHTINGS).default("shared").describe("How shared users become an edge weight."),
    bot_filter: z.enum(BOT_FILTERS).default("both").describe("Which bot filters run: shipped/configured lists, the share heuristic, both, or none."),
    bot_max_channel_share: z.number().gt(0).lte(1).default(0.2).describe("Users present in more than this share of channels are dropped by the heuristic."),
    bot_users: z.array(z.string()).default([]).describe("Extra bot logins to drop, besides the shipped lists."),
    backbone_alpha: z.number().min(0).max(1).default(0).describe("Disparity filter alpha for the graph backbone; 0 = no backbone."),
    consensus_runs: z.number().int().nonnegative().default(0).describe("Extra community detection runs combined into a consensus; 0 = a single run."),
    analysis_interval_cycles: z.number().int().positive().default(12).describe("During collection, run an analysis every N windows."),
    seed: z.number().int().default(42).describe("Seed of every random choice, so runs repeat exactly."),
    label_game_share: z.number().min(0).max(1).default(0.6).describe("A community is labelled by a game held by at least this share of its channels."),
    label_game_language_share: z.number().min(0).max(1).default(0.4).describe("Else by game + language when both reach this share."),
    label_language_share: z.number().min(0).max(1).default(0.5).describe("Else by a language held by at least this share."),
  })
  .strict();

const vod = z
  .object({
    enabled: z.boolean().default(false).describe("Replay the chat of past broadcasts (VODs) into the lake."),
    bucket_len_s: z.number().int().positive().default(60).describe("Presence granularity of replayed chat (seconds); must equal collection.bucket_len_s."),
    max_age_days: z.number().int().positive().default(14).describe("VODs older than this are not replayed."),
    min_views: z.number().int().nonnegative().default(0).describe("VODs with fewer views are skipped."),
    max_vods_per_run: z.number().int().positive().default(50).describe("VODs processed per run at most."),
    max_attempts: z.number().int().positive().default(5).describe("Attempts per VOD before it is marked failed."),
    gql_url: z.string().default("https://gql.twitch.tv/gql").describe("Twitch GQL endpoint used for chat replay."),
  })
  .strict();

const storage = z
  .object({
    lake: z.string().min(1).default("./lake").describe("Where the lake lives: a local folder or s3://bucket/prefix."),
    region: z.string().default("us-east-1").describe("S3 region."),
    endpoint: z.string().default("").describe("S3-compatible endpoint (MinIO, a loopback test server); empty = AWS."),
    force_path_style: z.boolean().default(false).describe("Use path-style S3 addresses (needed by most S3-compatible servers)."),
  })
  .strict();

const retention = z
  .object({
    raw_days: z.number().int().nonnegative().default(0).describe("Days to keep raw windows and VOD chat; 0 = forever."),
    curated_days: z.number().int().nonnegative().default(0).describe("Days to keep curated partitions; 0 = forever."),
    analysis_days: z.number().int().nonnegative().default(0).describe("Days to keep analysis runs; 0 = forever."),
  })
  .strict();

const privacy = z
  .object({
    pseudonymize: z.boolean().default(true).describe("Replace user logins with a keyed hash in curated data."),
  })
  .strict();

const render = z
  .object({
    image_px: z.number().int().min(256).max(20000).default(4000).describe("Width and height of the static atlas image in pixels."),
    theme: z.enum(THEMES).default("dark").describe("Colour theme of images and the web map."),
    layout_iterations: z.number().int().positive().default(500).describe("ForceAtlas2 iterations of the layout."),
    lin_log: z.boolean().default(false).describe("ForceAtlas2 lin-log mode (tighter clusters)."),
    edge_weight_influence: z.number().nonnegative().default(1).describe("ForceAtlas2 edge weight influence."),
    labels_per_community: z.number().int().nonnegative().default(5).describe("Channel names drawn per community on the image."),
  })
  .strict();

const serve = z
  .object({
    host: z.string().default("127.0.0.1").describe("Address the dashboard server listens on."),
    port: z.number().int().min(0).max(65535).default(8080).describe("Port the dashboard server listens on; 0 = any free port."),
  })
  .strict();

const logging = z
  .object({
    level: z.enum(["trace", "debug", "info", "warn", "error", "silent"]).default("info").describe("Log level."),
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
        message: `must equal collection.bucket_len_s, VOD and live presence share one bucket length (allowed: ${c.collection.bucket_len_s})`,
      });
    }
    // Jaccard and cosine weights are shares in 0..1: the count-sized default threshold of 1 would keep
    // only channels with identical audiences, an empty map that looks like a bug. Say so up front.
    if ((c.analysis.weighting === "jaccard" || c.analysis.weighting === "cosine") && c.analysis.overlap_threshold >= 1) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["analysis", "overlap_threshold"],
        message: `with weighting ${c.analysis.weighting} the weight is a share between 0 and 1, so ${c.analysis.overlap_threshold} keeps only identical audiences; set a share such as 0.01 (allowed: 0 <= threshold < 1)`,
      });
    }
    if (c.storage.lake.startsWith("s3://") && !/^s3:\/\/[^/]+/.test(c.storage.lake)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["storage", "lake"], message: "an s3:// location needs a bucket (allowed: s3://bucket/prefix or a local folder)" });
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
