/**
 * A run in the lake: `writeRun` puts every file under analysis/run=<id>/ with summary.json last among them and
 * then analysis/latest.json, so a run with a summary is complete and latest always names a complete run.
 * `readRun` and `listRuns` are what render and web read.
 */
import type { CommunityInfo, RunEdge, RunNode, RunResult, RunSummary } from "../../core/index.js";
import { LakeError } from "../../core/index.js";
import { ANALYSIS, analysisRunPrefix, LATEST_RUN, type LakeStore, partitionValue } from "../../lake/index.js";
import { parseCsv } from "./csv.js";
import { type EdgeColumns, edgesCsvFromColumns, gexfFromColumns } from "./edgeColumns.js";
import { RUN_FILES, toCommunitiesJson, toEdgesCsv, toGexf, toNodesCsv, toSummaryJson } from "./runFiles.js";

/** Contents of analysis/latest.json. */
export interface LatestRun {
  runId: string;
  /** Lake key prefix of the run folder. */
  prefix: string;
  createdAt: string;
}

export type RunFiles = Record<string, Uint8Array | string>;

/**
 * The analysis files of a run, by file name, each built when asked for. With `columns` (the run's edges as typed
 * arrays, as runAnalysis has them) edges.csv and graph.gexf are written from those, same bytes, without reading
 * run.edges.
 */
export function runFileBuilders(run: RunResult, columns?: EdgeColumns): [name: string, build: () => Uint8Array | string][] {
  return [
    [RUN_FILES.nodes, () => toNodesCsv(run.nodes)],
    [RUN_FILES.edges, () => (columns ? edgesCsvFromColumns(columns) : toEdgesCsv(run.edges))],
    [RUN_FILES.communities, () => toCommunitiesJson(run.communities)],
    [RUN_FILES.gexf, () => (columns ? gexfFromColumns(run.nodes, columns) : toGexf(run))],
  ];
}

/**
 * Writes the run's files and `extraFiles` (images, layout, web bundle), then summary.json, then points latest.json
 * at it. Files are built one at a time, so only one large file is in memory at once.
 */
export async function writeRun(lake: LakeStore, run: RunResult, extraFiles: RunFiles = {}, columns?: EdgeColumns): Promise<{ prefix: string; files: string[] }> {
  const prefix = analysisRunPrefix(run.summary.runId);
  const files: string[] = [];
  for (const [name, build] of runFileBuilders(run, columns)) {
    if (name in extraFiles) continue;
    await lake.put(prefix + name, build());
    files.push(name);
  }
  for (const [name, body] of Object.entries(extraFiles)) {
    if (name === RUN_FILES.summary) continue;
    await lake.put(prefix + name, body);
    files.push(name);
  }
  await lake.put(prefix + RUN_FILES.summary, toSummaryJson(run.summary));
  files.push(RUN_FILES.summary);
  const latest: LatestRun = { runId: run.summary.runId, prefix, createdAt: run.summary.createdAt };
  await lake.put(LATEST_RUN, JSON.stringify(latest, null, 2) + "\n");
  return { prefix, files };
}

/** Adds or replaces files of an existing run (a re-render); latest.json is untouched. */
export async function writeRunFiles(lake: LakeStore, runId: string, files: RunFiles): Promise<void> {
  await requireRun(lake, runId);
  for (const [name, body] of Object.entries(files)) await lake.put(analysisRunPrefix(runId) + name, body);
}

export async function readLatestRunId(lake: LakeStore): Promise<string | null> {
  const bytes = await lake.get(LATEST_RUN);
  if (!bytes) return null;
  try {
    return (JSON.parse(Buffer.from(bytes).toString("utf8")) as LatestRun).runId;
  } catch (e) {
    throw new LakeError(`outputs: ${LATEST_RUN} in ${lake.location} is not valid JSON`, { cause: e });
  }
}

/** Complete runs (those with a summary.json), oldest first. */
export async function listRuns(lake: LakeStore): Promise<string[]> {
  const ids: string[] = [];
  for await (const o of lake.list(`${ANALYSIS}run=`)) {
    if (!o.key.endsWith(`/${RUN_FILES.summary}`)) continue;
    const id = partitionValue(o.key, "run");
    if (id) ids.push(id);
  }
  return ids.sort();
}

/** Reads a run back as records; without an id, the latest. Throws LakeError when there is none. */
export async function readRun(lake: LakeStore, runId?: string): Promise<RunResult> {
  const id = runId ?? (await readLatestRunId(lake));
  if (!id) throw new LakeError(`outputs: no analysis run in ${lake.location}; run \`vieweratlas analyze\` or \`vieweratlas demo\``);
  const summary = JSON.parse(await requireRun(lake, id)) as RunSummary;
  const prefix = analysisRunPrefix(id);
  const text = async (name: string) => {
    const b = await lake.get(prefix + name);
    if (!b) throw new LakeError(`outputs: run ${id} in ${lake.location} has no ${name}`);
    return Buffer.from(b).toString("utf8");
  };
  const nodes = parseNodesCsv(await text(RUN_FILES.nodes));
  const edges = parseEdgesCsv(await text(RUN_FILES.edges));
  const communities = JSON.parse(await text(RUN_FILES.communities)) as CommunityInfo[];
  return { summary, nodes, edges, communities };
}

async function requireRun(lake: LakeStore, runId: string): Promise<string> {
  const bytes = await lake.get(analysisRunPrefix(runId) + RUN_FILES.summary);
  if (!bytes) throw new LakeError(`outputs: no complete run ${runId} in ${lake.location}`);
  return Buffer.from(bytes).toString("utf8");
}

function parseNodesCsv(text: string): RunNode[] {
  const nodes: RunNode[] = [];
  for (const { line, fields } of parseCsv(text)) {
    if (line === 1) continue;
    const [id, label, community, size, game, language] = fields;
    nodes.push({ id, label, community: Number(community), size: Number(size), game: game || null, language: language || null });
  }
  return nodes;
}

function parseEdgesCsv(text: string): RunEdge[] {
  const edges: RunEdge[] = [];
  const orNull = (s: string | undefined) => (s === undefined || s === "" ? null : Number(s));
  for (const { line, fields } of parseCsv(text)) {
    if (line === 1) continue;
    const [source, target, weight, shared, shareSource, shareTarget] = fields;
    edges.push({ source, target, weight: Number(weight), shared: orNull(shared), shareSource: orNull(shareSource), shareTarget: orNull(shareTarget) });
  }
  return edges;
}
