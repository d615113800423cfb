/**
 * Normalised mutual information between two clusterings, arithmetic-mean normalisation:
 * NMI = 2 I(A;B) / (H(A) + H(B)) (Danon et al. 2005; sklearn's default, igraph's "nmi", and
 * /work/shared/peers/bench_common.py). 1 when both clusterings are trivial. Labels are any integers.
 */
import { InputError, UNASSIGNED } from "../../core/index.js";

export function nmi(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (n !== b.length) throw new InputError(`nmi: clusterings differ in length (${n} vs ${b.length})`);
  if (n === 0) return 1;
  const da = denseLabels(a);
  const db = denseLabels(b);
  const countA = new Float64Array(da.count);
  const countB = new Float64Array(db.count);
  // NOTE: the contingency table is sparse; a map over (a, b) pairs keeps it O(n).
  const joint = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    countA[da.labels[i]]++;
    countB[db.labels[i]]++;
    const key = da.labels[i] * db.count + db.labels[i];
    joint.set(key, (joint.get(key) ?? 0) + 1);
  }
  let mi = 0;
  for (const [key, c] of joint) {
    const pa = countA[Math.floor(key / db.count)] / n;
    const pb = countB[key % db.count] / n;
    const pab = c / n;
    mi += pab * Math.log(pab / (pa * pb));
  }
  const ha = entropy(countA, n);
  const hb = entropy(countB, n);
  if (ha + hb === 0) return 1;
  return (2 * mi) / (ha + hb);
}

/** A membership with every UNASSIGNED channel made its own singleton cluster (how the peer scores channels left out). */
export function unassignedAsSingletons(membership: ArrayLike<number>): Int32Array {
  const out = Int32Array.from(membership);
  let next = 0;
  for (let i = 0; i < out.length; i++) if (out[i] >= next) next = out[i] + 1;
  for (let i = 0; i < out.length; i++) if (out[i] === UNASSIGNED) out[i] = next++;
  return out;
}

function denseLabels(x: ArrayLike<number>): { labels: Int32Array; count: number } {
  const ids = new Map<number, number>();
  const labels = new Int32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    let id = ids.get(x[i]);
    if (id === undefined) {
      id = ids.size;
      ids.set(x[i], id);
    }
    labels[i] = id;
  }
  return { labels, count: ids.size };
}

function entropy(counts: Float64Array, n: number): number {
  let h = 0;
  for (let k = 0; k < counts.length; k++) {
    if (counts[k] > 0) {
      const p = counts[k] / n;
      h -= p * Math.log(p);
    }
  }
  return h;
}
