/**
 * Weighted modularity with a resolution parameter (Newman 2006; Reichardt & Bornholdt 2006):
 * Q = Σ_c [ in_c / 2m − γ (K_c / 2m)² ], where in_c counts each internal edge twice and K_c is the community's
 * total strength. Nodes marked unassigned (-1) count as singletons: they add only their −γ (k/2m)² term.
 */
import { InputError } from "../../core/index.js";
import type { CsrGraph } from "../graph/CsrGraph.js";

export function modularity(graph: CsrGraph, membership: ArrayLike<number>, resolution = 1): number {
  const { n, offsets, targets, weights } = graph;
  if (membership.length !== n) {
    throw new InputError(`communities: membership has ${membership.length} entries for a graph of ${n} nodes`);
  }
  let maxId = -1;
  for (let u = 0; u < n; u++) if (membership[u] > maxId) maxId = membership[u];
  const internal = new Float64Array(maxId + 1);
  const total = new Float64Array(maxId + 1);
  let twoM = 0;
  let singletonSquares = 0;
  for (let u = 0; u < n; u++) {
    const c = membership[u];
    let strength = 0;
    for (let i = offsets[u]; i < offsets[u + 1]; i++) {
      const w = weights[i];
      strength += w;
      if (c >= 0 && membership[targets[i]] === c) internal[c] += w;
    }
    twoM += strength;
    if (c >= 0) total[c] += strength;
    else singletonSquares += strength * strength;
  }
  if (twoM === 0) return 0;
  let q = 0;
  for (let c = 0; c <= maxId; c++) q += internal[c] / twoM - resolution * (total[c] / twoM) ** 2;
  return q - resolution * (singletonSquares / (twoM * twoM));
}
