/**
 * The runs in the lake as the web map sees them, read-only (LakeStore get/list only): the run list, a run's web
 * bundle, its downloadable files, and a parsed bundle with its adjacency index for the channel API. Run ids and
 * file names are checked here against a pattern and a whitelist, so no request can name a key outside a run folder.
 */
import { InputError, LakeError, type RunSummary } from "../core/index.js";
import { analysisRunPrefix, ANALYSIS, LATEST_RUN, type LakeStore, partitionValue } from "../lake/index.js";
import { type BundleAdjacency, buildAdjacency } from "./app/adjacency.js";
import { BUNDLE_FILE, DOWNLOAD_FILES, type DownloadFile, type RunList, type RunListing, type WebBundle } from "./app/bundleTypes.js";

/** Run ids are key times (`2024-05-10T12-00-00Z`); anything else (dots, slashes, %) is refused before the lake is asked. */
const RUN_ID = /^[0-9A-Za-z][0-9A-Za-z_-]{0,79}$/;
export const LATEST_ALIAS = "latest";
const SUMMARY = "summary.json";

export function isRunId(id: string): boolean {
  return RUN_ID.test(id);
}

export function isDownloadFile(name: string): name is DownloadFile {
  return (DOWNLOAD_FILES as readonly string[]).includes(name);
}

export interface LoadedBundle {
  runId: string;
  bundle: WebBundle;
  adjacency: BundleAdjacency;
  /** Login -> node index. */
  indexOf: Map<string, number>;
  /** Lower-cased login -> node index (imported graphs may spell ids in mixed case). */
  indexOfLower: Map<string, number>;
}

export interface RunCatalogOptions {
  /** Parsed bundles kept in memory for the channel API (most recently used). */
  bundleCacheSize?: number;
}

export class RunCatalog {
  // Summaries never change once a run is complete, so they are read once per run.
  private readonly summaries = new Map<string, RunListing>();
  private readonly bundles = new Map<string, Promise<LoadedBundle>>();
  private readonly bundleCacheSize: number;

  constructor(
    readonly lake: LakeStore,
    options: RunCatalogOptions = {},
  ) {
    this.bundleCacheSize = options.bundleCacheSize ?? 4;
  }

  /** Every complete run (one with a summary.json), newest first, and the latest run's id. */
  async list(): Promise<RunList> {
    const ids: string[] = [];
    for await (const o of this.lake.list(`${ANALYSIS}run=`)) {
      if (!o.key.endsWith(`/${SUMMARY}`)) continue;
      const id = partitionValue(o.key, "run");
      if (id && isRunId(id) && o.key === analysisRunPrefix(id) + SUMMARY) ids.push(id);
    }
    ids.sort().reverse();
    const runs: RunListing[] = [];
    for (const id of ids) {
      const listing = await this.listing(id);
      if (listing) runs.push(listing);
    }
    const latest = await this.latestId();
    return { latest: latest && runs.some((r) => r.id === latest) ? latest : (runs[0]?.id ?? null), runs };
  }

  /** The run id a request names (`latest` resolved), or null when there is no such complete run. */
  async resolve(id: string): Promise<string | null> {
    const runId = id === LATEST_ALIAS ? await this.latestId() : id;
    if (runId === null || !isRunId(runId)) return null;
    return (await this.listing(runId)) ? runId : null;
  }

  /** The run's web.json bytes, or null when the run has none (analysed with --no-render). */
  async bundleBytes(runId: string): Promise<Uint8Array | null> {
    return this.lake.get(analysisRunPrefix(checkRunId(runId)) + BUNDLE_FILE);
  }

  /** A downloadable file of the run, or null when missing. */
  async file(runId: string, name: DownloadFile): Promise<Uint8Array | null> {
    if (!isDownloadFile(name)) throw new InputError(`web: ${JSON.stringify(name)} is not a run file the map serves`);
    return this.lake.get(analysisRunPrefix(checkRunId(runId)) + name);
  }

  /** The parsed bundle with its adjacency index, cached; null when the run has no bundle. */
  async loaded(runId: string): Promise<LoadedBundle | null> {
    let pending = this.bundles.get(runId);
    if (!pending) {
      pending = this.parse(runId);
      this.bundles.set(runId, pending);
      pending.catch(() => this.bundles.delete(runId));
      while (this.bundles.size > this.bundleCacheSize) this.bundles.delete(this.bundles.keys().next().value as string);
    } else {
      // Refresh its place as most recently used.
      this.bundles.delete(runId);
      this.bundles.set(runId, pending);
    }
    try {
      return await pending;
    } catch (error) {
      if (error instanceof MissingBundle) return null;
      throw error;
    }
  }

  private async parse(runId: string): Promise<LoadedBundle> {
    const bytes = await this.bundleBytes(runId);
    if (!bytes) throw new MissingBundle();
    let bundle: WebBundle;
    try {
      bundle = JSON.parse(Buffer.from(bytes).toString("utf8")) as WebBundle;
    } catch (error) {
      throw new LakeError(`web: ${analysisRunPrefix(runId)}${BUNDLE_FILE} in ${this.lake.location} is not valid JSON`, { cause: error });
    }
    const indexOf = new Map<string, number>();
    const indexOfLower = new Map<string, number>();
    bundle.nodes.forEach((n, i) => {
      indexOf.set(n[0], i);
      if (!indexOfLower.has(n[0].toLowerCase())) indexOfLower.set(n[0].toLowerCase(), i);
    });
    return { runId, bundle, adjacency: buildAdjacency(bundle.nodes.length, bundle.edges), indexOf, indexOfLower };
  }

  private async latestId(): Promise<string | null> {
    const bytes = await this.lake.get(LATEST_RUN);
    if (!bytes) return null;
    try {
      const id = (JSON.parse(Buffer.from(bytes).toString("utf8")) as { runId?: unknown }).runId;
      return typeof id === "string" && isRunId(id) ? id : null;
    } catch {
      return null;
    }
  }

  private async listing(id: string): Promise<RunListing | null> {
    const cached = this.summaries.get(id);
    if (cached) return cached;
    const bytes = await this.lake.get(analysisRunPrefix(id) + SUMMARY);
    if (!bytes) return null;
    let summary: RunSummary;
    try {
      summary = JSON.parse(Buffer.from(bytes).toString("utf8")) as RunSummary;
    } catch {
      // A run whose summary cannot be read is left out of the list rather than breaking it.
      return null;
    }
    const listing: RunListing = {
      id,
      createdAt: String(summary.createdAt ?? ""),
      channels: Number(summary.counts?.channels ?? 0),
      edges: Number(summary.counts?.edges ?? 0),
      communities: Number(summary.communityCount ?? 0),
      input: inputLabel(summary.input),
    };
    this.summaries.set(id, listing);
    return listing;
  }
}

class MissingBundle extends Error {}

function checkRunId(runId: string): string {
  if (!isRunId(runId)) throw new InputError(`web: ${JSON.stringify(runId)} is not a run id`);
  return runId;
}

/** A short name for what a run was made from, without the server's folders. */
export function inputLabel(input: RunSummary["input"] | undefined): string {
  if (!input) return "";
  if (input.kind === "presence") {
    const window = input.since || input.until ? ` ${input.since ?? "…"} to ${input.until ?? "…"}` : "";
    return `presence${window}`;
  }
  return String(input.description ?? "")
    .split(" + ")
    .map((file) => file.split(/[\\/]/).pop())
    .join(" + ");
}
