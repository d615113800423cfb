/**
 * Dense indices for 64-bit user keys, held as two int32 halves in an open-addressing table: one Int32Array of
 * (high, low, index) triples, so a probe touches one cache line. A million users cost 24 MB, not a million
 * map entries or BigInts.
 */
export class UserKeyIndex {
  private table: Int32Array;
  private mask: number;
  private shift: number;
  size = 0;

  constructor(expected = 1024) {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    this.table = new Int32Array(capacity * 3).fill(-1);
    this.mask = capacity - 1;
    this.shift = 32 - Math.log2(capacity);
  }

  /** The key's index, adding it (as the next index) when new. */
  intern(hi: number, lo: number): number {
    const t = this.table;
    let s = this.start(hi, lo);
    for (;;) {
      const at = s * 3;
      const v = t[at + 2];
      if (v < 0) break;
      if (t[at] === hi && t[at + 1] === lo) return v;
      s = (s + 1) & this.mask;
    }
    if ((this.size + 1) * 2 > this.mask + 1) {
      this.grow();
      return this.intern(hi, lo);
    }
    t[s * 3] = hi;
    t[s * 3 + 1] = lo;
    t[s * 3 + 2] = this.size;
    return this.size++;
  }

  /** The key's index, or -1. */
  find(hi: number, lo: number): number {
    const t = this.table;
    let s = this.start(hi, lo);
    for (;;) {
      const at = s * 3;
      const v = t[at + 2];
      if (v < 0) return -1;
      if (t[at] === hi && t[at + 1] === lo) return v;
      s = (s + 1) & this.mask;
    }
  }

  private start(hi: number, lo: number): number {
    // Fibonacci hashing: the product's top bits pick the slot.
    return Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1) >>> this.shift;
  }

  private grow(): void {
    const old = this.table;
    const capacity = (this.mask + 1) * 2;
    this.table = new Int32Array(capacity * 3).fill(-1);
    this.mask = capacity - 1;
    this.shift = 32 - Math.log2(capacity);
    for (let at = 0; at < old.length; at += 3) {
      if (old[at + 2] < 0) continue;
      let s = this.start(old[at], old[at + 1]);
      while (this.table[s * 3 + 2] >= 0) s = (s + 1) & this.mask;
      this.table.set(old.subarray(at, at + 3), s * 3);
    }
  }
}
