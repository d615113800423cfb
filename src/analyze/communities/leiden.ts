/**
 * Leiden community detection over CSR typed arrays.
 *
 * V. A. Traag, L. Waltman, N. J. van Eck (2019), "From Louvain to Leiden: guaranteeing well-connected
 * communities", Scientific Reports 9, 5233. https://doi.org/10.1038/s41598-019-41695-z
 *
 * Each pass: fast local moving with a queue (Algorithm A.2), refinement by randomised merges of singletons into
 * well-connected clusters within each community (A.3, randomness θ), aggregation on the refined partition with
 * the non-refined one as the start of the next level. Passes repeat until the partition stops changing
 * (`iterations: -1`, like leidenalg's n_iterations=-1), each pass starting from the last result.
 * Quality is modularity with resolution γ, or the Constant Potts Model (CPM).
 */
import { ConfigError, type Rng, createRng, shuffleInPlace } from "../../core/index.js";
import type { CsrGraph } from "../graph/CsrGraph.js";
import { strengths } from "../graph/CsrGraph.js";
import { type LevelGraph, type Scratch, aggregate, createScratch, nextToken } from "./leidenLevel.js";
import { renumberByFirstOccurrence, splitDisconnectedCommunities } from "./membership.js";

export type LeidenQuality = "modularity" | "cpm";

export interface LeidenOptions {
  /** γ: higher gives more, smaller communities. */
  resolution: number;
  quality: LeidenQuality;
  /** Randomness of the refinement merges (θ in the paper), in units of the mean edge weight; smaller is greedier. */
  theta: number;
  /** Number of whole passes; -1 repeats until the partition no longer changes. */
  iterations: number;
  rng: Rng;
  /** Start from this partition instead of singletons. */
  initialMembership: ArrayLike<number> | null;
}

export const LEIDEN_DEFAULTS = {
  resolution: 1,
  quality: "modularity" as LeidenQuality,
  theta: 0.01,
  iterations: -1,
  seed: 42,
};

/** With `iterations: -1`, a safety cap; quality rises strictly with every change, so real runs stop far earlier. */
const MAX_PASSES_UNTIL_STABLE = 500;

export interface LeidenResult {
  /** Community per node, numbered 0..count-1 by first occurrence. */
  membership: Int32Array;
  count: number;
  /** Passes run. */
  passes: number;
}

export function resolveLeidenOptions(options: Partial<LeidenOptions> = {}): LeidenOptions {
  const resolved: LeidenOptions = {
    resolution: options.resolution ?? LEIDEN_DEFAULTS.resolution,
    quality: options.quality ?? LEIDEN_DEFAULTS.quality,
    theta: options.theta ?? LEIDEN_DEFAULTS.theta,
    iterations: options.iterations ?? LEIDEN_DEFAULTS.iterations,
    rng: options.rng ?? createRng(LEIDEN_DEFAULTS.seed),
    initialMembership: options.initialMembership ?? null,
  };
  const problems: string[] = [];
  if (!(Number.isFinite(resolved.resolution) && resolved.resolution >= 0)) problems.push(`resolution must be a number >= 0, got ${resolved.resolution}`);
  if (resolved.quality !== "modularity" && resolved.quality !== "cpm") problems.push(`quality must be "modularity" or "cpm", got ${String(resolved.quality)}`);
  if (!(Number.isFinite(resolved.theta) && resolved.theta > 0)) problems.push(`theta must be a number > 0, got ${resolved.theta}`);
  if (!(Number.isInteger(resolved.iterations) && (resolved.iterations === -1 || resolved.iterations >= 1))) {
    problems.push(`iterations must be -1 or a positive integer, got ${resolved.iterations}`);
  }
  if (problems.length > 0) throw new ConfigError(`leiden: invalid options: ${problems.join("; ")}`, problems);
  return resolved;
}

interface Context {
  /** Penalty factor: the move gain of node v to cluster C is w(v,C) − penalty · a_v · A_C. */
  penalty: number;
  /** Total node weight, for the tolerance scale. */
  totalNodeWeight: number;
  theta: number;
  /** Converts a raw gain to θ's units. */
  thetaScale: number;
  rng: Rng;
  scratch: Scratch;
}

/** Runs Leiden on `graph` and returns its partition. Deterministic for a given `rng` seed. */
export function leiden(graph: CsrGraph, options: Partial<LeidenOptions> = {}): LeidenResult {
  const o = resolveLeidenOptions(options);
  const n = graph.n;
  const nodeWeight = o.quality === "modularity" ? strengths(graph) : new Float64Array(n).fill(1);
  const twoM = graph.weights.reduce((sum, w) => sum + w, 0);
  let membership: Int32Array = initialMembership(n, o.initialMembership);
  if (n === 0 || twoM <= 0) return { ...splitDisconnectedCommunities(graph, membership), passes: 0 };
  let totalNodeWeight = 0;
  for (let v = 0; v < n; v++) totalNodeWeight += nodeWeight[v];
  const context: Context = {
    penalty: o.quality === "modularity" ? o.resolution / twoM : o.resolution,
    totalNodeWeight,
    theta: o.theta,
    // NOTE: gains are measured in mean edge weights, so θ means on a weighted graph what it means (as in the
    // authors' reference code) on an unweighted one, whatever the unit of the weights.
    thetaScale: graph.weights.length / twoM,
    rng: o.rng,
    scratch: createScratch(n),
  };
  const base: LevelGraph = { n, offsets: graph.offsets, targets: graph.targets, weights: graph.weights, nodeWeight };
  const maxPasses = o.iterations === -1 ? MAX_PASSES_UNTIL_STABLE : o.iterations;
  let passes = 0;
  while (passes < maxPasses) {
    const next = renumberByFirstOccurrence(runPass(base, membership, context)).membership;
    passes++;
    const stable = isSameArray(next, membership);
    membership = next;
    if (stable) break;
  }
  // NOTE: the refinement already keeps communities connected; this cheap check makes it a guarantee.
  const parts = splitDisconnectedCommunities(graph, membership);
  return { membership: parts.membership, count: parts.count, passes };
}

function initialMembership(n: number, given: ArrayLike<number> | null): Int32Array {
  if (given === null) return Int32Array.from({ length: n }, (_, v) => v);
  if (given.length !== n) throw new ConfigError(`leiden: initialMembership has ${given.length} entries for ${n} nodes`);
  for (let v = 0; v < n; v++) {
    if (!Number.isInteger(given[v]) || given[v] < 0) throw new ConfigError(`leiden: initialMembership[${v}] must be a community id >= 0, got ${given[v]}`);
  }
  return renumberByFirstOccurrence(given).membership;
}

/** One pass of Algorithm A.1: move, refine, aggregate, until every community is one node or nothing merges. */
function runPass(base: LevelGraph, start: Int32Array, context: Context): Int32Array {
  let level = base;
  let communities: Int32Array = Int32Array.from(start);
  const nodeToLevel = Int32Array.from({ length: base.n }, (_, v) => v);
  for (;;) {
    moveNodesFast(level, communities, context);
    const renumbered = renumberByFirstOccurrence(communities);
    communities = renumbered.membership;
    if (renumbered.count === level.n) break;
    const refined = refinePartition(level, communities, context);
    const { graph: coarse, clusterOf } = aggregate(level, refined, context.scratch);
    // NOTE: when refinement merged nothing, another level would be the same graph again.
    if (coarse.n === level.n) break;
    const coarseCommunities = new Int32Array(coarse.n);
    for (let v = 0; v < level.n; v++) coarseCommunities[clusterOf[v]] = communities[v];
    for (let v = 0; v < base.n; v++) nodeToLevel[v] = clusterOf[nodeToLevel[v]];
    level = coarse;
    communities = coarseCommunities;
  }
  const flat = new Int32Array(base.n);
  for (let v = 0; v < base.n; v++) flat[v] = communities[nodeToLevel[v]];
  return flat;
}

/** Fast local moving (A.2): visit nodes from a queue, move each to its best neighbouring (or an empty) community. */
function moveNodesFast(g: LevelGraph, membership: Int32Array, context: Context): void {
  const { n, offsets, targets, weights, nodeWeight } = g;
  const s = context.scratch;
  const { commWeight, commCount, emptyStack, queue, inQueue, neighbourWeight, stamp, touched } = s;
  commWeight.fill(0, 0, n);
  commCount.fill(0, 0, n);
  for (let v = 0; v < n; v++) {
    commWeight[membership[v]] += nodeWeight[v];
    commCount[membership[v]]++;
  }
  let emptyTop = 0;
  for (let c = n - 1; c >= 0; c--) if (commCount[c] === 0) emptyStack[emptyTop++] = c;
  for (let v = 0; v < n; v++) queue[v] = v;
  shuffleInPlace(queue.subarray(0, n), context.rng);
  inQueue.fill(1, 0, n);
  let head = 0;
  let size = n;
  while (size > 0) {
    const v = queue[head];
    head = head + 1 === n ? 0 : head + 1;
    size--;
    inQueue[v] = 0;
    const own = membership[v];
    const a = nodeWeight[v];
    const token = nextToken(s);
    let count = 0;
    let rowWeight = 0;
    for (let i = offsets[v]; i < offsets[v + 1]; i++) {
      const c = membership[targets[i]];
      if (stamp[c] !== token) {
        stamp[c] = token;
        neighbourWeight[c] = 0;
        touched[count++] = c;
      }
      neighbourWeight[c] += weights[i];
      rowWeight += weights[i];
    }
    commWeight[own] -= a;
    const tolerance = 1e-12 * (rowWeight + context.penalty * a * context.totalNodeWeight);
    let best = own;
    let bestGain = (stamp[own] === token ? neighbourWeight[own] : 0) - context.penalty * a * commWeight[own];
    const stayGain = bestGain;
    for (let k = 0; k < count; k++) {
      const c = touched[k];
      if (c === own) continue;
      const gain = neighbourWeight[c] - context.penalty * a * commWeight[c];
      if (gain > bestGain) {
        best = c;
        bestGain = gain;
      }
    }
    // An empty community gains 0; it is only worth it when v is not alone already.
    if (bestGain < 0 && commCount[own] > 1 && emptyTop > 0) {
      best = emptyStack[emptyTop - 1];
      bestGain = 0;
    }
    if (best === own || bestGain - stayGain <= tolerance) {
      commWeight[own] += a;
      continue;
    }
    if (commCount[best] === 0) emptyTop--;
    commWeight[best] += a;
    commCount[best]++;
    commCount[own]--;
    if (commCount[own] === 0) emptyStack[emptyTop++] = own;
    membership[v] = best;
    for (let i = offsets[v]; i < offsets[v + 1]; i++) {
      const u = targets[i];
      if (inQueue[u] === 0 && membership[u] !== best) {
        inQueue[u] = 1;
        const tail = head + size < n ? head + size : head + size - n;
        queue[tail] = u;
        size++;
      }
    }
  }
}

/**
 * Refinement (A.3): inside each community, well-connected singletons merge into well-connected clusters,
 * each chosen with probability ∝ exp(ΔQ / θ) among non-negative gains. Returns cluster ids (node ids).
 */
function refinePartition(g: LevelGraph, communities: Int32Array, context: Context): Int32Array {
  const { n, offsets, targets, weights, nodeWeight } = g;
  const s = context.scratch;
  const { neighbourWeight, stamp, touched, candidateCum } = s;
  const refined = Int32Array.from({ length: n }, (_, v) => v);
  const clusterWeight = Float64Array.from(nodeWeight);
  const clusterCount = new Int32Array(n).fill(1);
  // external[C] = weight from cluster C to the rest of its community.
  const external = new Float64Array(n);
  const communityWeight = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    const c = communities[v];
    communityWeight[c] += nodeWeight[v];
    for (let i = offsets[v]; i < offsets[v + 1]; i++) if (communities[targets[i]] === c) external[v] += weights[i];
  }
  const order = Int32Array.from({ length: n }, (_, v) => v);
  shuffleInPlace(order, context.rng);
  for (let k = 0; k < n; k++) {
    const v = order[k];
    if (clusterCount[v] !== 1 || refined[v] !== v) continue;
    const c = communities[v];
    const a = nodeWeight[v];
    const ownExternal = external[v];
    const totalS = communityWeight[c];
    if (ownExternal < context.penalty * a * (totalS - a)) continue;
    const token = nextToken(s);
    let count = 0;
    for (let i = offsets[v]; i < offsets[v + 1]; i++) {
      const t = targets[i];
      if (communities[t] !== c) continue;
      const r = refined[t];
      if (stamp[r] !== token) {
        stamp[r] = token;
        neighbourWeight[r] = 0;
        touched[count++] = r;
      }
      neighbourWeight[r] += weights[i];
    }
    // Candidates: staying alone (gain 0) and every well-connected neighbouring cluster with gain >= 0.
    let candidates = 0;
    let maxGain = 0;
    for (let j = 0; j < count; j++) {
      const r = touched[j];
      const wr = clusterWeight[r];
      const gain = neighbourWeight[r] - context.penalty * a * wr;
      if (gain < 0 || external[r] < context.penalty * wr * (totalS - wr)) continue;
      touched[candidates++] = r;
      if (gain > maxGain) maxGain = gain;
    }
    if (candidates === 0) continue;
    const scale = context.thetaScale / context.theta;
    let cumulative = Math.exp(-maxGain * scale);
    const stayWeight = cumulative;
    for (let j = 0; j < candidates; j++) {
      const r = touched[j];
      cumulative += Math.exp((neighbourWeight[r] - context.penalty * a * clusterWeight[r] - maxGain) * scale);
      candidateCum[j] = cumulative;
    }
    const draw = context.rng() * cumulative;
    if (draw < stayWeight) continue;
    let chosen = touched[candidates - 1];
    for (let j = 0; j < candidates; j++) {
      if (draw < candidateCum[j]) {
        chosen = touched[j];
        break;
      }
    }
    refined[v] = chosen;
    clusterCount[v] = 0;
    clusterCount[chosen]++;
    clusterWeight[chosen] += a;
    external[chosen] += ownExternal - 2 * neighbourWeight[chosen];
  }
  return refined;
}


function isSameArray(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
