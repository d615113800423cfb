/**
 * Render stage: ForceAtlas2 layout (default settings, 500 iterations, Barnes-Hut above 500 nodes), SVG and PNG
 * (4,000 px) on synthetic planted graphs of 1,000 and 5,000 channels (~20 edges per channel, 25 communities)
 * and on the real twitchoverlap 2022-01 graph (1,682 channels, 14,214 edges, Louvain communities).
 */
import type { RunResult } from "../src/core/index.js";
import { computeLayout, renderPng, renderSvg, toWebBundle } from "../src/render/index.js";
import { loadTwitchOverlapRun, plantedRun } from "../test/support/renderRuns.js";
import { figure, report } from "./lib.js";

async function benchRun(run: RunResult, size: string): Promise<void> {
  const layout = await figure("render/layout", size, () => computeLayout(run, { seed: 1 }));
  report({ ...layout.figure, throughput: { value: (run.nodes.length * layout.result.iterations) / layout.figure.seconds, unit: "node-iterations/s" }, extra: { iterations: layout.result.iterations, edges: run.edges.length } });
  const svg = await figure("render/svg", size, () => renderSvg(run, layout.result, { imagePx: 4000 }));
  report({ ...svg.figure, extra: { svgBytes: svg.result.length } });
  const png = await figure("render/png-4000px", size, () => renderPng(svg.result));
  report({ ...png.figure, extra: { pngBytes: png.result.length } });
  const bundle = await figure("render/web-bundle", size, () => JSON.stringify(toWebBundle(run, layout.result)));
  report({ ...bundle.figure, extra: { bundleBytes: bundle.result.length } });
}

await benchRun(plantedRun(1000, 25, 20), "planted-1000ch-10kedges");
await benchRun(plantedRun(5000, 25, 20), "planted-5000ch-50kedges");
await benchRun(loadTwitchOverlapRun("2022-01"), "twitchoverlap-2022-01");
