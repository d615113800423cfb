/**
 * One face for community detection: pick an algorithm, get a Partition numbered 0..k-1 by decreasing size.
 * Also the min-size cut (small communities become unassigned, -1), consensus over seeds (per-community
 * stability) and a connectivity check.
 */
import { ALGORITHMS, ConfigError, UNASSIGNED, createRng } from "../../core/index.js";
import type { CsrGraph } from "../graph/CsrGraph.js";
import type { Partition } from "../types.js";
import { labelPropagation } from "./labelPropagation.js";
import { LEIDEN_DEFAULTS, type LeidenQuality, leiden } from "./leiden.js";
import { louvain } from "./louvain.js";
import { renumberByFirstOccurrence, renumberBySize, splitDisconnectedCommunities } from "./membership.js";
import { modularity } from "./modularity.js";

export type CommunityAlgorithm = (typeof ALGORITHMS)[number];

export interface DetectOptions {
  algorithm: CommunityAlgorithm;
  /** γ for Leiden, Louvain and the reported modularity; label propagation ignores it. */
  resolution: number;
  seed: number;
  /** Leiden only: refinement randomness, passes (-1 = until stable), quality function. */
  theta: number;
  iterations: number;
  quality: LeidenQuality;
  /** Communities with fewer members become unassigned (-1). 1 keeps all. */
  minCommunitySize: number;
  /** With 2 or more, runs that many seeds and fills `stability`; 0 or 1 runs once. */
  consensusRuns: number;
}

export const DETECT_DEFAULTS: DetectOptions = {
  algorithm: "leiden",
  resolution: 1,
  seed: LEIDEN_DEFAULTS.seed,
  theta: LEIDEN_DEFAULTS.theta,
  iterations: LEIDEN_DEFAULTS.iterations,
  quality: LEIDEN_DEFAULTS.quality,
  minCommunitySize: 1,
  consensusRuns: 0,
};

export function resolveDetectOptions(options: Partial<DetectOptions> = {}): DetectOptions {
  const o: DetectOptions = { ...DETECT_DEFAULTS };
  for (const [key, value] of Object.entries(options)) if (value !== undefined) (o as unknown as Record<string, unknown>)[key] = value;
  const problems: string[] = [];
  if (!(ALGORITHMS as readonly string[]).includes(o.algorithm)) problems.push(`algorithm must be one of ${ALGORITHMS.join(", ")}, got ${String(o.algorithm)}`);
  if (!(Number.isFinite(o.resolution) && o.resolution > 0)) problems.push(`resolution must be a number > 0, got ${o.resolution}`);
  if (!Number.isInteger(o.seed)) problems.push(`seed must be an integer, got ${o.seed}`);
  if (!(Number.isInteger(o.minCommunitySize) && o.minCommunitySize >= 1)) problems.push(`minCommunitySize must be an integer >= 1, got ${o.minCommunitySize}`);
  if (!(Number.isInteger(o.consensusRuns) && o.consensusRuns >= 0)) problems.push(`consensusRuns must be an integer >= 0, got ${o.consensusRuns}`);
  if (problems.length > 0) throw new ConfigError(`communities: invalid options: ${problems.join("; ")}`, problems);
  return o;
}

/**
 * Detects communities: one run, or a consensus over `consensusRuns` seeds (the first run's partition, with
 * stability), then the min-size cut. Deterministic for a given seed.
 */
export function detectCommunities(graph: CsrGraph, options: Partial<DetectOptions> = {}): Partition {
  const o = resolveDetectOptions(options);
  const partition = o.consensusRuns >= 2 ? consensus(graph, o, o.consensusRuns) : detectOnce(graph, o, o.seed);
  return o.minCommunitySize > 1 ? applyMinCommunitySize(graph, partition, o.minCommunitySize) : partition;
}

function detectOnce(graph: CsrGraph, o: DetectOptions, seed: number): Partition {
  const rng = createRng(seed);
  let raw: Int32Array;
  switch (o.algorithm) {
    case "leiden":
      raw = leiden(graph, { resolution: o.resolution, theta: o.theta, iterations: o.iterations, quality: o.quality, rng }).membership;
      break;
    case "louvain":
      raw = louvain(graph, { resolution: o.resolution, rng }).membership;
      break;
    case "label-propagation":
      raw = labelPropagation(graph, { rng }).membership;
      break;
  }
  const { membership, count } = renumberBySize(raw);
  return {
    membership,
    count,
    modularity: modularity(graph, membership, o.resolution),
    algorithm: o.algorithm,
    seed,
    resolution: o.resolution,
    stability: null,
  };
}

/**
 * Runs `runs` seeds (seed, seed+1, …) and returns the first run's partition with, per community, the average
 * over the other runs of the share of its member pairs that end in one community. Computed from cluster
 * counts (Σ_k C(n_k,2) / C(n,2)), never over pairs. Communities of one member have stability 1.
 */
export function consensus(graph: CsrGraph, options: Partial<DetectOptions>, runs: number): Partition {
  const o = resolveDetectOptions(options);
  if (!(Number.isInteger(runs) && runs >= 1)) throw new ConfigError(`communities: consensus runs must be an integer >= 1, got ${runs}`);
  const reference = detectOnce(graph, o, o.seed);
  const together = new Float64Array(reference.count);
  for (let r = 1; r < runs; r++) {
    const other = detectOnce(graph, o, o.seed + r).membership;
    const shares = pairsKeptTogether(reference.membership, reference.count, other);
    for (let c = 0; c < reference.count; c++) together[c] += shares[c];
  }
  const stability = new Float64Array(reference.count);
  for (let c = 0; c < reference.count; c++) stability[c] = runs > 1 ? together[c] / (runs - 1) : 1;
  return { ...reference, stability };
}

/** Per community of `reference`: the share of its member pairs that `other` also puts in one community. */
function pairsKeptTogether(reference: Int32Array, count: number, other: Int32Array): Float64Array {
  const n = reference.length;
  const start = new Int32Array(count + 1);
  for (let v = 0; v < n; v++) if (reference[v] >= 0) start[reference[v] + 1]++;
  for (let c = 0; c < count; c++) start[c + 1] += start[c];
  const members = new Int32Array(start[count]);
  const cursor = start.slice(0, count);
  for (let v = 0; v < n; v++) if (reference[v] >= 0) members[cursor[reference[v]]++] = v;
  let maxOther = 0;
  for (let v = 0; v < n; v++) if (other[v] > maxOther) maxOther = other[v];
  const tally = new Int32Array(maxOther + 1);
  const shares = new Float64Array(count);
  for (let c = 0; c < count; c++) {
    const size = start[c + 1] - start[c];
    if (size < 2) {
      shares[c] = 1;
      continue;
    }
    let pairs = 0;
    // Unassigned members of `other` are alone, so they pair with nobody.
    for (let j = start[c]; j < start[c + 1]; j++) {
      const k = other[members[j]];
      if (k >= 0) pairs += tally[k]++;
    }
    for (let j = start[c]; j < start[c + 1]; j++) if (other[members[j]] >= 0) tally[other[members[j]]] = 0;
    shares[c] = pairs / ((size * (size - 1)) / 2);
  }
  return shares;
}

/**
 * Marks members of communities smaller than `minSize` as unassigned (-1) instead of merging them anywhere;
 * the rest keep their order (0..count-1 by decreasing size). Modularity is recomputed with the unassigned
 * nodes counted as singletons.
 */
export function applyMinCommunitySize(graph: CsrGraph, partition: Partition, minSize: number): Partition {
  if (!(Number.isInteger(minSize) && minSize >= 1)) throw new ConfigError(`communities: min community size must be an integer >= 1, got ${minSize}`);
  const renumbered = renumberBySize(partition.membership);
  let kept = 0;
  while (kept < renumbered.count && renumbered.sizes[kept] >= minSize) kept++;
  const membership = renumbered.membership;
  for (let v = 0; v < membership.length; v++) if (membership[v] >= kept) membership[v] = UNASSIGNED;
  let stability: Float64Array | null = null;
  if (partition.stability !== null) {
    // Map each kept community back to its old id to carry its stability.
    stability = new Float64Array(kept);
    for (let v = 0; v < membership.length; v++) if (membership[v] >= 0) stability[membership[v]] = partition.stability[partition.membership[v]];
  }
  return { ...partition, membership, count: kept, modularity: modularity(graph, membership, partition.resolution), stability };
}

/** True when the members of every community induce a connected subgraph. Unassigned nodes are ignored. */
export function isEachCommunityConnected(graph: CsrGraph, membership: ArrayLike<number>): boolean {
  return splitDisconnectedCommunities(graph, membership).count === renumberByFirstOccurrence(membership).count;
}
