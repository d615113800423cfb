import { describe, expect, it } from "vitest";
import { InputError } from "../core/index.js";
import { smallRun } from "../../test/support/renderRuns.js";
import { computeLayout } from "./layout.js";
import { pngSize, renderPng } from "./png.js";
import { renderSvg } from "./svg.js";

describe("renderPng", () => {
  const run = smallRun();
  const svg = renderSvg(run, computeLayout(run, { iterations: 20 }), { imagePx: 600 });

  it("renders the SVG at its own size or at a requested width", () => {
    expect(pngSize(renderPng(svg))).toEqual({ width: 600, height: 600 });
    const scaled = renderPng(svg, { width: 300 });
    expect(pngSize(scaled)).toEqual({ width: 300, height: 300 });
  });

  it("fails with a clear error on a document that is not SVG", () => {
    expect(() => renderPng("<svg><unclosed></svg>")).toThrow(InputError);
    expect(() => pngSize(new Uint8Array(30))).toThrow(/not a PNG/);
  });
});
