/**
 * `vieweratlas analyze`: one analysis run over the lake's presence (or an imported graph), written to
 * analysis/run=<id>/ with the static map and web bundle, then a short report: where, modularity, communities.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Command } from "commander";
import { ALGORITHMS, ConfigError, WEIGHTINGS } from "../../core/index.js";
import { type AnalysisInput, type AnalysisOutcome, runAnalysis } from "../../analyze/index.js";
import type { LakeStore } from "../../lake/index.js";
import { addGlobalOptions, type CommandContext, type GlobalFlags, openContext } from "../commandContext.js";
import type { CliEffects } from "../context.js";
import { renderFilesFor } from "./renderFiles.js";

export interface AnalyzeFlags extends GlobalFlags {
  days?: string;
  since?: string;
  until?: string;
  edges?: string;
  nodes?: string;
  gexf?: string;
  algorithm?: string;
  resolution?: string;
  weighting?: string;
  threshold?: string;
  consensus?: string;
  seed?: string;
  out?: string;
  render?: boolean;
  json?: boolean;
}

export function register(program: Command, effects: CliEffects): void {
  addGlobalOptions(
    program
      .command("analyze")
      .description("find the communities of the lake's presence (or of an imported graph) and write a run")
      .option("--days <n>", "the last N days (analysis.days)")
      .option("--since <day>", "first UTC day, YYYY-MM-DD")
      .option("--until <day>", "last UTC day, YYYY-MM-DD")
      .option("--edges <file>", "analyze an existing overlap graph: CSV source,target,weight (any header case)")
      .option("--nodes <file>", "with --edges: CSV id,label,size (or ID,Label,Count)")
      .option("--gexf <file>", "analyze an existing overlap graph in GEXF")
      .option("--algorithm <name>", `community detection: ${ALGORITHMS.join(", ")}`)
      .option("--resolution <r>", "modularity resolution (higher: more, smaller communities)")
      .option("--weighting <w>", `edge weight: ${WEIGHTINGS.join(", ")}`)
      .option("--threshold <t>", "keep edges with weight >= t (analysis.overlap_threshold)")
      .option("--consensus <runs>", "run R seeds and report each community's stability")
      .option("--seed <n>", "random seed (analysis.seed)")
      .option("--out <dir>", "also write the run's files to this folder")
      .option("--no-render", "skip the static map and web bundle")
      .option("--json", "print the run summary as JSON"),
  ).action(async (flags: AnalyzeFlags) => {
    await runAnalyzeCommand(effects, flags);
  });
}

/** The dotted config overrides the analyze flags stand for; they join --set, so `config show` logic validates them. */
export function analyzeOverrides(flags: AnalyzeFlags): string[] {
  const pairs: [string, string | undefined][] = [
    ["analysis.days", flags.days],
    ["analysis.algorithm", flags.algorithm],
    ["analysis.resolution", flags.resolution],
    ["analysis.weighting", flags.weighting],
    ["analysis.overlap_threshold", flags.threshold],
    ["analysis.consensus_runs", flags.consensus],
    ["analysis.seed", flags.seed],
  ];
  return pairs.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${v}`);
}

export function analysisInput(flags: AnalyzeFlags, lake: LakeStore, cwd: string): AnalysisInput {
  const graphSources = [flags.edges, flags.gexf].filter(Boolean).length;
  if (graphSources > 1) throw new ConfigError("analyze: give --edges or --gexf, not both");
  if (flags.nodes && !flags.edges) throw new ConfigError("analyze: --nodes goes with --edges");
  if (flags.edges) return { kind: "edges", edgesFile: path.resolve(cwd, flags.edges), nodesFile: flags.nodes ? path.resolve(cwd, flags.nodes) : null };
  if (flags.gexf) return { kind: "gexf", file: path.resolve(cwd, flags.gexf) };
  for (const [name, day] of [["--since", flags.since], ["--until", flags.until]] as const) {
    if (day !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new ConfigError(`analyze: ${name} must be a UTC day YYYY-MM-DD, got ${JSON.stringify(day)}`);
  }
  if ((flags.since || flags.until) && flags.days) throw new ConfigError("analyze: give --days or --since/--until, not both");
  return { kind: "presence", lake, since: flags.since ?? null, until: flags.until ?? null };
}

export async function runAnalyzeCommand(effects: CliEffects, flags: AnalyzeFlags): Promise<AnalysisOutcome> {
  const ctx = await openContext(effects, { ...flags, set: [...(flags.set ?? []), ...analyzeOverrides(flags)] });
  const input = analysisInput(flags, ctx.lake, effects.cwd);
  const outcome = await analyzeAndWrite(ctx, input, { render: flags.render !== false, out: flags.out });
  if (flags.json) effects.stdout.write(JSON.stringify(outcome.run.summary, null, 2) + "\n");
  else effects.stdout.write(formatRunReport(ctx.lake, outcome, flags.out ? path.resolve(effects.cwd, flags.out) : null));
  return outcome;
}

/** Runs the analysis with the CLI's progress and render, writes the run, and copies it to `out` when given. */
export async function analyzeAndWrite(ctx: CommandContext, input: AnalysisInput, options: { render: boolean; out?: string }): Promise<AnalysisOutcome> {
  const { config, lake, logger, progress, effects } = ctx;
  const outcome = await runAnalysis(input, config, {
    clock: effects.clock,
    lake,
    progress,
    logger,
    env: effects.env,
    render: options.render ? (run) => renderFilesFor(run, config, logger) : undefined,
  });
  if (options.out && outcome.prefix) {
    const dir = path.resolve(effects.cwd, options.out);
    await mkdir(dir, { recursive: true });
    for (const name of outcome.files) {
      const body = await lake.get(outcome.prefix + name);
      if (body) await writeFile(path.join(dir, name), body);
    }
  }
  return outcome;
}

export function formatRunReport(lake: LakeStore, outcome: AnalysisOutcome, out: string | null): string {
  const { summary, communities } = outcome.run;
  const where = outcome.prefix ? (lake.localPath(outcome.prefix + "summary.json")?.replace(/summary\.json$/, "") ?? `${lake.location}/${outcome.prefix}`) : "(not written)";
  const lines = [
    `run ${summary.runId}: ${summary.counts.channels.toLocaleString("en")} channels, ${summary.counts.edges.toLocaleString("en")} edges` +
      (summary.counts.users !== null ? `, ${summary.counts.users.toLocaleString("en")} users` : ""),
    `  written to     ${where}`,
  ];
  if (out) lines.push(`  copied to      ${out}`);
  lines.push(
    `  algorithm      ${summary.algorithm} (resolution ${summary.resolution}, seed ${summary.seed})`,
    `  modularity     ${summary.modularity.toFixed(4)}`,
    `  communities    ${summary.communityCount}` + (summary.unassignedChannels ? ` (${summary.unassignedChannels} channels unassigned)` : ""),
  );
  for (const s of outcome.report.skipped) lines.push(`  skipped        ${s.count} ${s.what}${s.examples[0] ? ` (e.g. ${s.examples[0]})` : ""}`);
  const top = communities.slice().sort((a, b) => b.audience - a.audience).slice(0, 10);
  if (top.length) lines.push("  largest communities by audience:");
  for (const c of top) {
    lines.push(`    ${String(c.id).padStart(3)}  ${c.label.slice(0, 40).padEnd(40)} ${String(c.size).padStart(5)} ch  ${c.topChannels.slice(0, 3).join(", ")}`);
  }
  return lines.join("\n") + "\n";
}
