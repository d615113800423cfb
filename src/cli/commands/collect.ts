/**
 * `vieweratlas collect [--once] [--channels FILE] [--analyze] [--max-cycles N] [--max-runtime-hours H]`: the
 * standing watch. Channels come from Helix (TWITCH_CLIENT_ID + TWITCH_CLIENT_SECRET), else --channels FILE,
 * else collection.channels. SIGTERM and SIGINT stop it gracefully: every open window is written before exit.
 */
import path from "node:path";
import type { Command } from "commander";
import { ConfigError, readTwitchCredentials, redact, type Scheduler, secretValues, systemScheduler } from "../../core/index.js";
import {
  type ChannelSource,
  type CollectReport,
  Collector,
  type CollectorHooks,
  compactLake,
  type CycleReport,
  watcherOptionsFromConfig,
} from "../../collect/index.js";
import { createHelixClient, type FetchLike, type IrcAuth, resolveHelixHttp, validateUserToken } from "../../platforms/twitch/index.js";
import { addGlobalOptions, type CommandContext, type GlobalFlags, openContext } from "../commandContext.js";
import type { CliEffects } from "../context.js";
import { analyzeAndWrite } from "./analyze.js";

export interface CollectFlags extends GlobalFlags {
  once?: boolean;
  channels?: string;
  analyze?: boolean;
  maxCycles?: string;
  maxRuntimeHours?: string;
}

/** What tests swap: time, the network client, the stop signal, and hooks into the collector. */
export interface CollectDeps {
  scheduler: Scheduler;
  fetch?: FetchLike;
  signal?: AbortSignal;
  hooks?: CollectorHooks;
}

export function register(program: Command, effects: CliEffects): void {
  addGlobalOptions(
    program
      .command("collect")
      .description("watch live chat of the top (or listed) channels and write presence windows to the lake until stopped")
      .option("--once", "one cycle: discover, watch one collection interval, write, exit")
      .option("--channels <file>", "watch the logins in this file (one a line) instead of Helix discovery")
      .option("--analyze", "compact and analyze every analysis.analysis_interval_cycles cycles (and after --once)")
      .option("--max-cycles <n>", "stop after N cycles (collection.max_collection_cycles)")
      .option("--max-runtime-hours <h>", "stop after H hours (collection.max_runtime_hours)"),
  ).action(async (flags: CollectFlags) => {
    const controller = new AbortController();
    const onSignal = (signal: NodeJS.Signals) => {
      effects.stderr.write(`collect: ${signal} received, writing open windows before exit\n`);
      controller.abort();
    };
    process.once("SIGTERM", onSignal);
    process.once("SIGINT", onSignal);
    try {
      await runCollect(effects, flags, { scheduler: systemScheduler, signal: controller.signal });
    } finally {
      process.off("SIGTERM", onSignal);
      process.off("SIGINT", onSignal);
    }
  });
}

export function collectOverrides(flags: CollectFlags): string[] {
  const pairs: [string, string | undefined][] = [
    ["collection.max_collection_cycles", flags.maxCycles],
    ["collection.max_runtime_hours", flags.maxRuntimeHours],
  ];
  return pairs.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${v}`);
}

export async function runCollect(effects: CliEffects, flags: CollectFlags, deps: CollectDeps): Promise<CollectReport> {
  const ctx = await openContext(effects, { ...flags, set: [...(flags.set ?? []), ...collectOverrides(flags)] });
  const { config, lake, logger } = ctx;
  const c = config.collection;
  const credentials = readTwitchCredentials(effects.env);
  const helixSetup = { scheduler: deps.scheduler, logger, fetch: deps.fetch, signal: deps.signal };
  const source = channelSource(ctx, flags, credentials, helixSetup);
  let auth: IrcAuth | null = null;
  if (credentials.oauthToken) {
    const { login } = await validateUserToken(credentials.oauthToken, c.auth_url, resolveHelixHttp(helixSetup));
    auth = { nick: login, token: credentials.oauthToken };
  }
  const cycleMs = c.collection_interval_minutes * 60_000;
  logger.info(
    { source: source.kind, lake: lake.location, windowMinutes: c.collection_interval_minutes, once: Boolean(flags.once), irc: auth ? `oauth as ${auth.nick}` : "anonymous" },
    "collect: starting",
  );
  const hooks = deps.hooks ?? {};
  const collector = new Collector(
    lake,
    {
      source,
      topChannelsLimit: c.top_channels_limit,
      discoveryRefreshMs: c.discovery_refresh_minutes * 60_000,
      discoveryRetryMs: Math.min(60_000, c.discovery_refresh_minutes * 60_000),
      cycleMs,
      maxCycles: c.max_collection_cycles,
      maxRuntimeMs: c.max_runtime_hours * 3_600_000,
      once: Boolean(flags.once),
      analysisEveryCycles: flags.analyze ? config.analysis.analysis_interval_cycles : 0,
      watcher: { ...watcherOptionsFromConfig(c), auth },
      scheduler: deps.scheduler,
      logger,
      signal: deps.signal,
    },
    {
      ...hooks,
      onCycle: (report) => {
        effects.stderr.write(statusLine(report));
        hooks.onCycle?.(report);
      },
      analyze: flags.analyze ? (cycle) => analyzeLake(ctx, cycle) : undefined,
    },
  );
  const report = await collector.run();
  effects.stdout.write(redact(formatCollectReport(lake.location, report), secretValues(effects.env)));
  return report;
}

type Credentials = ReturnType<typeof readTwitchCredentials>;

/** --channels FILE, else Helix when both credentials are set, else collection.channels; none of them is a ConfigError. */
function channelSource(ctx: CommandContext, flags: CollectFlags, credentials: Credentials, helix: Parameters<typeof resolveHelixHttp>[0]): ChannelSource {
  const c = ctx.config.collection;
  if (flags.channels) return { kind: "file", path: path.resolve(ctx.effects.cwd, flags.channels) };
  if ((credentials.clientId === null) !== (credentials.clientSecret === null)) {
    throw new ConfigError("collect: set both TWITCH_CLIENT_ID and TWITCH_CLIENT_SECRET for Helix discovery, or neither");
  }
  if (credentials.clientId !== null && credentials.clientSecret !== null) {
    const { client } = createHelixClient({
      ...helix,
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      helixUrl: c.helix_url,
      authUrl: c.auth_url,
      pageSize: c.batch_size,
    });
    return { kind: "helix", helix: client };
  }
  if (c.channels.length > 0) return { kind: "list", logins: c.channels };
  throw new ConfigError(
    "collect: no channels to watch: set TWITCH_CLIENT_ID and TWITCH_CLIENT_SECRET for Helix discovery, give --channels FILE, or set collection.channels",
  );
}

/** Compaction of the new raw days, then an analysis run with its render, as `vieweratlas analyze` does. */
async function analyzeLake(ctx: CommandContext, cycle: number): Promise<void> {
  const { config, lake, logger, effects } = ctx;
  const compacted = await compactLake(lake, { pseudonymize: config.privacy.pseudonymize }, { logger, clock: effects.clock, env: effects.env });
  const outcome = await analyzeAndWrite(ctx, { kind: "presence", lake, since: null, until: null }, { render: true });
  logger.info({ cycle, daysRebuilt: compacted.daysRebuilt.length, run: outcome.prefix }, "collect: compaction and analysis done");
}

export function statusLine(r: CycleReport): string {
  return (
    `collect: cycle ${r.cycle}: ${r.channels} channels (${r.joinedChannels} joined), ${r.messagesPerSecond.toFixed(1)} msg/s, ` +
    `${r.windowsWritten} windows written${r.windowsPending ? ` (${r.windowsPending} waiting)` : ""}, ${r.openPairs} open pairs\n`
  );
}

export function formatCollectReport(location: string, r: CollectReport): string {
  const s = r.stats;
  return [
    `collected into ${location}: ${r.cycles} cycle(s), stopped by ${r.stoppedBy}`,
    `  channels         ${s.channels} watched, ${s.joinedChannels} joined at stop, ${s.unavailableChannels} unavailable`,
    `  chat             ${s.lines} lines, ${s.recorder.presenceEvents} presence events, ${s.recorder.recorded} recorded, ${s.malformedLines} malformed, ${s.recorder.late} late`,
    `  windows          ${s.windowsWritten} written (${s.windowsAlreadyPresent} already in the lake), ${s.windowsPending} not written`,
    `  discovery        ${r.discoveries} refreshes, ${r.discoveryFailures} failed`,
    `  analysis         ${r.analyses} runs, ${r.analysisFailures} failed`,
    "",
  ].join("\n");
}
