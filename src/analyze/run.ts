/**
 * One analysis run: input (the lake's presence, or an imported graph) -> overlap graph -> communities (-> consensus)
 * -> labels -> run outputs. Each stage is timed with the process's peak memory and reported through the progress
 * reporter. The run is written to analysis/run=<id>/ with latest.json last; `deps.render` adds the images and the
 * web bundle before that, so latest always names a complete run.
 */
import { readFileSync } from "node:fs";
import {
  type AtlasConfig,
  type Clock,
  InputError,
  type Logger,
  type ProgressReporter,
  type RunEdge,
  type RunNode,
  type RunResult,
  type RunSummary,
  type StageTiming,
  silentLogger,
  silentProgress,
  UNASSIGNED,
} from "../core/index.js";
import { type LakeStore, newRunId } from "../lake/index.js";
import { loadPresence } from "./aggregate/loadPresence.js";
import { aggregateOptionsFromConfig } from "./aggregate/options.js";
import { applyMinCommunitySize, detectCommunities } from "./communities/detect.js";
import { readEdgeList, readGexf, readNodeList } from "./import/graphFiles.js";
import { overlapFromImport } from "./import/importedGraph.js";
import { labelCommunities } from "./labels/labelCommunities.js";
import { type EdgeColumns, edgeColumnsOf, runEdgesFromColumns } from "./outputs/edgeColumns.js";
import { type RunFiles, writeRun } from "./outputs/runStore.js";
import { buildOverlapGraph } from "./overlap/buildOverlapGraph.js";
import type { DataQualityReport, OverlapGraph, Partition } from "./types.js";

export type AnalysisInput =
  | { kind: "presence"; lake: LakeStore; since?: string | null; until?: string | null; days?: number | null }
  | { kind: "edges"; edgesFile: string; nodesFile?: string | null }
  | { kind: "gexf"; file: string };

export interface AnalysisDeps {
  clock: Clock;
  /** Where the run is written; null = return it only. */
  lake: LakeStore | null;
  progress?: ProgressReporter;
  logger?: Logger;
  env?: NodeJS.ProcessEnv;
  /** Extra files for the run folder (layout, atlas.svg/png, web bundle), made from the finished run. */
  render?: (run: RunResult) => Promise<RunFiles>;
}

export interface AnalysisOutcome {
  run: RunResult;
  /** Lake prefix of the run folder, when written. */
  prefix: string | null;
  files: string[];
  report: DataQualityReport;
}

const VERSION = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;

export async function runAnalysis(input: AnalysisInput, config: AtlasConfig, deps: AnalysisDeps): Promise<AnalysisOutcome> {
  const progress = deps.progress ?? silentProgress;
  const logger = deps.logger ?? silentLogger();
  const a = config.analysis;
  const timings: StageTiming[] = [];
  const timed = async <T>(stage: string, fn: () => Promise<T> | T, result: (value: T) => string): Promise<T> => {
    const p = progress.stage(stage);
    const t0 = performance.now();
    const value = await fn();
    const timing = { stage, seconds: round((performance.now() - t0) / 1000, 3), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
    timings.push(timing);
    p.end(result(value));
    logger.debug({ ...timing }, `analyze: ${stage} done`);
    return value;
  };

  let overlap: OverlapGraph;
  let report: DataQualityReport;
  let description: string;
  let since: string | null = null;
  let until: string | null = null;
  if (input.kind === "presence") {
    const matrix = await timed(
      "aggregate",
      () =>
        loadPresence(
          input.lake,
          { ...aggregateOptionsFromConfig(config), since: input.since ?? null, until: input.until ?? null, days: input.days ?? a.days },
          { clock: deps.clock, env: deps.env ?? {}, logger, progress },
        ),
      (m) => `${m.channels.length.toLocaleString("en")} channels, ${m.userCount.toLocaleString("en")} users`,
    );
    overlap = await timed(
      "overlap",
      () => buildOverlapGraph(matrix, { weighting: a.weighting, threshold: a.overlap_threshold, backboneAlpha: a.backbone_alpha }),
      (g) => `${g.edges.source.length.toLocaleString("en")} edges`,
    );
    report = matrix.report;
    since = matrix.since;
    until = matrix.until;
    description = `presence in ${input.lake.location}`;
  } else {
    const imported = await timed(
      "import",
      async () => {
        if (input.kind === "gexf") {
          const g = await readGexf(input.file);
          return overlapFromImport(g.edges, g.nodes);
        }
        return overlapFromImport(await readEdgeList(input.edgesFile), input.nodesFile ? await readNodeList(input.nodesFile) : null);
      },
      (r) => `${r.overlap.channels.length.toLocaleString("en")} channels, ${r.overlap.edges.source.length.toLocaleString("en")} edges`,
    );
    overlap = imported.overlap;
    report = imported.report;
    description = input.kind === "gexf" ? input.file : [input.edgesFile, input.nodesFile].filter(Boolean).join(" + ");
  }

  requireAGraph(overlap, input.kind === "presence" ? `${description} between ${since} and ${until}` : description, a.overlap_threshold, input.kind === "presence");

  const partition = await timed(
    "communities",
    () => findCommunities(overlap, config),
    (p) => `${p.count} communities, modularity ${p.modularity.toFixed(4)}`,
  );
  const communities = await timed(
    "labels",
    () =>
      labelCommunities(overlap, partition, {
        gameShare: a.label_game_share,
        gameLanguageShare: a.label_game_language_share,
        languageShare: a.label_language_share,
      }),
    (c) => `${c.length} labels`,
  );

  const now = deps.clock.now();
  const summary: RunSummary = {
    runId: newRunId(now),
    createdAt: new Date(now).toISOString(),
    engine: "embedded: DuckDB scan + in-process typed arrays",
    versions: { vieweratlas: VERSION, node: process.version },
    input: { kind: input.kind, description, since, until },
    parameters: {
      algorithm: a.algorithm,
      resolution: a.resolution,
      seed: a.seed,
      weighting: input.kind === "presence" ? a.weighting : overlap.weighting,
      overlap_threshold: input.kind === "presence" ? a.overlap_threshold : null,
      backbone_alpha: a.backbone_alpha,
      consensus_runs: a.consensus_runs,
      min_community_size: a.min_community_size,
      days: input.kind === "presence" ? (input.days ?? a.days) : null,
    },
    counts: {
      channels: overlap.channels.length,
      edges: overlap.edges.source.length,
      users: input.kind === "presence" ? report.users : null,
      rows: input.kind === "presence" ? report.rows : null,
      days: input.kind === "presence" ? report.days : null,
    },
    filters: {
      bot_filter: input.kind === "presence" ? a.bot_filter : "off",
      bot_max_channel_share: a.bot_max_channel_share,
      min_channel_viewers: a.min_channel_viewers,
      top_channels: a.top_channels,
      applied: report.filters,
      skipped: report.skipped,
    },
    timings,
    algorithm: partition.algorithm,
    seed: partition.seed,
    resolution: partition.resolution,
    modularity: partition.modularity,
    communityCount: partition.count,
    unassignedChannels: countUnassigned(partition.membership),
  };
  const columns = edgeColumnsOf(overlap);
  const run: RunResult = await timed(
    "run records",
    () => withLazyEdges({ summary, nodes: toRunNodes(overlap, partition), communities }, columns),
    (r) => `${r.nodes.length.toLocaleString("en")} nodes, ${columns.source.length.toLocaleString("en")} edges`,
  );

  const extra = deps.render ? await timed("render", () => deps.render!(run), (f) => `${Object.keys(f).length} files`) : {};
  // summary.json holds the stages up to here; writing it cannot time itself.
  summary.timings = timings.slice();
  if (!deps.lake) return { run, prefix: null, files: [], report };
  const lake = deps.lake;
  const written = await timed("outputs", () => writeRun(lake, run, extra, columns), (w) => `${w.files.length} files in ${w.prefix}`);
  return { run, prefix: written.prefix, files: written.files, report };
}

/** A run needs channels and at least one edge between them: anything less would be an empty map. */
function requireAGraph(overlap: OverlapGraph, what: string, threshold: number, thresholded: boolean): void {
  if (overlap.channels.length === 0) throw new InputError(`analyze: no channel left in ${what} after the filters; lower analysis.min_channel_viewers or widen the window`);
  if (overlap.edges.source.length === 0) {
    const hint = thresholded ? `; no two channels share users at weight >= ${threshold} (analysis.overlap_threshold)` : "";
    throw new InputError(`analyze: ${overlap.channels.length} channels in ${what} but no edges between them${hint}`);
  }
}

/** Detection (with consensus when asked), then channels without edges and small communities become unassigned. */
function findCommunities(overlap: OverlapGraph, config: AtlasConfig): Partition {
  const a = config.analysis;
  const found = detectCommunities(overlap.graph, {
    algorithm: a.algorithm,
    resolution: a.resolution,
    seed: a.seed,
    consensusRuns: a.consensus_runs,
    minCommunitySize: 1,
  });
  // Isolated channels are in no community (core/run.ts UNASSIGNED), not singletons that swell the count.
  const membership = Int32Array.from(found.membership);
  const { offsets } = overlap.graph;
  for (let u = 0; u < membership.length; u++) if (offsets[u + 1] === offsets[u]) membership[u] = UNASSIGNED;
  return applyMinCommunitySize(overlap.graph, { ...found, membership }, a.min_community_size);
}

function toRunNodes(overlap: OverlapGraph, partition: Partition): RunNode[] {
  return overlap.channels.map((c, i) => ({
    id: c.login,
    label: c.displayName || c.login,
    community: partition.membership[i],
    size: overlap.sizes[i],
    game: c.gameName,
    language: c.language,
  }));
}

/**
 * run.edges is built on first read: the run files are written from the columns, so only render (and callers that
 * read the records) pay for ~1.8M RunEdge objects at 5,000 channels.
 */
function withLazyEdges(run: Omit<RunResult, "edges">, columns: EdgeColumns): RunResult {
  let edges: RunEdge[] | null = null;
  return Object.defineProperty(run, "edges", {
    enumerable: true,
    get: () => (edges ??= runEdgesFromColumns(columns)),
    set: (value: RunEdge[]) => {
      edges = value;
    },
  }) as RunResult;
}

function countUnassigned(membership: Int32Array): number {
  let n = 0;
  for (let i = 0; i < membership.length; i++) if (membership[i] === UNASSIGNED) n++;
  return n;
}

function round(x: number, digits: number): number {
  const p = 10 ** digits;
  return Math.round(x * p) / p;
}
