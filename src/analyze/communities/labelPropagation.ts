/**
 * Weighted asynchronous label propagation (Raghavan, Albert, Kumara 2007, "Near linear time algorithm to
 * detect community structures in large-scale networks", Phys. Rev. E 76, 036106): in a random order each
 * sweep, every node takes the label with the largest total edge weight among its neighbours (ties broken at
 * random, keeping its own label when it is among the best), until a sweep changes nothing.
 */
import { ConfigError, type Rng, createRng, shuffleInPlace } from "../../core/index.js";
import type { CsrGraph } from "../graph/CsrGraph.js";
import { renumberByFirstOccurrence } from "./membership.js";

export interface LabelPropagationOptions {
  /** Upper bound on sweeps; propagation usually settles in a few dozen. */
  maxSweeps: number;
  rng: Rng;
}

export const LABEL_PROPAGATION_DEFAULTS = { maxSweeps: 100, seed: 42 };

export function resolveLabelPropagationOptions(options: Partial<LabelPropagationOptions> = {}): LabelPropagationOptions {
  const maxSweeps = options.maxSweeps ?? LABEL_PROPAGATION_DEFAULTS.maxSweeps;
  if (!(Number.isInteger(maxSweeps) && maxSweeps >= 1)) {
    throw new ConfigError(`label-propagation: maxSweeps must be a positive integer, got ${maxSweeps}`, [`maxSweeps: ${maxSweeps}`]);
  }
  return { maxSweeps, rng: options.rng ?? createRng(LABEL_PROPAGATION_DEFAULTS.seed) };
}

export function labelPropagation(
  graph: CsrGraph,
  options: Partial<LabelPropagationOptions> = {},
): { membership: Int32Array; count: number; sweeps: number } {
  const o = resolveLabelPropagationOptions(options);
  const { n, offsets, targets, weights } = graph;
  const labels = Int32Array.from({ length: n }, (_, v) => v);
  const labelWeight = new Float64Array(n);
  const stamp = new Int32Array(n);
  const touched = new Int32Array(n);
  const order = Int32Array.from({ length: n }, (_, v) => v);
  let token = 0;
  let sweeps = 0;
  while (sweeps < o.maxSweeps) {
    sweeps++;
    shuffleInPlace(order, o.rng);
    let changed = 0;
    for (let k = 0; k < n; k++) {
      const v = order[k];
      if (offsets[v] === offsets[v + 1]) continue;
      token++;
      let count = 0;
      for (let i = offsets[v]; i < offsets[v + 1]; i++) {
        const l = labels[targets[i]];
        if (stamp[l] !== token) {
          stamp[l] = token;
          labelWeight[l] = 0;
          touched[count++] = l;
        }
        labelWeight[l] += weights[i];
      }
      let best = -Infinity;
      for (let j = 0; j < count; j++) if (labelWeight[touched[j]] > best) best = labelWeight[touched[j]];
      const own = labels[v];
      if (stamp[own] === token && labelWeight[own] === best) continue;
      // Reservoir choice among the tied best labels.
      let chosen = -1;
      let ties = 0;
      for (let j = 0; j < count; j++) {
        if (labelWeight[touched[j]] === best && o.rng() * ++ties < 1) chosen = touched[j];
      }
      labels[v] = chosen;
      changed++;
    }
    if (changed === 0) break;
  }
  return { ...renumberByFirstOccurrence(labels), sweeps };
}
