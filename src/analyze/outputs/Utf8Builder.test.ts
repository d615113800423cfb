import { describe, expect, it } from "vitest";
import { Utf8Builder } from "./Utf8Builder.js";

describe("Utf8Builder", () => {
  it("encodes pieces across chunk and growth boundaries exactly as one string would", () => {
    const pieces: string[] = [];
    for (let i = 0; i < 40_000; i++) pieces.push(`row ${i},ü,😀,${"x".repeat(i % 7)}\n`);
    const out = new Utf8Builder(8);
    for (const p of pieces) out.push(p);
    const bytes = out.finish();
    expect(bytes.length).toBeGreaterThan(1 << 17);
    expect(Buffer.compare(Buffer.from(bytes), Buffer.from(pieces.join(""), "utf8"))).toBe(0);
  });
});
