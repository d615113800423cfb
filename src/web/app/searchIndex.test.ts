import { describe, expect, it } from "vitest";
import type { BundleNode } from "./bundleTypes.js";
import { buildSearchIndex, searchChannels } from "./searchIndex.js";

const node = (id: string, label: string, size: number): BundleNode => [id, label, 0, size, 0, 0, null, null];
const NODES = [node("xqcow", "xQcOW", 100), node("sodapoppin", "sodapoppin", 50), node("maxqc", "MaxQC", 10), node("xqcbot", "XQC Bot", 300), node("qcxq", "QcXq", 5)];

describe("searchChannels", () => {
  const index = buildSearchIndex(NODES);

  it("puts prefix matches of login or display name first, then substring matches, each by audience", () => {
    expect(searchChannels(index, "xqc").map((i) => NODES[i][0])).toEqual(["xqcbot", "xqcow", "maxqc"]);
    expect(searchChannels(index, "  QC ").map((i) => NODES[i][0])).toEqual(["qcxq", "xqcbot", "xqcow", "maxqc"]);
  });

  it("finds display names, ignores case, and stops at the limit", () => {
    expect(searchChannels(index, "xqc b").map((i) => NODES[i][0])).toEqual(["xqcbot"]);
    expect(searchChannels(index, "o", 2)).toHaveLength(2);
    expect(searchChannels(index, "")).toEqual([]);
    expect(searchChannels(index, "zzz")).toEqual([]);
  });
});
