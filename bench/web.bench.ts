/**
 * Web map in headless chromium (SwiftShader WebGL, no GPU), served by the real server from a temp lake:
 * open time (navigation to first frame), search latency (keystroke to suggestions), selecting a channel
 * (panel + highlight) and hiding a community, on twitchoverlap 2022-01 (1,682 channels, 14,214 edges) and
 * a planted graph of 5,000 channels and ~100,000 edges. Layouts are short (positions do not change the cost).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { writeRun } from "../src/analyze/index.js";
import type { RunResult } from "../src/core/index.js";
import { LocalLakeStore } from "../src/lake/index.js";
import { computeLayout, toWebBundle } from "../src/render/index.js";
import { ensureWebApp, startAtlasServer } from "../src/web/index.js";
import { HAS_CHROMIUM, launchChromium } from "../test/support/browser.js";
import { loadTwitchOverlapRun, plantedRun } from "../test/support/renderRuns.js";
import { figure, peakRssMb, report, round } from "./lib.js";

interface Hook {
  openMs: number | null;
  lastSearchMs(): number | null;
}
declare const window: { __atlas: Hook };

if (!HAS_CHROMIUM) {
  console.error("web bench: no chromium at /usr/bin/chromium");
  process.exit(1);
}

const dir = await mkdtemp(path.join(tmpdir(), "web-bench-"));
const lake = new LocalLakeStore(path.join(dir, "lake"));
const build = await figure("web/build-app", "app", () => ensureWebApp({ cacheRoot: path.join(dir, "cache") }));
report({ ...build.figure, extra: { built: build.result.built } });
const browser = await launchChromium();

async function benchRun(run: RunResult, size: string, searches: string[]): Promise<void> {
  const layout = computeLayout(run, { seed: 1, iterations: 30 });
  const bundle = JSON.stringify(toWebBundle(run, layout));
  await writeRun(lake, run, { "web.json": bundle });
  const server = await startAtlasServer(lake, { port: 0, appDir: build.result.dir });
  try {
    for (let k = 0; k < 3; k++) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(`${server.url}#run=${run.summary.runId}`);
      await page.waitForSelector(`body[data-ready="${run.summary.runId}"]`, { timeout: 60_000 });
      const openMs = (await page.evaluate(() => window.__atlas.openMs))!;
      report({ name: "web/open", size, seconds: round(openMs / 1000, 3), peakRssMb: peakRssMb(), extra: { attempt: k, nodes: run.nodes.length, edges: run.edges.length, bundleBytes: bundle.length } });
      if (k < 2) {
        await page.close();
        continue;
      }
      const latencies: number[] = [];
      for (const query of searches) {
        await page.fill("#search-input", "");
        await page.focus("#search-input");
        await page.keyboard.type(query);
        latencies.push((await page.evaluate(() => window.__atlas.lastSearchMs()))!);
      }
      report({ name: "web/search", size, seconds: round(Math.max(...latencies) / 1000, 4), peakRssMb: peakRssMb(), extra: { worstMs: round(Math.max(...latencies), 1), queries: searches } });
      const select = await page.evaluate(async () => {
        const t0 = performance.now();
        document.querySelector<HTMLInputElement>("#search-input")!.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        return performance.now() - t0;
      });
      report({ name: "web/select-channel", size, seconds: round(select / 1000, 3), peakRssMb: peakRssMb(), extra: { note: "Enter to panel and highlighted frame" } });
      const hide = await page.evaluate(async () => {
        const box = document.querySelector<HTMLInputElement>("#community-list input")!;
        const t0 = performance.now();
        box.click();
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        return performance.now() - t0;
      });
      report({ name: "web/hide-community", size, seconds: round(hide / 1000, 3), peakRssMb: peakRssMb() });
      await page.close();
    }
  } finally {
    await server.close();
  }
}

await benchRun(loadTwitchOverlapRun("2022-01"), "twitchoverlap-2022-01", ["x", "xq", "xqc", "ibai", "a"]);
await benchRun(plantedRun(5000, 25, 40), "planted-5000ch-100kedges", ["c", "ch1", "channel42", "9"]);
await browser.close();
await rm(dir, { recursive: true, force: true });
