/**
 * `vieweratlas demo`: a synthetic lake with planted communities (seeded: Zipf popularity, languages, games,
 * heavy-tailed activity, bots in most channels) written as raw windows, compacted, analyzed with the default
 * settings and rendered; then how well the planted communities were recovered (NMI).
 */
import type { Command } from "commander";
import { ConfigError, type PresenceWindow } from "../../core/index.js";
import { nmi, unassignedAsSingletons } from "../../analyze/index.js";
import { compactLake, generateSynthetic, type SyntheticPresence, syntheticWindows, writeRawWindow } from "../../collect/index.js";
import type { RunResult } from "../../core/index.js";
import type { LakeStore } from "../../lake/index.js";
import { addGlobalOptions, type GlobalFlags, openContext } from "../commandContext.js";
import type { CliEffects } from "../context.js";
import { analyzeAndWrite, formatRunReport } from "./analyze.js";

/** Sized to finish well under a minute on 2 cores, render included. */
export const DEMO_DEFAULTS = { channels: 1000, users: 100_000, days: 7, communities: 20, seed: 42 };

interface DemoFlags extends GlobalFlags {
  channels?: string;
  users?: string;
  days?: string;
  communities?: string;
  seed?: string;
  render?: boolean;
}

export function register(program: Command, effects: CliEffects): void {
  addGlobalOptions(
    program
      .command("demo")
      .description("build a synthetic lake with planted communities, analyze it, and score the result (NMI)")
      .option("--channels <n>", "channels", String(DEMO_DEFAULTS.channels))
      .option("--users <n>", "human users (a few dozen bots come on top)", String(DEMO_DEFAULTS.users))
      .option("--days <n>", "days of presence", String(DEMO_DEFAULTS.days))
      .option("--communities <n>", "planted communities", String(DEMO_DEFAULTS.communities))
      .option("--seed <n>", "generator seed", String(DEMO_DEFAULTS.seed))
      .option("--no-render", "skip the static map and web bundle"),
  ).action(async (flags: DemoFlags) => {
    await runDemo(effects, flags);
  });
}

export interface DemoResult {
  nmi: number;
  prefix: string | null;
  run: RunResult;
}

export async function runDemo(effects: CliEffects, flags: DemoFlags): Promise<DemoResult> {
  const ctx = await openContext(effects, flags);
  const { lake, config, logger, progress } = ctx;
  const data = generateSynthetic({
    channels: int("channels", flags.channels, DEMO_DEFAULTS.channels),
    users: int("users", flags.users, DEMO_DEFAULTS.users),
    days: int("days", flags.days, DEMO_DEFAULTS.days),
    communities: int("communities", flags.communities, DEMO_DEFAULTS.communities),
    seed: int("seed", flags.seed, DEMO_DEFAULTS.seed),
  });
  const windows = await writeWindows(lake, syntheticWindows(data), progress.stage("write raw windows", data.channels.length * data.dayNames.length));
  await compactLake(lake, { pseudonymize: config.privacy.pseudonymize, days: data.dayNames }, { logger, progress, clock: effects.clock, env: effects.env });
  const outcome = await analyzeAndWrite(ctx, { kind: "presence", lake, since: data.dayNames[0], until: data.dayNames.at(-1) }, { render: flags.render !== false });
  const score = plantedNmi(data, outcome.run);
  effects.stdout.write(
    [
      `demo: ${data.channels.length.toLocaleString("en")} channels, ${data.humanCount.toLocaleString("en")} users + ${data.botLogins.length} bots, ` +
        `${data.dayNames.length} days (${data.dayNames[0]} … ${data.dayNames.at(-1)}), ${windows.toLocaleString("en")} raw windows, seed ${data.options.seed}`,
      formatRunReport(lake, outcome, null).trimEnd(),
      `  planted        ${data.options.communities} communities; recovered with NMI ${score.toFixed(3)}`,
      `  next           vieweratlas serve --lake ${lake.location}   (shows this run in the browser)`,
      "",
    ].join("\n"),
  );
  return { nmi: score, prefix: outcome.prefix, run: outcome.run };
}

/** NMI between the planted communities and the run's; channels missing from the run or unassigned count as singletons. */
export function plantedNmi(data: SyntheticPresence, run: RunResult): number {
  const found = new Map(run.nodes.map((n) => [n.id, n.community]));
  const truth = Int32Array.from(data.channels, (c) => c.community);
  const predicted = unassignedAsSingletons(Int32Array.from(data.channels, (c) => found.get(c.login) ?? -1));
  return nmi(truth, predicted);
}

/** Writes windows with a few puts in flight at once; a window already in the lake is left as it is. */
async function writeWindows(lake: LakeStore, windows: Iterable<PresenceWindow>, stage: { update(n: number): void; end(r?: string): void }): Promise<number> {
  const IN_FLIGHT = 16;
  const pending = new Set<Promise<void>>();
  let written = 0;
  for (const w of windows) {
    const p: Promise<void> = writeRawWindow(lake, w).then(() => {
      pending.delete(p);
      stage.update(++written);
    });
    pending.add(p);
    if (pending.size >= IN_FLIGHT) await Promise.race(pending);
  }
  await Promise.all(pending);
  stage.end(`${written.toLocaleString("en")} windows`);
  return written;
}

function int(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new ConfigError(`demo: --${name} must be an integer, got ${JSON.stringify(value)}`);
  return n;
}
